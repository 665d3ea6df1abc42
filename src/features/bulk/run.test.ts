import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { armToken, base, subs, testEmulator, users } from "../../../emulator/test-support";
import { getPricing } from "../../lib/arm/pricings";
import { emulatedArm } from "../../lib/arm/test-support";
import type { BulkChange } from "./change";
import { cancelBulkRun, clearBulkRun, pauseBulkRun, resumeBulkRun, RUN_CONCURRENCY, startBulkRun } from "./run";
import type { SelectedSubscription } from "./selection";

const change: BulkChange = {
  action: "enable",
  components: { AIPromptEvidence: true, AIPromptSharingWithPurview: false, AIModelScanner: true },
};

/**
 * The emulator with `count` more copies of Contoso Production (AI Free, Adele its Owner), and the ARM
 * client signed in as Adele, counting the requests in flight per subscription, and noting when each
 * subscription's first request went out and when Azure answered 429.
 */
async function manySubscriptions(count: number) {
  const targets: SelectedSubscription[] = [];
  const emulator = await testEmulator({ putDurationMs: 5 }, (seed) => {
    const production = seed.subscriptions.find((subscription) => subscription.subscriptionId === subs.production);
    if (!production) throw new Error("no Contoso Production in the seed");
    for (let index = 0; index < count; index++) {
      const subscriptionId = randomUUID();
      seed.subscriptions.push({ ...structuredClone(production), subscriptionId, displayName: `Copy ${String(index)}` });
      seed.roleAssignments.push({ principalId: users.adele.oid, roleName: "Owner", scope: `/subscriptions/${subscriptionId}` });
      targets.push({ tenantId: production.tenantId, subscriptionId, name: `Copy ${String(index)}` });
    }
  });
  const inFlight = new Map<string, number>();
  const peaks = { subscriptions: 0, perSubscription: 0 };
  const writes: string[] = [];
  const firstRequests = new Map<string, number>();
  const throttledAt: number[] = [];
  const arm = emulatedArm(
    {
      fetch: async (request) => {
        const id = /\/subscriptions\/([^/]+)\//.exec(new URL(request.url).pathname)?.[1]?.toLowerCase() ?? "";
        inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
        peaks.subscriptions = Math.max(peaks.subscriptions, inFlight.size);
        peaks.perSubscription = Math.max(peaks.perSubscription, inFlight.get(id) ?? 0);
        if (request.method === "PUT") writes.push(id);
        if (!firstRequests.has(id)) firstRequests.set(id, Date.now());
        try {
          const response = await emulator.fetch(request);
          if (response.status === 429) throttledAt.push(Date.now());
          return response;
        } finally {
          const left = (inFlight.get(id) ?? 1) - 1;
          if (left) inFlight.set(id, left);
          else inFlight.delete(id);
        }
      },
    },
    { endpoint: base, mint: (tenantId) => armToken(emulator, users.adele.upn, tenantId) },
  );
  const aiOf = async (target: SelectedSubscription) => {
    const pricing = await getPricing(arm.client, target, "AI");
    return `${pricing.properties.pricingTier} ${(pricing.properties.extensions ?? []).map((extension) => `${extension.name}=${extension.isEnabled}`).join(" ")}`;
  };
  return { arm, targets, peaks, writes, aiOf, emulator, firstRequests, throttledAt };
}

const asked = "Standard AIPromptEvidence=True AIPromptSharingWithPurview=False AIModelScanner=True";

afterEach(() => clearBulkRun());

describe("startBulkRun", () => {
  it("writes every subscription as asked, a few at a time, and each subscription's requests one after another", async () => {
    const { arm, targets, peaks, aiOf } = await manySubscriptions(10);
    await startBulkRun(arm.client, "adele", targets, change);
    for (const target of targets) expect(await aiOf(target)).toBe(asked);
    expect(peaks.perSubscription).toBe(1);
    expect(peaks.subscriptions).toBeLessThanOrEqual(RUN_CONCURRENCY.max);
    expect(peaks.subscriptions, "subscriptions are written in parallel").toBeGreaterThan(1);
  });

  it("cancel starts no further subscription and finishes those under way: none is left half-written", async () => {
    const { arm, targets, writes, aiOf } = await manySubscriptions(12);
    const running = startBulkRun(arm.client, "adele", targets, change);
    // Once the first tier write is out, the first subscriptions are under way.
    await expect.poll(() => writes.length, { interval: 1 }).toBeGreaterThan(0);
    cancelBulkRun();
    await running;
    const states = await Promise.all(targets.map(aiOf));
    const untouched = states.filter((state) => state.startsWith("Free")).length;
    expect(states.filter((state) => state === asked).length + untouched).toBe(targets.length);
    expect(untouched, "the subscriptions not yet started stay as they were").toBeGreaterThanOrEqual(
      targets.length - 2 * RUN_CONCURRENCY.initial,
    );
  });

  it("after Azure throttles, starts no further subscription until Retry-After has passed, and still writes every one", async () => {
    const { arm, targets, aiOf, emulator, firstRequests, throttledAt } = await manySubscriptions(12);
    emulator.faults.add({ match: { method: "PUT" }, count: 1, fault: { kind: "status", status: 429, retryAfterSeconds: 1 } });
    await startBulkRun(arm.client, "adele", targets, change);
    for (const target of targets) expect(await aiOf(target)).toBe(asked);
    const [throttled] = throttledAt;
    if (throttled === undefined) throw new Error("no 429 was answered");
    const starts = [...firstRequests.values()];
    expect(
      starts.filter((time) => time > throttled && time < throttled + 900),
      "no subscription starts while Azure asked to wait",
    ).toEqual([]);
    expect(Math.max(...starts), "the others start once the wait is over").toBeGreaterThanOrEqual(throttled + 900);
  });

  it("pause holds the subscriptions not yet started until resumed", async () => {
    const { arm, targets, writes, aiOf } = await manySubscriptions(8);
    const running = startBulkRun(arm.client, "adele", targets, change);
    await expect.poll(() => writes.length, { interval: 1 }).toBeGreaterThan(0);
    pauseBulkRun();
    // Those under way finish; then nothing more is written while paused.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whilePaused = writes.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(writes.length).toBe(whilePaused);
    expect(new Set(writes).size).toBeLessThan(targets.length);
    resumeBulkRun();
    await running;
    for (const target of targets) expect(await aiOf(target)).toBe(asked);
  });
});
