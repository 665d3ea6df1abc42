import { afterEach, describe, expect, it } from "vitest";
import { armToken, base, call, pricingPath, subs, tenants, testEmulator, users } from "../../../emulator/test-support";
import type { ArmClient, ArmRequest } from "../../lib/arm/client";
import { conflictRetry } from "../../lib/arm/conflict";
import { ArmError } from "../../lib/arm/errors";
import { getPricing } from "../../lib/arm/pricings";
import type { Pricing } from "../../lib/arm/schemas";
import { emulatedArm } from "../../lib/arm/test-support";
import { saveStagedChanges } from "./save";

const scope = { tenantId: "t", subscriptionId: "s" };
type Extensions = Record<string, "True" | "False">;

/** A fake ARM holding one AI pricing, answering the client layer's requests like the service. */
function fakeArm(
  start: { tier: string; extensions: Extensions },
  options: {
    /** A component that fails to switch on (HTTP 200, echoed "True" with Failed, stays "False"). */
    failing?: { extension: string; message: string };
    /** Reads answer 503 once this many writes went through. */
    readsFailAfterWrites?: number;
  } = {},
) {
  const state = { ...start, extensions: { ...start.extensions } };
  const calls: string[] = [];
  let writes = 0;
  const view = (): Pricing => ({
    id: "/subscriptions/s/providers/Microsoft.Security/pricings/AI",
    name: "AI",
    properties: { pricingTier: state.tier, extensions: Object.entries(state.extensions).map(([name, isEnabled]) => ({ name, isEnabled })) },
  });
  const client: ArmClient = {
    endpoint: "https://arm.test",
    send: (request: ArmRequest<never>) => {
      const body = request.body as
        { properties: { pricingTier: string; extensions?: Array<{ name: string; isEnabled: "True" | "False" }> } } | undefined;
      calls.push(`${request.method} ${body ? JSON.stringify(body.properties) : ""}`.trim());
      if (request.method === "PUT" && body) {
        const switchingOn = state.tier === "Free" && body.properties.pricingTier === "Standard";
        state.tier = body.properties.pricingTier;
        writes += 1;
        // Free → Standard: the service applies its defaults and ignores a list sent in the same write.
        const wanted: Extensions = switchingOn ? { AIModelScanner: "True" } : {};
        if (!switchingOn) for (const extension of body.properties.extensions ?? []) wanted[extension.name] = extension.isEnabled;
        const failing = options.failing;
        for (const [name, isEnabled] of Object.entries(wanted)) {
          if (name !== failing?.extension || isEnabled === "False") state.extensions[name] = isEnabled;
        }
        if (failing && wanted[failing.extension] === "True") {
          const echo = view();
          for (const extension of echo.properties.extensions ?? []) {
            if (extension.name === failing.extension) {
              extension.isEnabled = "True";
              extension.operationStatus = { code: "Failed", message: failing.message };
            }
          }
          return Promise.resolve(echo as never);
        }
      } else if (options.readsFailAfterWrites !== undefined && writes >= options.readsFailAfterWrites) {
        return Promise.reject(new ArmError({ status: 503, code: "ServiceUnavailable", message: "Try later." }));
      }
      return Promise.resolve(view() as never);
    },
  };
  return { client, calls, state };
}

describe("saveStagedChanges", () => {
  it("switches a plan on by writing the tier first, then merges the extensions into what the service then holds", async () => {
    const arm = fakeArm({ tier: "Free", extensions: { AIPromptEvidence: "False", AIModelScanner: "False" } });
    const [result] = await saveStagedChanges(arm.client, scope, {
      AI: { pricingTier: "Standard", extensions: { AIPromptEvidence: true } },
    });
    expect(result?.status).toBe("saved");
    expect(arm.calls).toEqual([
      "GET",
      'PUT {"pricingTier":"Standard"}',
      "GET",
      'PUT {"pricingTier":"Standard","extensions":[{"name":"AIPromptEvidence","isEnabled":"True"},{"name":"AIModelScanner","isEnabled":"True"}]}',
      "GET",
    ]);
    expect(arm.state.extensions).toEqual({ AIPromptEvidence: "True", AIModelScanner: "True" });
    // The last read is handed back, so that the page shows it without reading the list again.
    expect(result?.pricing?.properties.pricingTier).toBe("Standard");
    expect(result?.pricing?.properties.extensions?.map((extension) => `${extension.name}=${extension.isEnabled}`)).toEqual([
      "AIPromptEvidence=True",
      "AIModelScanner=True",
    ]);
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
    const message = "Failed assigning roles {2a2b9908} to {identityName} for plan";
    const arm = fakeArm(
      { tier: "Free", extensions: { AIPromptEvidence: "False", AIModelScanner: "False" } },
      {
        failing: { extension: "AIModelScanner", message },
      },
    );
    const [result] = await saveStagedChanges(arm.client, scope, { AI: { pricingTier: "Standard" } });
    expect(result?.status).toBe("saved");
    expect(result?.failedExtensions).toEqual([{ extension: "AIModelScanner", message }]);
    expect(result?.changes).toEqual({ plan: "switched on", turnedOn: [], turnedOff: [] });
    // A tier-only change: the read after the tier write is the final read.
    expect(arm.calls).toEqual(["GET", 'PUT {"pricingTier":"Standard"}', "GET"]);
  });

  it("reports a plan whose writes went through as saved even when it cannot be read back", async () => {
    const arm = fakeArm({ tier: "Standard", extensions: { AIPromptEvidence: "False" } }, { readsFailAfterWrites: 1 });
    const [result] = await saveStagedChanges(arm.client, scope, { AI: { extensions: { AIPromptEvidence: true } } });
    expect(result?.status).toBe("saved");
    expect(result?.changes).toBeUndefined();
    expect(arm.state.extensions).toEqual({ AIPromptEvidence: "True" });
  });

  it("when a step fails after the tier went through, still says what the service switched", async () => {
    const arm = fakeArm({ tier: "Free", extensions: { AIPromptEvidence: "False", AIModelScanner: "False" } });
    let puts = 0;
    const send = arm.client.send.bind(arm.client);
    arm.client.send = (request) => {
      if (request.method === "PUT" && ++puts === 2) {
        return Promise.reject(new ArmError({ status: 400, code: "InvalidInput", message: "Refused." }));
      }
      return send(request);
    };
    const [result] = await saveStagedChanges(arm.client, scope, {
      AI: { pricingTier: "Standard", extensions: { AIPromptEvidence: true } },
    });
    expect(result?.status).toBe("failed");
    expect(result?.changes).toEqual({ plan: "switched on", turnedOn: [{ extension: "AIModelScanner", byService: true }], turnedOff: [] });
  });
});

describe("saveStagedChanges against ARM busy with another client's write", () => {
  const research = { tenantId: tenants.contoso, subscriptionId: subs.aiResearch };
  const extensionsOf = (pricing: Pricing | undefined) =>
    Object.fromEntries((pricing?.properties.extensions ?? []).map((extension) => [extension.name, extension.isEnabled]));
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
    const production = { tenantId: tenants.contoso, subscriptionId: subs.production };
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
