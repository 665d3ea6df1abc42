import { describe, expect, it } from "vitest";
import { coverageText, managedText, subPlanText, trialText } from "./presentation";

describe("presentation", () => {
  it("turns freeTrialRemainingTime into days left, and hides a used-up trial", () => {
    expect(trialText("P30D")).toBe("Free trial: 30 days left");
    expect(trialText("P26DT17H24M")).toBe("Free trial: 27 days left");
    expect(trialText("PT5H")).toBe("Free trial: 1 day left");
    expect(trialText("PT0S")).toBeUndefined();
    expect(trialText("not a duration")).toBeUndefined();
  });

  it("says who manages a plan outside ARM, and nothing for a plan ARM controls", () => {
    expect(managedText({ managedBy: "M365 security rule: /management/rules/9f1d", originatedFrom: "M365" })).toBe(
      "Managed by Microsoft 365 (M365 security rule: /management/rules/9f1d): change it there.",
    );
    expect(managedText({ managedBy: "Some tool" })).toBe("Managed by another system (Some tool): change it there.");
    expect(managedText({})).toBeUndefined();
  });

  it("shows unknown coverage values as they are", () => {
    expect(coverageText("FullyCovered")).toBe("Full");
    expect(coverageText("SomethingNew")).toBe("SomethingNew");
  });

  it("names sub-plans like the portal", () => {
    expect(subPlanText("P2")).toBe("Plan 2");
    expect(subPlanText("DefenderForStorageV2")).toBe("DefenderForStorageV2");
  });
});
