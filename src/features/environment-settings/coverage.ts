import { type QueryClient, queryOptions, experimental_streamedQuery as streamedQuery } from "@tanstack/react-query";
import pLimit from "p-limit";
import * as v from "valibot";
import type { ArmClient } from "../../lib/arm/client";
import { listSubscriptions } from "../../lib/arm/directories";
import { listPricings } from "../../lib/arm/pricings";
import { armKeys } from "../../lib/arm/queries";
import { resourceGraphPages } from "../../lib/arm/resource-graph";
import type { Pricing } from "../../lib/arm/schemas";
import { isArmError } from "../../lib/arm/errors";
import { postNotification } from "../../lib/notifications";
import { environmentSettingsPath } from "../../lib/paths";
import { deprecatedPlans, visiblePlans } from "../../lib/plans/catalogue";
import type { CachedPricings } from "./cached-pricings";
import type { Coverage } from "./tree";

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
    | summarize plans = count(), plansOn = countif(tostring(properties.pricingTier) =~ "Standard"),
        aiTier = max(iff(name =~ "AI", tostring(properties.pricingTier), "")) by subscriptionId
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

const coverageOfRow = (row: v.InferOutput<typeof rowSchema>): SubscriptionCoverage => ({
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
});

/**
 * Every subscription of a directory the user can read, with its coverage: one Resource Graph query,
 * page by page (past the service's 10,000 subscriptions, one per 1,000 listed by ARM).
 */
async function* coveragePages(client: ArmClient, tenantId: string): AsyncGenerator<SubscriptionCoverage[]> {
  const pages = resourceGraphPages(client, {
    tenantId,
    query: coverageKql,
    row: rowSchema,
    operation: "the Defender coverage of your subscriptions",
    allSubscriptions: async () => (await listSubscriptions(client, tenantId)).map((subscription) => subscription.subscriptionId),
  });
  for await (const page of pages) yield page.map(coverageOfRow);
}

/** A directory's coverage as far as it is read: complete once the last page is in. */
export type DirectoryCoverage = { subscriptions: SubscriptionCoverage[]; complete: boolean };

/**
 * The directory's coverage, shown page by page as Resource Graph answers: ten thousand subscriptions
 * take ten pages, and the first thousand need not wait for the other nine. A refresh keeps what is
 * shown until the new answer is complete.
 */
export const coverageQuery = (arm: ArmClient, tenantId: string) =>
  queryOptions({
    queryKey: armKeys.coverage(tenantId),
    queryFn: streamedQuery<{ subscriptions: SubscriptionCoverage[]; last: boolean }, DirectoryCoverage>({
      streamFn: async function* () {
        for await (const page of coveragePages(arm, tenantId)) yield { subscriptions: page, last: false };
        yield { subscriptions: [], last: true };
      },
      reducer: (read, chunk) => ({ subscriptions: [...read.subscriptions, ...chunk.subscriptions], complete: chunk.last }),
      initialValue: { subscriptions: [], complete: false },
      refetchMode: "replace",
    }),
  });

/**
 * Without Resource Graph, each subscription's pricings are read on their own: a few at a time, so
 * thousands of rows do not send thousands of requests at once (the browser refuses them).
 */
const fewAtATime = pLimit(6);

/** Above this, reading a directory's coverage one subscription at a time is a long task, and its end is notified. */
const longTaskMs = 5_000;

/**
 * A directory's coverage without Resource Graph: each subscription's pricings, into the cache entry
 * the plans page reads too (what is fresh there is not read again). The page watches those entries
 * (see useCachedPricings); this query only drives the reads, so a Refresh or a retry reads them again.
 */
export const coverageOfEachQuery = (
  arm: ArmClient,
  queryClient: QueryClient,
  directory: { tenantId: string; name: string },
  subscriptionIds: string[],
) =>
  queryOptions({
    queryKey: armKeys.coverageOfEach(directory.tenantId),
    queryFn: async () => {
      const started = Date.now();
      const outcomes = await Promise.allSettled(
        subscriptionIds.map((subscriptionId) =>
          queryClient.query({
            queryKey: armKeys.pricings({ tenantId: directory.tenantId, subscriptionId }),
            queryFn: () => fewAtATime(() => listPricings(arm, { tenantId: directory.tenantId, subscriptionId })),
            // Not watched by a query observer of their own: kept while the session lasts.
            gcTime: Infinity,
          }),
        ),
      );
      // "Not registered" is an answer (Defender for Cloud not enabled), not a failure.
      const failed = outcomes.filter(
        (outcome) => outcome.status === "rejected" && !isArmError(outcome.reason, "Subscription Not Registered"),
      ).length;
      if (Date.now() - started > longTaskMs)
        postNotification({
          intent: failed ? "warning" : "success",
          title: failed ? "Coverage read, with failures" : "Coverage read",
          message: `The Defender coverage of ${String(subscriptionIds.length - failed)} of ${String(subscriptionIds.length)} subscriptions in ${directory.name} was read one subscription at a time${failed ? `; ${String(failed)} could not be read` : ""}.`,
          link: { label: "Environment settings", to: environmentSettingsPath },
          announce: false,
        });
      return { read: subscriptionIds.length - failed, failed };
    },
  });

/** What a row shows: the graph's summary, unless ARM's own answer (a Save, a plans page, the fallback) is as new. */
export function coverageOf(graph: PlansSummary | undefined | "read", cached: CachedPricings | undefined, graphUpdatedAt: number): Coverage {
  if (graph === "read") {
    if (cached?.summary) return { state: "known", summary: cached.summary };
    if (!cached || cached.pending) return { state: "reading" };
    return cached.notRegistered ? { state: "not-registered" } : { state: "failed", error: cached.error };
  }
  // Resource Graph shows a write only after a while (usually seconds, at times minutes), so ARM's
  // answer wins over a graph answer up to GRAPH_LAG_MS younger than it.
  if (cached?.summary && cached.updatedAt > graphUpdatedAt - GRAPH_LAG_MS) return { state: "known", summary: cached.summary };
  return graph ? { state: "known", summary: graph } : { state: "not-registered" };
}

/** How far behind ARM Resource Graph may be. */
const GRAPH_LAG_MS = 5 * 60_000;
