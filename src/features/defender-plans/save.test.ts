import { afterEach, describe, expect, it } from "vitest";
import { armToken, base, call, pricingPath, subs, tenants, type TestEmulator, testEmulator, users } from "../../../emulator/test-support";
import type { PipelineRequest } from "@azure/core-rest-pipeline";
import { conflictRetry } from "../../lib/arm/conflict";
import { getPricing } from "../../lib/arm/pricings";
import type { Pricing } from "../../lib/arm/schemas";
import { emulatedArm } from "../../lib/arm/test-support";
import { saveStagedChanges } from "./save";

const production = { tenantId: tenants.contoso, subscriptionId: subs.production };
const extensionsOf = (pricing: Pricing | undefined) =>
  Object.fromEntries((pricing?.properties.extensions ?? []).map((extension) => [extension.name, extension.isEnabled]));

/**
 * The ARM client against an emulator of its own, signed in as `upn` (Adele owns Contoso Production,
 * where AI is Free; Alex is its Security Admin, who may write plans but not assign roles).
 * `beforeSend` may inject a fault just before a given request.
 */
async function armAs(upn: string, beforeSend?: (request: PipelineRequest, emulator: TestEmulator) => void) {
  const emulator = await testEmulator({ putDurationMs: 0 });
  const arm = emulatedArm(emulator, {
    endpoint: base,
    mint: (tenantId) => armToken(emulator, upn, tenantId),
    beforeSend: (request) => Promise.resolve(beforeSend?.(request, emulator)),
  });
  return { ...arm, calls: () => arm.sent.map((request) => `${request.method} ${request.body ? JSON.stringify(request.body) : ""}`.trim()) };
}

describe("saveStagedChanges", () => {
  it("switches a plan on by writing the tier first, then merges the extensions into what the service then holds", async () => {
    const arm = await armAs(users.adele.upn);
    const [result] = await saveStagedChanges(arm.client, production, {
      AI: { pricingTier: "Standard", extensions: { AIPromptEvidence: true } },
    });
    expect(result?.status).toBe("saved");
    // The service switches the plan's defaults on with the tier (the model scanner) and ignores a
    // list sent in the same write: the extensions get a write of their own, with the full list.
    expect(arm.calls()).toEqual([
      "GET",
      'PUT {"properties":{"pricingTier":"Standard"}}',
      "GET",
      'PUT {"properties":{"pricingTier":"Standard","extensions":[{"name":"AIPromptEvidence","isEnabled":"True"},{"name":"AIPromptSharingWithPurview","isEnabled":"False"},{"name":"AIModelScanner","isEnabled":"True"}]}}',
      "GET",
    ]);
    expect(extensionsOf(await getPricing(arm.client, production, "AI"))).toEqual({
      AIPromptEvidence: "True",
      AIPromptSharingWithPurview: "False",
      AIModelScanner: "True",
    });
    // The last read is handed back, so that the page shows it without reading the list again.
    expect(result?.pricing?.properties.pricingTier).toBe("Standard");
    expect(extensionsOf(result?.pricing)).toEqual({
      AIPromptEvidence: "True",
      AIPromptSharingWithPurview: "False",
      AIModelScanner: "True",
    });
    // The outcome compares the plan before and after: the default the service switched on is named too.
    expect(result?.changes).toEqual({
      plan: "switched on",
      turnedOn: [
        { extension: "AIPromptEvidence", byService: false },
        { extension: "AIModelScanner", byService: true },
      ],
      turnedOff: [],
    });
  });

  it("reports a component that failed inside an HTTP 200 with the reason, and as not changed", async () => {
    // A Security Admin may switch the plan on, but the model scanner needs a role assigned, which they may not do.
    const arm = await armAs(users.alex.upn);
    const [result] = await saveStagedChanges(arm.client, production, { AI: { pricingTier: "Standard" } });
    expect(result?.status).toBe("saved");
    expect(result?.failedExtensions).toEqual([
      { extension: "AIModelScanner", message: "Failed assigning roles {2a2b9908-6ea1-4ae2-8e65-a410df84e7d1} to {identityName} for plan" },
    ]);
    expect(result?.changes).toEqual({ plan: "switched on", turnedOn: [], turnedOff: [] });
    // A tier-only change: the read after the tier write is the final read.
    expect(arm.calls()).toEqual(["GET", 'PUT {"properties":{"pricingTier":"Standard"}}', "GET"]);
  });

  it("reports a plan whose writes went through as saved even when it cannot be read back", async () => {
    const research = { tenantId: tenants.contoso, subscriptionId: subs.aiResearch };
    // Once the write is sent, reads are refused (say, the reader's access was removed meanwhile).
    const arm = await armAs(users.adele.upn, (request, emulator) => {
      if (request.method === "PUT") {
        emulator.faults.add({ match: { method: "GET", path: "/**/pricings/AI" }, count: 10, fault: { kind: "status", status: 403 } });
      }
    });
    const [result] = await saveStagedChanges(arm.client, research, { AI: { extensions: { AIPromptEvidence: true } } });
    expect(result?.status).toBe("saved");
    expect(result?.changes).toBeUndefined();
    expect(arm.calls().map((call) => call.split(" ")[0])).toEqual(["GET", "PUT", "GET"]);
  });

  it("when a step fails after the tier went through, still says what the service switched", async () => {
    let puts = 0;
    const arm = await armAs(users.adele.upn, (request, emulator) => {
      if (request.method === "PUT" && ++puts === 2) {
        emulator.faults.add({
          match: { method: "PUT" },
          count: 1,
          fault: { kind: "status", status: 400, code: "InvalidInput", message: "Refused." },
        });
      }
    });
    const [result] = await saveStagedChanges(arm.client, production, {
      AI: { pricingTier: "Standard", extensions: { AIPromptEvidence: true } },
    });
    expect(result?.status).toBe("failed");
    expect(result?.changes).toEqual({ plan: "switched on", turnedOn: [{ extension: "AIModelScanner", byService: true }], turnedOff: [] });
    expect(extensionsOf(await getPricing(arm.client, production, "AI"))).toMatchObject({
      AIPromptEvidence: "False",
      AIModelScanner: "True",
    });
  });
});

describe("saveStagedChanges against ARM busy with another client's write", () => {
  const research = { tenantId: tenants.contoso, subscriptionId: subs.aiResearch };
  afterEach(() => {
    conflictRetry.pauseMs = 2000;
  });

  /** The emulator, where another client's PUT of `body` to `subscriptionId`'s AI plan lands just before our first PUT, which ARM, still applying it, refuses with 409. */
  async function busyArm(subscriptionId: string, body: unknown) {
    conflictRetry.pauseMs = 10;
    const emu = await testEmulator({ putDurationMs: 0 });
    let landed = false;
    return emulatedArm(emu, {
      endpoint: base,
      mint: (tenantId) => armToken(emu, users.adele.upn, tenantId),
      async beforeSend(request) {
        if (request.method !== "PUT" || landed) return;
        landed = true;
        await call(emu, "PUT", pricingPath(subscriptionId, "AI"), { token: await armToken(emu, users.adele.upn), body });
        emu.faults.add({ match: { method: "PUT", path: "/**/pricings/AI" }, count: 1, fault: { kind: "status", status: 409 } });
      },
    });
  }

  it("after a 409 Conflict reads again and merges into what the other writer left", async () => {
    const arm = await busyArm(subs.aiResearch, {
      properties: { pricingTier: "Standard", extensions: [{ name: "AIModelScanner", isEnabled: "True" }] },
    });
    const [result] = await saveStagedChanges(arm.client, research, { AI: { extensions: { AIPromptEvidence: true } } });
    expect(result?.status).toBe("saved");
    // Read, refused write; read, write, read back.
    expect(arm.sent.map((request) => request.method)).toEqual(["GET", "PUT", "GET", "PUT", "GET"]);
    expect(extensionsOf(result?.pricing)).toEqual({ AIPromptEvidence: "True", AIPromptSharingWithPurview: "True", AIModelScanner: "True" });
    // The scanner is the other writer's doing, not this Save's.
    expect(result?.changes).toEqual({ plan: undefined, turnedOn: [{ extension: "AIPromptEvidence", byService: false }], turnedOff: [] });
  });

  it("after a 409 Conflict writes nothing the other writer already did", async () => {
    const arm = await busyArm(subs.production, { properties: { pricingTier: "Standard" } });
    const [result] = await saveStagedChanges(arm.client, production, { AI: { pricingTier: "Standard" } });
    expect(result?.status).toBe("saved");
    expect(arm.sent.map((request) => request.method)).toEqual(["GET", "PUT", "GET", "GET"]);
    expect(result?.pricing?.properties.pricingTier).toBe("Standard");
  });

  it("gives up after the bounded number of conflicts and reports the plan as not saved", async () => {
    conflictRetry.pauseMs = 1;
    const emu = await testEmulator({ putDurationMs: 0 });
    emu.faults.add({ match: { method: "PUT", path: "/**/pricings/AI" }, count: 10, fault: { kind: "status", status: 409 } });
    const arm = emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) });

    const [result] = await saveStagedChanges(arm.client, research, { AI: { extensions: { AIPromptEvidence: true } } });
    expect(result?.status).toBe("failed");
    expect(result?.status === "failed" && result.error).toMatchObject({ status: 409, code: "Conflict" });
    expect(arm.sent.filter((request) => request.method === "PUT")).toHaveLength(conflictRetry.attempts + 1);
    expect(extensionsOf(await getPricing(arm.client, research, "AI"))).toMatchObject({ AIPromptEvidence: "False" });
  });
});
