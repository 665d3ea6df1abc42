import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { armToken, base, call, pricingPath, subs, tenants, testEmulator, users, type TestEmulator } from "../../../emulator/test-support";
import type { ConflictRebase } from "./call";
import { conflictRetry } from "./conflict";
import { getPricing, PRICINGS_API_VERSION, putPricing, type PricingUpdate } from "./pricings";
import { type Pricing, pricingSchema } from "./schemas";
import { emulatedArm } from "./test-support";

const notices = vi.hoisted(() => ({ showing: [] as string[], shown: [] as string[] }));
vi.mock("./notices", () => ({
  showRetryNotice: (message: string) => {
    notices.showing.push(message);
    notices.shown.push(message);
    return () => notices.showing.splice(notices.showing.indexOf(message), 1);
  },
  reportConnectivity: () => undefined,
  reportThrottled: () => undefined,
}));

const research = { tenantId: tenants.contoso, subscriptionId: subs.aiResearch };
type Extensions = Record<string, "True" | "False">;
const writeOf = (extensions: Extensions): PricingUpdate => ({
  properties: { pricingTier: "Standard", extensions: Object.entries(extensions).map(([name, isEnabled]) => ({ name, isEnabled })) },
});
const extensionsOf = (pricing: Pricing) =>
  Object.fromEntries((pricing.properties.extensions ?? []).map((extension) => [extension.name, extension.isEnabled]));

let emu: TestEmulator;
/** Another client's write to the AI plan, landing just before ours: ARM, still applying it, refuses ours with 409. */
let otherWrite: { extensions: Extensions; landed?: boolean } | undefined;
let arm: ReturnType<typeof emulatedArm>;
beforeEach(async () => {
  notices.showing.length = 0;
  notices.shown.length = 0;
  otherWrite = undefined;
  emu = await testEmulator({ putDurationMs: 0 });
  conflictRetry.pauseMs = 10;
  arm = emulatedArm(emu, {
    endpoint: base,
    mint: (tenantId) => armToken(emu, users.adele.upn, tenantId),
    async beforeSend(request) {
      if (request.method !== "PUT" || !otherWrite || otherWrite.landed) return;
      otherWrite.landed = true;
      const body = writeOf(otherWrite.extensions);
      await call(emu, "PUT", pricingPath(subs.aiResearch, "AI"), { token: await armToken(emu, users.adele.upn), body });
      emu.faults.add({ match: { method: "PUT", path: "/**/pricings/AI" }, count: 1, fault: { kind: "status", status: 409 } });
    },
  });
});
afterEach(() => {
  conflictRetry.pauseMs = 2000;
});

/** PUTs AIPromptEvidence on, from what `read` holds; after a conflict, from a fresh read. */
function switchEvidenceOn(read: Pricing, rebases: Pricing[]) {
  const evidenceOn = (pricing: Pricing) => {
    const extensions = extensionsOf(pricing) as Extensions;
    return extensions["AIPromptEvidence"] === "True" ? null : writeOf({ ...extensions, AIPromptEvidence: "True" });
  };
  const onConflict: ConflictRebase = {
    resource: "this subscription's plans",
    subject: "AI workloads",
    rebase: async () => {
      const current = await getPricing(arm.client, research, "AI");
      rebases.push(current);
      const rebuilt = evidenceOn(current);
      return rebuilt ? { body: rebuilt } : { current };
    },
  };
  return arm.client.send({
    tenantId: research.tenantId,
    method: "PUT",
    path: `/subscriptions/${subs.aiResearch}/providers/Microsoft.Security/pricings/AI`,
    apiVersion: PRICINGS_API_VERSION,
    body: evidenceOn(read),
    schema: pricingSchema,
    operation: "the update of the AI plan",
    onConflict,
  });
}

const puts = () => arm.sent.filter((request) => request.method === "PUT");

describe("409 Conflict on a write", () => {
  it("rebuilds the write from a fresh read after a pause, keeping what the other writer switched on meanwhile", async () => {
    const read = await getPricing(arm.client, research, "AI");
    otherWrite = { extensions: { AIModelScanner: "True" } };
    const rebases: Pricing[] = [];
    const written = await switchEvidenceOn(read, rebases);

    expect(extensionsOf(written)).toEqual({ AIPromptEvidence: "True", AIPromptSharingWithPurview: "True", AIModelScanner: "True" });
    expect(extensionsOf(await getPricing(arm.client, research, "AI"))).toEqual(extensionsOf(written));
    // The first body would have switched the scanner off again; the second was made from the read after the other write.
    expect(puts().map((request) => request.body)).toEqual([
      writeOf({ AIPromptEvidence: "True", AIPromptSharingWithPurview: "True", AIModelScanner: "False" }),
      writeOf({ AIPromptEvidence: "True", AIPromptSharingWithPurview: "True", AIModelScanner: "True" }),
    ]);
    expect(rebases).toHaveLength(1);
    expect(notices.shown).toEqual([
      "Another update to this subscription's plans is in progress. Trying AI workloads again in 0.01 s (retry 1 of 3)…",
    ]);
    expect(notices.showing).toEqual([]);
  });

  it("sends nothing more when the fresh read shows the other writer already did it", async () => {
    const read = await getPricing(arm.client, research, "AI");
    otherWrite = { extensions: { AIPromptEvidence: "True" } };
    const written = await switchEvidenceOn(read, []);
    expect(extensionsOf(written)).toMatchObject({ AIPromptEvidence: "True" });
    expect(puts()).toHaveLength(1);
  });

  it("gives up after conflictRetry.attempts, with ARM's Conflict", async () => {
    conflictRetry.pauseMs = 1;
    emu.faults.add({ match: { method: "PUT", path: "/**/pricings/AI" }, count: 10, fault: { kind: "status", status: 409 } });
    const rebases: Pricing[] = [];
    await expect(switchEvidenceOn(await getPricing(arm.client, research, "AI"), rebases)).rejects.toMatchObject({
      status: 409,
      code: "Conflict",
    });
    expect(puts()).toHaveLength(conflictRetry.attempts + 1);
    expect(rebases).toHaveLength(conflictRetry.attempts);
  });

  it("does not send again a write that cannot rebuild itself", async () => {
    emu.faults.add({ match: { method: "PUT", path: "/**/pricings/AI" }, count: 1, fault: { kind: "status", status: 409 } });
    await expect(putPricing(arm.client, research, "AI", writeOf({ AIPromptEvidence: "True" }))).rejects.toMatchObject({ code: "Conflict" });
    expect(puts()).toHaveLength(1);
    expect(notices.shown).toEqual([]);
  });

  it("does not send again a write refused with another 409 (a disabled subscription)", async () => {
    const legacy = { tenantId: tenants.contoso, subscriptionId: subs.legacy };
    const onConflict: ConflictRebase = {
      resource: "this subscription's plans",
      subject: "AI workloads",
      rebase: () => Promise.reject(new Error("no rebase")),
    };
    const write = arm.client.send({
      tenantId: legacy.tenantId,
      method: "PUT",
      path: `/subscriptions/${subs.legacy}/providers/Microsoft.Security/pricings/AI`,
      apiVersion: PRICINGS_API_VERSION,
      body: { properties: { pricingTier: "Standard" } },
      schema: pricingSchema,
      operation: "the update of the AI plan",
      onConflict,
    });
    await expect(write).rejects.toMatchObject({ status: 409, code: "ReadOnlyDisabledSubscription" });
    expect(puts()).toHaveLength(1);
  });
});
