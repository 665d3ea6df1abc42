import * as v from "valibot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { armToken, base, subs, tenants, testEmulator, users, type TestEmulator } from "../../../emulator/test-support";
import { ArmError } from "./errors";
import { listPricings, putPricing } from "./pricings";
import { resourceGraphPages } from "./resource-graph";
import { quotaResetSeconds, retryDelayMs } from "./retry";
import { emulatedArm } from "./test-support";

const notices = vi.hoisted(() => ({
  showing: [] as string[],
  shown: [] as string[],
  connectivity: [] as string[],
  throttled: [] as number[],
}));
vi.mock("./notices", () => ({
  showRetryNotice: (message: string) => {
    notices.showing.push(message);
    notices.shown.push(message);
    return () => notices.showing.splice(notices.showing.indexOf(message), 1);
  },
  reportConnectivity: (connectivity: string) => notices.connectivity.push(connectivity),
  reportThrottled: (waitMs: number) => notices.throttled.push(waitMs),
}));

const scope = { tenantId: tenants.contoso, subscriptionId: subs.production };
const pricingsPath = `/subscriptions/${subs.production}/providers/Microsoft.Security/pricings`;
const switchOn = { properties: { pricingTier: "Standard" as const } };

describe("retry delays", () => {
  it("waits as long as Retry-After says, within bounds", () => {
    expect(retryDelayMs(0, "2")).toBe(2000);
    expect(retryDelayMs(0, "3600")).toBe(30_000);
    expect(retryDelayMs(0, "0")).toBe(500);
    expect(retryDelayMs(0, new Date(10_000).toUTCString(), 5_000)).toBe(5000);
  });

  it("reads Resource Graph's quota reset time as seconds", () => {
    expect(quotaResetSeconds("00:00:04")).toBe("4");
    expect(quotaResetSeconds("01:02:03")).toBe("3723");
    expect(quotaResetSeconds("soon")).toBeUndefined();
    expect(quotaResetSeconds(undefined)).toBeUndefined();
  });

  it("backs off exponentially without Retry-After", () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, undefined))).toEqual([500, 1000, 2000, 4000]);
  });
});

describe("against the emulator", () => {
  let emu: TestEmulator;
  let arm: ReturnType<typeof emulatedArm>;
  beforeEach(async () => {
    notices.showing.length = 0;
    notices.shown.length = 0;
    notices.connectivity.length = 0;
    notices.throttled.length = 0;
    // The emulator's PUT holds its lock on a timer: none, so that a PUT needs no clock.
    emu = await testEmulator({ putDurationMs: 0 });
    arm = emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Lets the pipeline work (token signing and checks run off the event loop) until `condition` holds. */
  async function until(condition: () => boolean, timers: "hold" | "run" = "hold") {
    const deadline = Date.now() + 5000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error("the pipeline never got there");
      if (timers === "run") vi.advanceTimersToNextTimer();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** `promise`'s outcome, running the emulator's own timers (its PUT holds the write lock on one) meanwhile. */
  async function outcome<T>(promise: Promise<T>): Promise<T> {
    let done = false;
    promise.then(
      () => (done = true),
      () => (done = true),
    );
    await until(() => done, "run");
    return promise;
  }

  const fault = (match: { method: string; path: string }, status: number, count: number, retryAfterSeconds?: number) =>
    emu.faults.add({ match, count, fault: { kind: "status", status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } });
  const drop = (match: { method: string; path: string }) => emu.faults.add({ match, count: 1, fault: { kind: "drop" } });
  const aiPut = { method: "PUT", path: `${pricingsPath}/AI` };
  const pricingsGet = { method: "GET", path: pricingsPath };
  const sentTo = (method: string) => arm.sent.filter((request) => request.method === method).length;

  describe("throttling strategy", () => {
    it("sends a throttled read again once Retry-After has passed, saying so while it waits", async () => {
      fault(pricingsGet, 429, 1, 2);
      const listing = listPricings(arm.client, scope);
      await until(() => notices.showing.length > 0);
      expect(notices.showing).toEqual([
        "Azure answered SubscriptionRequestsThrottled for the Defender plans. Retrying in 2 s (attempt 2 of 4)…",
      ]);
      expect(notices.throttled, "a run over many subscriptions is told to slow down").toEqual([2000]);

      await vi.advanceTimersByTimeAsync(1999);
      expect(sentTo("GET")).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(notices.showing).toEqual([]);
      expect((await listing).length).toBeGreaterThan(0);
      expect(sentTo("GET")).toBe(2);
    });

    it("sends a write again after 503: ARM did not process it", async () => {
      fault(aiPut, 503, 1);
      const write = putPricing(arm.client, scope, "AI", switchOn);
      await until(() => notices.showing.length > 0);
      await vi.advanceTimersByTimeAsync(1000);
      expect((await outcome(write)).properties.pricingTier).toBe("Standard");
      expect(sentTo("PUT")).toBe(2);
    });

    it("gives up after three retries with ARM's error", async () => {
      fault(pricingsGet, 503, 4, 1);
      const listing = listPricings(arm.client, scope).catch((error: unknown) => error);
      for (let shown = 1; shown <= 3; shown++) {
        await until(() => notices.shown.length === shown);
        await vi.advanceTimersByTimeAsync(1000);
      }
      const error = await listing;
      expect(error).toBeInstanceOf(ArmError);
      expect(error).toMatchObject({ status: 503, code: "ServiceUnavailable" });
      expect(sentTo("GET")).toBe(4);
      expect(notices.shown.map((message) => /attempt \d of 4/.exec(message)?.[0])).toEqual([
        "attempt 2 of 4",
        "attempt 3 of 4",
        "attempt 4 of 4",
      ]);
    });
  });

  it("sends a Resource Graph query again once the user's quota resets (the service sends no Retry-After)", async () => {
    await emu.fetch(
      new Request(`${base}/__emulator/settings`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ resourceGraphQuota: 1, resourceGraphQuotaWindowSeconds: 3 }),
      }),
    );
    const query = async () => {
      const pages = resourceGraphPages(arm.client, {
        tenantId: scope.tenantId,
        query: "resourcecontainers | project id",
        row: v.looseObject({ id: v.string() }),
        operation: "the subscriptions",
        allSubscriptions: () => Promise.reject(new Error("not past Resource Graph's limit here")),
      });
      const rows: unknown[] = [];
      for await (const page of pages) rows.push(...page);
      return rows;
    };
    await query();
    const throttled = query();
    await until(() => notices.showing.length > 0);
    expect(notices.showing).toEqual(["Azure answered RateLimiting for the subscriptions. Retrying in 3 s (attempt 2 of 4)…"]);
    emu.clock.advance(3000);
    await vi.advanceTimersByTimeAsync(3000);
    expect((await throttled).length).toBeGreaterThan(0);
    expect(sentTo("POST")).toBe(3);
  });

  describe("transient read strategy", () => {
    it("sends a read again after a 500 and after a dropped connection, backing off", async () => {
      fault(pricingsGet, 500, 1);
      const listing = listPricings(arm.client, scope);
      await until(() => notices.showing.length > 0);
      drop(pricingsGet);
      await vi.advanceTimersByTimeAsync(500);
      await until(() => notices.shown.length === 2);
      await vi.advanceTimersByTimeAsync(1000);
      expect((await listing).length).toBeGreaterThan(0);
      expect(notices.shown).toEqual([
        "Azure answered InternalServerError for the Defender plans. Retrying in 1 s (attempt 2 of 4)…",
        "Azure couldn't be reached for the Defender plans. Retrying in 1 s (attempt 3 of 4)…",
      ]);
      expect(sentTo("GET")).toBe(3);
    });

    it("does not send a write again after a 500: it may have been applied", async () => {
      fault(aiPut, 500, 1);
      await expect(putPricing(arm.client, scope, "AI", switchOn)).rejects.toMatchObject({ status: 500, code: "InternalServerError" });
      expect(sentTo("PUT")).toBe(1);
      expect(notices.shown).toEqual([]);
    });

    it("does not send a write again after a dropped connection, and says Azure can't be reached", async () => {
      drop(aiPut);
      await expect(putPricing(arm.client, scope, "AI", switchOn)).rejects.toMatchObject({ name: "RestError", code: "REQUEST_SEND_ERROR" });
      expect(sentTo("PUT")).toBe(1);
      expect(notices.connectivity).toEqual(["offline"]);
    });
  });
});
