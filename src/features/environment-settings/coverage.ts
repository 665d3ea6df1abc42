import { queryOptions } from "@tanstack/react-query";
import pLimit from "p-limit";
import * as v from "valibot";
import type { ArmClient } from "../../lib/arm/client";
import { listPricings, type SubscriptionScope } from "../../lib/arm/pricings";
import { armKeys } from "../../lib/arm/queries";
import { queryResourceGraph } from "../../lib/arm/resource-graph";
import type { Pricing } from "../../lib/arm/schemas";
import { deprecatedPlans, visiblePlans } from "../../lib/plans/catalogue";

/** A subscription as Environment settings lists it: where it sits, and what Defender covers there. */
export type SubscriptionCoverage = {
  subscriptionId: string;
  name: string;
  state: string;
  /** The management groups above it, nearest first, ending with the tenant's root group. */
  managementGroups: Array<{ name: string; displayName: string }>;
  /** Undefined while Microsoft.Security is not registered: the subscription has no plans then. */
  plans: PlansSummary | undefined;
};

export type PlansSummary = { total: number; on: number; ai: "On" | "Off" | "Not offered"; promptEvidence: boolean | undefined };

/** The same summary from a subscription's pricings as read from ARM (after a Save, or when Resource Graph is not there). */
export function summarizePricings(pricings: Pricing[]): PlansSummary {
  const plans = visiblePlans(pricings);
  const ai = plans.find((pricing) => pricing.name.toLowerCase() === "ai");
  const evidence = ai?.properties.extensions?.find((extension) => extension.name.toLowerCase() === "aipromptevidence");
  return {
    total: plans.length,
    on: plans.filter((pricing) => pricing.properties.pricingTier.toLowerCase() === "standard").length,
    ai: !ai ? "Not offered" : ai.properties.pricingTier.toLowerCase() === "standard" ? "On" : "Off",
    promptEvidence: evidence ? evidence.isEnabled.toLowerCase() === "true" : undefined,
  };
}

const rowSchema = v.looseObject({
  subscriptionId: v.string(),
  name: v.string(),
  state: v.string(),
  managementGroups: v.nullish(v.array(v.looseObject({ name: v.string(), displayName: v.string() })), []),
  plans: v.nullish(v.number()),
  plansOn: v.nullish(v.number()),
  aiTier: v.nullish(v.string()),
  promptEvidence: v.nullish(v.string()),
});

const kqlString = (value: string) => `"${value.replace(/["\\]/g, "\\$&")}"`;

/**
 * One row per subscription: Resource Graph's subscriptions (with the groups above each) joined with
 * their pricings counted (deprecated plans left out, as on the plans page) and with the AI plan's
 * prompt-evidence component. `max` over the AI plan's tier picks it out of the group ("Standard" >
 * "Free" > "", the empty string of every other plan).
 */
const coverageKql = `resourcecontainers
| where type == "microsoft.resources/subscriptions"
| project id, subscriptionId, name, state = tostring(properties.state), managementGroups = properties.managementGroupAncestorsChain
| join kind=leftouter (
    securityresources
    | where type == "microsoft.security/pricings" and tostring(properties.deprecated) != "true" and name !in~ (${[...deprecatedPlans].map(kqlString).join(", ")})
    | extend tier = tostring(properties.pricingTier)
    | summarize plans = count(), plansOn = countif(tier =~ "Standard"), aiTier = max(iff(name =~ "AI", tier, "")) by subscriptionId
  ) on subscriptionId
| join kind=leftouter (
    securityresources
    | where type == "microsoft.security/pricings" and name =~ "AI"
    | mv-expand extension = properties.extensions
    | where tostring(extension.name) =~ "AIPromptEvidence"
    | project subscriptionId, promptEvidence = tostring(extension.isEnabled)
  ) on subscriptionId
| project id, subscriptionId, name, state, managementGroups, plans, plansOn, aiTier, promptEvidence
| order by id asc`;

/** Every subscription of a directory the user can read, with its coverage: one Resource Graph query, all pages. */
export async function readCoverage(client: ArmClient, tenantId: string): Promise<SubscriptionCoverage[]> {
  const rows = await queryResourceGraph(client, {
    tenantId,
    query: coverageKql,
    row: rowSchema,
    operation: "the Defender coverage of your subscriptions",
  });
  return rows.map((row) => ({
    subscriptionId: row.subscriptionId,
    name: row.name,
    state: row.state,
    managementGroups: row.managementGroups,
    plans:
      row.plans === null || row.plans === undefined
        ? undefined
        : {
            total: row.plans,
            on: row.plansOn ?? 0,
            ai: !row.aiTier ? "Not offered" : row.aiTier.toLowerCase() === "standard" ? "On" : "Off",
            promptEvidence: row.promptEvidence ? row.promptEvidence.toLowerCase() === "true" : undefined,
          },
  }));
}

export const coverageQuery = (arm: ArmClient, tenantId: string) =>
  queryOptions({ queryKey: armKeys.coverage(tenantId), queryFn: () => readCoverage(arm, tenantId) });

/**
 * Without Resource Graph, each subscription's pricings are read on their own: a few at a time, so
 * thousands of rows do not send thousands of requests at once (the browser refuses them).
 */
const fewAtATime = pLimit(6);

export const directPricingsQuery = (arm: ArmClient, scope: SubscriptionScope) =>
  queryOptions({ queryKey: armKeys.pricings(scope), queryFn: () => fewAtATime(() => listPricings(arm, scope)) });
