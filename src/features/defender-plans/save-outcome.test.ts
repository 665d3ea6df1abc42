import { describe, expect, it } from "vitest";
import type { Pricing } from "../../lib/arm/schemas";
import { planOutcomeDetails, planStateChanges } from "./save-outcome";

function ai(tier: string, extensions: Record<string, string>): Pricing {
  return {
    id: "/subscriptions/s/providers/Microsoft.Security/pricings/AI",
    name: "AI",
    properties: { pricingTier: tier, extensions: Object.entries(extensions).map(([name, isEnabled]) => ({ name, isEnabled })) },
  };
}

describe("planStateChanges", () => {
  it("names every component that changed, and which of them the user did not ask for", () => {
    const before = ai("Free", { AIPromptEvidence: "False", AIModelScanner: "False", AIPromptSharingWithPurview: "False" });
    const after = ai("Standard", { AIPromptEvidence: "True", AIModelScanner: "True", AIPromptSharingWithPurview: "False" });
    expect(planStateChanges(before, after, { pricingTier: "Standard", extensions: { aipromptevidence: true } })).toEqual({
      plan: "switched on",
      turnedOn: [
        { extension: "AIPromptEvidence", byService: false },
        { extension: "AIModelScanner", byService: true },
      ],
      turnedOff: [],
    });
  });

  it("lists what switching a plan off turned off, and nothing for a plan that did not change", () => {
    const on = ai("Standard", { AIPromptEvidence: "True", AIModelScanner: "False" });
    expect(planStateChanges(on, ai("Free", { AIPromptEvidence: "False", AIModelScanner: "False" }), { pricingTier: "Free" })).toEqual({
      plan: "switched off",
      turnedOn: [],
      turnedOff: [{ extension: "AIPromptEvidence", byService: true }],
    });
    expect(planStateChanges(on, on, { extensions: { AIModelScanner: true } })).toEqual({ plan: undefined, turnedOn: [], turnedOff: [] });
  });

  it("ignores a state it does not understand rather than guess", () => {
    const before = ai("Standard", { AIModelScanner: "False" });
    expect(planStateChanges(before, ai("Standard", { AIModelScanner: "Pending" }), {}).turnedOn).toEqual([]);
  });
});

describe("planOutcomeDetails", () => {
  it("words the plan, the components turned on and off, and each failure with its reason", () => {
    const changes = {
      plan: "switched on" as const,
      turnedOn: [
        { extension: "AIPromptEvidence", byService: false },
        { extension: "AIModelScanner", byService: true },
      ],
      turnedOff: [{ extension: "AIPromptSharingWithPurview", byService: false }],
    };
    expect(planOutcomeDetails("AI", changes, [{ extension: "AIModelScanner", message: "Failed assigning roles" }], true)).toEqual([
      "AI workloads switched on.",
      "Turned on: Enable user prompt evidence, AI Model Security (with the plan)",
      "Turned off: Enable data security for AI interactions",
      "Failed: AI Model Security: Failed assigning roles",
    ]);
  });

  it("says so when a saved plan could not be read back, and names a failure without a message", () => {
    expect(planOutcomeDetails("AI", undefined, [{ extension: "AIModelScanner", message: "" }], true)).toEqual([
      "Which components changed couldn't be read back; the plan list shows them once Azure answers.",
      "Failed: AI Model Security: no message from the service",
    ]);
    expect(planOutcomeDetails("AI", undefined, [], false)).toEqual([]);
  });
});
