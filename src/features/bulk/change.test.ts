import { describe, expect, it } from "vitest";
import type { Pricing } from "../../lib/arm/schemas";
import { type BulkChange, reviewSubscription, type SubscriptionFacts } from "./change";

const url = "https://management.azure.com/subscriptions/s/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01";
const ai = (pricingTier: string, extensions: Record<string, "True" | "False">, freeTrialRemainingTime?: string): Pricing => ({
  id: "/subscriptions/s/providers/Microsoft.Security/pricings/AI",
  name: "AI",
  properties: {
    pricingTier,
    ...(freeTrialRemainingTime ? { freeTrialRemainingTime } : {}),
    extensions: Object.entries(extensions).map(([name, isEnabled]) => ({ name, isEnabled })),
  },
});
const facts = (pricing: Pricing | undefined, more: Partial<SubscriptionFacts> = {}): SubscriptionFacts => ({
  state: "Enabled",
  access: { canWrite: true },
  pricing,
  notRegistered: false,
  ...more,
});
const enable = (AIPromptEvidence: boolean, AIPromptSharingWithPurview: boolean, AIModelScanner: boolean): BulkChange => ({
  action: "enable",
  components: { AIPromptEvidence, AIPromptSharingWithPurview, AIModelScanner },
});
const allOff = { AIPromptEvidence: "False", AIPromptSharingWithPurview: "False", AIModelScanner: "False" } as const;
const requestsOf = (review: ReturnType<typeof reviewSubscription>) =>
  review.kind === "change"
    ? review.requests.map((request) => `${request.method}${request.body ? ` ${JSON.stringify(request.body)}` : ""}`)
    : [];

describe("reviewSubscription", () => {
  it("leaves a plan a Microsoft 365 security rule manages alone, and says why", () => {
    const managed = ai("Standard", allOff);
    managed.properties.managedBy = "M365 security rule: /management/rules/9f1d";
    managed.properties.originatedFrom = "M365";
    expect(reviewSubscription(facts(managed), enable(true, false, false), url)).toEqual({
      kind: "blocked",
      reason: "Managed by Microsoft 365 (M365 security rule: /management/rules/9f1d): change it there.",
      register: false,
    });
  });

  it("from Free: the tier first, then the full component list against the service's defaults, then a read back", () => {
    const review = reviewSubscription(facts(ai("Free", allOff, "P30D")), enable(true, false, true), url);
    expect(requestsOf(review)).toEqual([
      "GET",
      'PUT {"properties":{"pricingTier":"Standard"}}',
      "GET",
      'PUT {"properties":{"pricingTier":"Standard","extensions":[{"name":"AIPromptEvidence","isEnabled":"True"},{"name":"AIPromptSharingWithPurview","isEnabled":"False"},{"name":"AIModelScanner","isEnabled":"True"}]}}',
      "GET",
    ]);
    expect(review).toMatchObject({
      kind: "change",
      tier: { before: "Free", after: "Standard" },
      trial: "P30D",
      components: [
        { name: "AIPromptEvidence", before: false, after: true },
        { name: "AIPromptSharingWithPurview", before: false, after: false },
        { name: "AIModelScanner", before: false, after: true },
      ],
      kept: [],
    });
    if (review.kind === "change") expect(review.requests.every((request) => request.url === url)).toBe(true);
  });

  it("from Free with the default component not wanted: the second write switches off what the service switched on", () => {
    const review = reviewSubscription(facts(ai("Free", allOff)), enable(true, false, false), url);
    expect(requestsOf(review)[3]).toContain('{"name":"AIModelScanner","isEnabled":"False"}');
  });

  it("on Standard: one write of exactly the chosen components, every other component carried as it is", () => {
    const pricing = ai("Standard", {
      AIPromptEvidence: "False",
      AIPromptSharingWithPurview: "True",
      AIModelScanner: "False",
      NewComponent: "True",
    });
    const review = reviewSubscription(facts(pricing), enable(true, true, false), url);
    expect(requestsOf(review)).toEqual([
      "GET",
      'PUT {"properties":{"pricingTier":"Standard","extensions":[{"name":"AIPromptEvidence","isEnabled":"True"},{"name":"AIPromptSharingWithPurview","isEnabled":"True"},{"name":"AIModelScanner","isEnabled":"False"},{"name":"NewComponent","isEnabled":"True"}]}}',
      "GET",
    ]);
    expect(review).toMatchObject({
      tier: undefined,
      components: [
        { name: "AIPromptEvidence", before: false, after: true },
        { name: "AIPromptSharingWithPurview", before: true, after: true },
        { name: "AIModelScanner", before: false, after: false },
      ],
      kept: [{ name: "NewComponent", on: true }],
    });
  });

  it("a plan already as asked needs nothing", () => {
    const pricing = ai("Standard", { AIPromptEvidence: "True", AIPromptSharingWithPurview: "False", AIModelScanner: "True" }, "P2D");
    expect(reviewSubscription(facts(pricing), enable(true, false, true), url)).toEqual({ kind: "unchanged", trial: "P2D" });
    expect(reviewSubscription(facts(ai("Free", allOff)), { action: "turn-off" }, url)).toMatchObject({ kind: "unchanged" });
  });

  it("turning off writes the tier alone, and names each component that stops", () => {
    const pricing = ai("Standard", { AIPromptEvidence: "True", AIPromptSharingWithPurview: "False", AIModelScanner: "True" });
    const review = reviewSubscription(facts(pricing), { action: "turn-off" }, url);
    expect(requestsOf(review)).toEqual(["GET", 'PUT {"properties":{"pricingTier":"Free"}}', "GET"]);
    expect(review).toMatchObject({
      tier: { before: "Standard", after: "Free" },
      components: [
        { name: "AIPromptEvidence", before: true, after: false },
        { name: "AIModelScanner", before: true, after: false },
      ],
      kept: [{ name: "AIPromptSharingWithPurview", on: false }],
    });
  });

  it("refuses what cannot be done, with the reason: a disabled subscription, a reader, Defender for Cloud not enabled", () => {
    const free = ai("Free", allOff);
    expect(reviewSubscription(facts(free, { state: "Disabled" }), enable(true, false, true), url)).toMatchObject({
      kind: "blocked",
      reason: expect.stringContaining("Disabled") as unknown,
      register: false,
    });
    const reader = facts(free, { access: { canWrite: false, reason: "You can view these plans but not change them." } });
    expect(reviewSubscription(reader, enable(true, false, true), url)).toEqual({
      kind: "blocked",
      reason: "You can view these plans but not change them.",
      register: false,
    });
    expect(reviewSubscription(facts(undefined, { notRegistered: true }), enable(true, false, true), url)).toMatchObject({
      kind: "blocked",
      register: true,
    });
    const readerUnregistered = facts(undefined, { notRegistered: true, access: { canWrite: false, reason: "Reader." } });
    expect(reviewSubscription(readerUnregistered, enable(true, false, true), url)).toMatchObject({ kind: "blocked", register: false });
  });
});
