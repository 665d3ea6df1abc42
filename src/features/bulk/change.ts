import type { PricingUpdate } from "../../lib/arm/pricings";
import type { Pricing } from "../../lib/arm/schemas";
import { isDefaultExtension } from "../../lib/plans/catalogue";
import { extensionState, extensionsWrite, isStandard, type PlanChange, tierWrite } from "../defender-plans/plan-change";
import { managedText } from "../defender-plans/presentation";
import type { WriteAccess } from "../defender-plans/use-subscription-plans";

// One change to the AI workloads plan of many subscriptions, as data: what it asks for, and per
// subscription what it would change, keep or be refused, and the exact requests it would send.

/** The AI plan's components the change sets, in the Settings pane's order. */
export const aiComponents = ["AIPromptEvidence", "AIPromptSharingWithPurview", "AIModelScanner"] as const;
export type AiComponent = (typeof aiComponents)[number];

/**
 * "AI workloads On with exactly these components on" (the other extensions of the plan, and every
 * other plan, left as they are), or "AI workloads off".
 */
export type BulkChange = { action: "enable"; components: Record<AiComponent, boolean> } | { action: "turn-off" };

export const AI_PLAN = "AI";

/** The change as the plans page stages it, so that it is written exactly as a Save there writes it. */
export function planChangeOf(change: BulkChange): PlanChange {
  return change.action === "enable" ? { pricingTier: "Standard", extensions: { ...change.components } } : { pricingTier: "Free" };
}

/** What a subscription's plan must be read with before it is reviewed. */
export type SubscriptionFacts = {
  /** ARM's state of the subscription: Enabled, Warned, Disabled… */
  state: string | undefined;
  access: WriteAccess | undefined;
  /** The AI plan, undefined when the subscription has none (Microsoft.Security not registered, or not offered). */
  pricing: Pricing | undefined;
  notRegistered: boolean;
  /** Why the plans could not be read, when they could not (other than not being registered). */
  readError?: string | undefined;
};

export type PlannedRequest = { method: "GET" | "PUT"; url: string; body?: PricingUpdate };
export type ComponentChange = { name: string; before: boolean; after: boolean };

export type Review =
  /** Cannot be done, and why; `register` when registering Microsoft.Security would make it possible. */
  | { kind: "blocked"; reason: string; register: boolean }
  | { kind: "unchanged"; trial: string | undefined }
  | {
      kind: "change";
      tier: { before: string; after: string } | undefined;
      /** The components the change switches, before → after. */
      components: ComponentChange[];
      /** The plan's other components, each left as it is, with its state. */
      kept: Array<{ name: string; on: boolean }>;
      trial: string | undefined;
      requests: PlannedRequest[];
    };

/**
 * The plan as the service leaves it after a tier write: switched on, its default components on and the
 * others off (a Free plan reports every component "False"); switched off, every component off.
 */
function afterTierWrite(pricing: Pricing, write: PricingUpdate): Pricing {
  const on = write.properties.pricingTier === "Standard";
  const listed = pricing.properties.extensions ?? [];
  const names = listed.length > 0 ? listed.map((extension) => extension.name) : on ? [...aiComponents] : [];
  return {
    ...pricing,
    properties: {
      ...pricing.properties,
      pricingTier: write.properties.pricingTier,
      extensions: names.map((name) => ({ name, isEnabled: on && isDefaultExtension(pricing.name, name) ? "True" : "False" })),
    },
  };
}

/** Whether a component is effectively on: listed "True" on a plan that is on. */
const componentOn = (pricing: Pricing, name: string) =>
  isStandard(pricing) &&
  (pricing.properties.extensions ?? []).some(
    (extension) => extension.name.toLowerCase() === name.toLowerCase() && extensionState(extension),
  );

/**
 * What the change would do to one subscription, and the requests a run would send there (the same
 * read-modify-write as a Save on the plans page: GET, PUT the tier, GET, PUT the full extension list,
 * GET to read back; steps not needed are left out). `pricingUrl` is the AI plan's URL with its api-version.
 */
export function reviewSubscription(facts: SubscriptionFacts, change: BulkChange, pricingUrl: string): Review {
  const state = facts.state?.toLowerCase();
  if (state && state !== "enabled" && state !== "warned") {
    return {
      kind: "blocked",
      reason: `The subscription is ${facts.state ?? ""}: it is read-only until it is re-enabled.`,
      register: false,
    };
  }
  if (facts.notRegistered) {
    return {
      kind: "blocked",
      reason: "Defender for Cloud is not enabled here: the Microsoft.Security resource provider is not registered.",
      register: facts.access?.canWrite ?? false,
    };
  }
  if (facts.access && !facts.access.canWrite) return { kind: "blocked", reason: facts.access.reason, register: false };
  if (facts.readError) return { kind: "blocked", reason: `Its plans couldn't be read (${facts.readError}).`, register: false };
  const pricing = facts.pricing;
  if (!pricing) return { kind: "blocked", reason: "The AI workloads plan is not offered on this subscription.", register: false };
  const managed = managedText(pricing.properties);
  if (managed) return { kind: "blocked", reason: managed, register: false };

  const trial = pricing.properties.freeTrialRemainingTime;
  const planChange = planChangeOf(change);
  const requests: PlannedRequest[] = [{ method: "GET", url: pricingUrl }];
  let current = pricing;
  const tier = tierWrite(current, planChange);
  if (tier) {
    requests.push({ method: "PUT", url: pricingUrl, body: tier }, { method: "GET", url: pricingUrl });
    current = afterTierWrite(current, tier);
  }
  const extensions = extensionsWrite(current, planChange);
  if (extensions) {
    requests.push({ method: "PUT", url: pricingUrl, body: extensions }, { method: "GET", url: pricingUrl });
    current = { ...current, properties: { ...current.properties, ...extensions.properties } };
  }
  if (!tier && !extensions) return { kind: "unchanged", trial };

  const chosen = new Set<string>(change.action === "enable" ? aiComponents.map((name) => name.toLowerCase()) : []);
  const names = new Set(
    [...(pricing.properties.extensions ?? []), ...(current.properties.extensions ?? [])].map((extension) => extension.name),
  );
  const components: ComponentChange[] = [];
  const kept: Array<{ name: string; on: boolean }> = [];
  for (const name of names) {
    const before = componentOn(pricing, name);
    const after = componentOn(current, name);
    if (chosen.has(name.toLowerCase()) || before !== after) components.push({ name, before, after });
    else kept.push({ name, on: before });
  }
  return {
    kind: "change",
    tier: tier ? { before: pricing.properties.pricingTier, after: tier.properties.pricingTier } : undefined,
    components,
    kept,
    trial,
    requests,
  };
}
