import { afterEach, describe, expect, it } from "vitest";
import type { ArmClient, ArmRequest } from "../../lib/arm/client";
import { ArmError } from "../../lib/arm/errors";
import type { Pricing } from "../../lib/arm/schemas";
import { conflictRetry, saveStagedChanges } from "./save";

const scope = { tenantId: "t", subscriptionId: "s" };
type Extensions = Record<string, "True" | "False">;

/** A fake ARM holding one AI pricing, answering the client layer's requests like the service. */
function fakeArm(
  start: { tier: string; extensions: Extensions },
  options: { conflicts?: number; otherWriter?: (extensions: Extensions) => void } = {},
) {
  const state = { ...start, extensions: { ...start.extensions } };
  let conflicts = options.conflicts ?? 0;
  const calls: string[] = [];
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
        if (conflicts > 0) {
          conflicts -= 1;
          // The write holding the lock is another client's; it lands now.
          options.otherWriter?.(state.extensions);
          return Promise.reject(new ArmError({ status: 409, code: "Conflict", message: "Another update operation is in progress." }));
        }
        const switchingOn = state.tier === "Free" && body.properties.pricingTier === "Standard";
        state.tier = body.properties.pricingTier;
        // Free → Standard: the service applies its defaults and ignores a list sent in the same write.
        if (switchingOn) state.extensions = { ...state.extensions, AIModelScanner: "True" };
        else for (const extension of body.properties.extensions ?? []) state.extensions[extension.name] = extension.isEnabled;
      }
      return Promise.resolve(view() as never);
    },
  };
  return { client, calls, state };
}

afterEach(() => {
  conflictRetry.pauseMs = 2000;
});

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
    ]);
    expect(arm.state.extensions).toEqual({ AIPromptEvidence: "True", AIModelScanner: "True" });
  });

  it("after a 409 Conflict reads again and merges into what the other writer left", async () => {
    conflictRetry.pauseMs = 1;
    const arm = fakeArm(
      { tier: "Standard", extensions: { AIPromptEvidence: "False", AIPromptSharingWithPurview: "False" } },
      { conflicts: 1, otherWriter: (extensions) => (extensions.AIPromptSharingWithPurview = "True") },
    );
    const [result] = await saveStagedChanges(arm.client, scope, { AI: { extensions: { AIPromptEvidence: true } } });
    expect(result?.status).toBe("saved");
    expect(arm.calls.filter((call) => call === "GET")).toHaveLength(2);
    expect(arm.state.extensions).toEqual({ AIPromptEvidence: "True", AIPromptSharingWithPurview: "True" });
  });

  it("gives up after the bounded number of conflicts and reports the plan as not saved", async () => {
    conflictRetry.pauseMs = 1;
    const arm = fakeArm({ tier: "Standard", extensions: { AIPromptEvidence: "False" } }, { conflicts: 10 });
    const [result] = await saveStagedChanges(arm.client, scope, { AI: { extensions: { AIPromptEvidence: true } } });
    expect(result?.status).toBe("failed");
    expect(arm.calls.filter((call) => call.startsWith("PUT"))).toHaveLength(conflictRetry.attempts + 1);
    expect(arm.state.extensions).toEqual({ AIPromptEvidence: "False" });
  });
});
