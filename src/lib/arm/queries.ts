import { type QueryClient, queryOptions } from "@tanstack/react-query";
import type { ArmClient } from "./client";
import { listPermissions } from "./authorization";
import { getSubscription, listSubscriptions, listTenants } from "./directories";
import { listPricings, type SubscriptionScope } from "./pricings";
import type { Subscription } from "./schemas";

// Query keys and fetchers for every ARM read, in one place, so that pages sharing data share a cache
// entry and a save invalidates exactly what it changed.

export const armKeys = {
  all: ["arm"] as const,
  tenants: () => [...armKeys.all, "tenants"] as const,
  subscriptions: (tenantId: string) => [...armKeys.all, "tenant", tenantId.toLowerCase(), "subscriptions"] as const,
  /** Environment settings' Resource Graph query: every subscription of a directory with its coverage. */
  coverage: (tenantId: string) => [...armKeys.all, "tenant", tenantId.toLowerCase(), "coverage"] as const,
  /** Environment settings without Resource Graph: every subscription's pricings read on its own. */
  coverageOfEach: (tenantId: string) => [...armKeys.all, "tenant", tenantId.toLowerCase(), "coverage of each subscription"] as const,
  subscription: (scope: SubscriptionScope) => [...armKeys.all, "subscription", scope.subscriptionId.toLowerCase()] as const,
  pricings: (scope: SubscriptionScope) => [...armKeys.subscription(scope), "pricings"] as const,
  permissions: (scope: SubscriptionScope) => [...armKeys.subscription(scope), "permissions"] as const,
  alerts: (scope: SubscriptionScope) => [...armKeys.subscription(scope), "alerts"] as const,
};

export const tenantsQuery = (arm: ArmClient, homeTenantId: string) =>
  queryOptions({ queryKey: armKeys.tenants(), queryFn: () => listTenants(arm, homeTenantId) });

/** What a subscription row of Environment settings' Resource Graph query holds of the subscription. */
type ListedSubscription = { subscriptionId: string; name: string; state: string };

/** Environment settings' Resource Graph answer for a directory, as far as it is read. */
const graphCoverage = (queryClient: QueryClient, tenantId: string) =>
  queryClient.getQueryData<{ subscriptions: ListedSubscription[]; complete: boolean }>(armKeys.coverage(tenantId));

const subscriptionOfRow = (row: ListedSubscription, tenantId: string): Subscription => ({
  id: `/subscriptions/${row.subscriptionId}`,
  subscriptionId: row.subscriptionId,
  tenantId,
  displayName: row.name,
  state: row.state,
});

/** A directory's subscriptions as Environment settings' Resource Graph query listed them, once it has read them all. */
function subscriptionsFromGraph(queryClient: QueryClient, tenantId: string): Subscription[] | undefined {
  const coverage = graphCoverage(queryClient, tenantId);
  return coverage?.complete ? coverage.subscriptions.map((row) => subscriptionOfRow(row, tenantId)) : undefined;
}

/**
 * A directory's subscriptions. With the query cache, taken from Environment settings' Resource Graph
 * query when that has read them all (no second read of the same list), as fresh as that answer.
 */
export const subscriptionsQuery = (arm: ArmClient, tenantId: string, queryClient?: QueryClient) =>
  queryOptions({
    queryKey: armKeys.subscriptions(tenantId),
    queryFn: () => listSubscriptions(arm, tenantId),
    ...(queryClient && {
      initialData: () => subscriptionsFromGraph(queryClient, tenantId),
      initialDataUpdatedAt: () => queryClient.getQueryState(armKeys.coverage(tenantId))?.dataUpdatedAt,
    }),
  });

/**
 * One subscription; taken from what its directory's list (ARM's, or Environment settings' Resource
 * Graph query) already said, when that was read (no second request).
 */
export const subscriptionQuery = (arm: ArmClient, scope: SubscriptionScope, queryClient: QueryClient) => {
  const same = (id: string) => id.toLowerCase() === scope.subscriptionId.toLowerCase();
  const fromList = () => queryClient.getQueryData(subscriptionsQuery(arm, scope.tenantId).queryKey)?.find((s) => same(s.subscriptionId));
  const fromGraph = (): Subscription | undefined => {
    const row = graphCoverage(queryClient, scope.tenantId)?.subscriptions.find((s) => same(s.subscriptionId));
    return row && subscriptionOfRow(row, scope.tenantId);
  };
  return queryOptions({
    queryKey: armKeys.subscription(scope),
    queryFn: () => getSubscription(arm, scope.tenantId, scope.subscriptionId),
    initialData: () => fromList() ?? fromGraph(),
    // As fresh as the list it came from.
    initialDataUpdatedAt: () =>
      queryClient.getQueryState(fromList() ? armKeys.subscriptions(scope.tenantId) : armKeys.coverage(scope.tenantId))?.dataUpdatedAt,
  });
};

export const pricingsQuery = (arm: ArmClient, scope: SubscriptionScope) =>
  queryOptions({ queryKey: armKeys.pricings(scope), queryFn: () => listPricings(arm, scope) });

export const permissionsQuery = (arm: ArmClient, scope: SubscriptionScope) =>
  queryOptions({ queryKey: armKeys.permissions(scope), queryFn: () => listPermissions(arm, scope) });
