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

export const subscriptionsQuery = (arm: ArmClient, tenantId: string) =>
  queryOptions({ queryKey: armKeys.subscriptions(tenantId), queryFn: () => listSubscriptions(arm, tenantId) });

/** What a subscription row of Environment settings' Resource Graph query holds of the subscription. */
type ListedSubscription = { subscriptionId: string; name: string; state: string };

/**
 * One subscription; taken from what its directory's list (ARM's, or Environment settings' Resource
 * Graph query) already said, when that was read (no second request).
 */
export const subscriptionQuery = (arm: ArmClient, scope: SubscriptionScope, queryClient: QueryClient) => {
  const same = (id: string) => id.toLowerCase() === scope.subscriptionId.toLowerCase();
  const fromList = () => queryClient.getQueryData(subscriptionsQuery(arm, scope.tenantId).queryKey)?.find((s) => same(s.subscriptionId));
  const fromGraph = (): Subscription | undefined => {
    const row = queryClient
      .getQueryData<{ subscriptions: ListedSubscription[] }>(armKeys.coverage(scope.tenantId))
      ?.subscriptions.find((s) => same(s.subscriptionId));
    return (
      row && {
        id: `/subscriptions/${row.subscriptionId}`,
        subscriptionId: row.subscriptionId,
        tenantId: scope.tenantId,
        displayName: row.name,
        state: row.state,
      }
    );
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
