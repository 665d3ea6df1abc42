import { describe, expect, it } from "vitest";
import type { Pricing } from "../../lib/arm/schemas";
import { effectivePlan, extensionsWrite, stageChange, tierWrite, UnwritableExtensionError } from "./plan-change";

function aiPricing(tier: string, extensions: Array<[string, string, Record<string, unknown>?]>): Pricing {
  return {
    id: "/subscriptions/s/providers/Microsoft.Security/pricings/AI",
    name: "AI",
    type: "Microsoft.Security/pricings",
    properties: {
      pricingTier: tier,
      extensions: extensions.map(([name, isEnabled, additionalExtensionProperties]) => ({
        name,
        isEnabled,
        ...(additionalExtensionProperties ? { additionalExtensionProperties } : {}),
      })),
    },
  };
}

describe("extensionsWrite (the PUT body merge)", () => {
  it("sends the full list with explicit values and only flips what the user touched", () => {
    const current = aiPricing("Standard", [
      ["AIPromptEvidence", "False"],
      ["AIPromptSharingWithPurview", "True"],
      ["AIModelScanner", "False"],
    ]);
    const body = extensionsWrite(current, { extensions: { AIPromptEvidence: true } });
    expect(body).toEqual({
      properties: {
        pricingTier: "Standard",
        extensions: [
          { name: "AIPromptEvidence", isEnabled: "True" },
          { name: "AIPromptSharingWithPurview", isEnabled: "True" },
          { name: "AIModelScanner", isEnabled: "False" },
        ],
      },
    });
  });

  it("keeps additional properties of enabled extensions and drops them from disabled ones", () => {
    const current = {
      ...aiPricing("Standard", [
        ["OnUploadMalwareScanning", "True", { capGBPerMonthPerStorageAccount: 5000 }],
        ["SensitiveDataDiscovery", "True", { note: "x" }],
      ]),
      name: "StorageAccounts",
    };
    current.properties.subPlan = "DefenderForStorageV2";
    const body = extensionsWrite(current, { extensions: { SensitiveDataDiscovery: false } });
    expect(body?.properties).toEqual({
      pricingTier: "Standard",
      subPlan: "DefenderForStorageV2",
      extensions: [
        { name: "OnUploadMalwareScanning", isEnabled: "True", additionalExtensionProperties: { capGBPerMonthPerStorageAccount: 5000 } },
        { name: "SensitiveDataDiscovery", isEnabled: "False" },
      ],
    });
  });

  it("matches extension names case-insensitively and writes nothing when the server already agrees", () => {
    const current = aiPricing("Standard", [["AIPromptEvidence", "True"]]);
    expect(extensionsWrite(current, { extensions: { aipromptevidence: true } })).toBeNull();
  });

  it("keeps an extension someone else enabled after the page loaded (the merge reads the fresh state)", () => {
    const fresh = aiPricing("Standard", [
      ["AIPromptEvidence", "False"],
      ["AIPromptSharingWithPurview", "True"],
    ]);
    const body = extensionsWrite(fresh, { extensions: { AIPromptEvidence: true } });
    expect(body?.properties.extensions).toContainEqual({ name: "AIPromptSharingWithPurview", isEnabled: "True" });
  });

  it("refuses to write when an untouched extension reports a state it cannot repeat", () => {
    const current = aiPricing("Standard", [
      ["AIPromptEvidence", "False"],
      ["AIModelScanner", "Pending"],
    ]);
    expect(() => extensionsWrite(current, { extensions: { AIPromptEvidence: true } })).toThrow(UnwritableExtensionError);
  });

  it("writes no extensions while the plan is Free", () => {
    expect(extensionsWrite(aiPricing("Free", [["AIPromptEvidence", "False"]]), { extensions: { AIPromptEvidence: true } })).toBeNull();
  });
});

describe("tierWrite", () => {
  it("writes the tier alone when switching a plan on, keeping its sub-plan", () => {
    const current = { ...aiPricing("Free", [["AgentlessVmScanning", "False"]]), name: "VirtualMachines" };
    current.properties.subPlan = "P2";
    expect(tierWrite(current, { pricingTier: "Standard", extensions: { AgentlessVmScanning: true } })).toEqual({
      properties: { pricingTier: "Standard", subPlan: "P2" },
    });
  });

  it("writes nothing when the tier already is the wanted one", () => {
    expect(tierWrite(aiPricing("standard", []), { pricingTier: "Standard" })).toBeNull();
    expect(tierWrite(aiPricing("Standard", []), { extensions: { AIPromptEvidence: true } })).toBeNull();
  });
});

describe("stageChange", () => {
  const saved = aiPricing("Standard", [["AIPromptEvidence", "False"]]);

  it("forgets a wish that equals the saved state", () => {
    const staged = stageChange(undefined, saved, { extensions: { AIPromptEvidence: true } });
    expect(staged).toEqual({ extensions: { AIPromptEvidence: true } });
    expect(stageChange(staged, saved, { extensions: { AIPromptEvidence: false } })).toBeUndefined();
  });

  it("drops component wishes when the plan is switched off", () => {
    const staged = stageChange(undefined, saved, { extensions: { AIPromptEvidence: true } });
    expect(stageChange(staged, saved, { pricingTier: "Free" })).toEqual({ pricingTier: "Free" });
  });

  it("keeps explicit component wishes on a plan being switched on", () => {
    const free = aiPricing("Free", [["AIModelScanner", "False"]]);
    const on = stageChange(undefined, free, { pricingTier: "Standard" });
    expect(stageChange(on, free, { extensions: { AIModelScanner: false } })).toEqual({
      pricingTier: "Standard",
      extensions: { AIModelScanner: false },
    });
  });
});

describe("effectivePlan", () => {
  const free = aiPricing("Free", [
    ["AIPromptEvidence", "False"],
    ["AIModelScanner", "False"],
  ]);
  const states = (plan: ReturnType<typeof effectivePlan>) =>
    Object.fromEntries(plan.extensions.map(({ extension, enabled, byDefault }) => [extension.name, { enabled, byDefault }]));

  it("shows a plan being switched on with the components the service switches on with it", () => {
    expect(states(effectivePlan(free, { pricingTier: "Standard" }))).toEqual({
      AIPromptEvidence: { enabled: false, byDefault: false },
      AIModelScanner: { enabled: true, byDefault: true },
    });
  });

  it("lets the user's choice win over a default", () => {
    const plan = effectivePlan(free, { pricingTier: "Standard", extensions: { AIModelScanner: false, AIPromptEvidence: true } });
    expect(states(plan)).toEqual({
      AIPromptEvidence: { enabled: true, byDefault: false },
      AIModelScanner: { enabled: false, byDefault: false },
    });
  });

  it("applies no default to a plan that stays Free or already is Standard", () => {
    expect(states(effectivePlan(free, undefined)).AIModelScanner).toEqual({ enabled: false, byDefault: false });
    const standard = aiPricing("Standard", [["AIModelScanner", "False"]]);
    expect(states(effectivePlan(standard, { extensions: { AIPromptEvidence: true } })).AIModelScanner).toEqual({
      enabled: false,
      byDefault: false,
    });
  });
});
