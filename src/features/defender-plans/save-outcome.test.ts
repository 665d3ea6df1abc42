import { describe, expect, it } from "vitest";
import type { Pricing } from "../../lib/arm/schemas";
import { ArmError } from "../../lib/arm/errors";
import { planOutcomeDetails, planStateChanges, saveSummaryText, saveVerdict } from "./save-outcome";
import type { PlanSaveResult } from "./save";

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

describe("saveVerdict and saveSummaryText", () => {
  const switchedOn = { plan: "switched on" as const, turnedOn: [{ extension: "AIModelScanner", byService: true }], turnedOff: [] };
  const saved: PlanSaveResult = { plan: "AI", status: "saved", changes: switchedOn, pricing: undefined, failedExtensions: [] };
  const partial: PlanSaveResult = { ...saved, failedExtensions: [{ extension: "AIModelScanner", message: "Failed assigning roles" }] };
  const failed: PlanSaveResult = {
    plan: "Containers",
    status: "failed",
    error: new ArmError({ status: 409, code: "Conflict", message: "Another update operation is in progress.", requestId: "req-1" }),
    changes: undefined,
    pricing: undefined,
    failedExtensions: [],
  };

  it("ranks a plan not saved above a failed component above a clean save", () => {
    expect(saveVerdict([saved])).toEqual({ intent: "success", title: "Saved" });
    expect(saveVerdict([saved, partial])).toEqual({ intent: "warning", title: "Saved, but some components failed" });
    expect(saveVerdict([partial, failed])).toEqual({ intent: "error", title: "Some changes were not saved" });
  });

  it("tells the whole outcome in sentences, with the service's code and request id for a plan not saved", () => {
    const text = saveSummaryText([partial, failed]);
    expect(text).toMatch(
      /^AI workloads: saved, but some components failed\. AI workloads switched on\. Turned on: AI Model Security \(with the plan\)\. Failed: AI Model Security: Failed assigning roles\. Containers: not saved\. /,
    );
    expect(text).toContain("Another change is in progress: Azure is still applying another update");
    expect(text).toMatch(/a few minutes \(code Conflict, request id req-1\)\. The change is still unsaved\.$/);
  });
});
