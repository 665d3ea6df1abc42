import { type QueryClient, queryOptions } from "@tanstack/react-query";
import type { ArmClient } from "./client";
import { listPermissions } from "./authorization";
import { getSubscription, listSubscriptions, listTenants } from "./directories";
import { listPricings, type SubscriptionScope } from "./pricings";

// Query keys and fetchers for every ARM read, in one place, so that pages sharing data share a cache
// entry and a save invalidates exactly what it changed.

export const armKeys = {
  all: ["arm"] as const,
  tenants: () => [...armKeys.all, "tenants"] as const,
  subscriptions: (tenantId: string) => [...armKeys.all, "tenant", tenantId.toLowerCase(), "subscriptions"] as const,
  /** Environment settings' Resource Graph query: every subscription of a directory with its coverage. */
  coverage: (tenantId: string) => [...armKeys.all, "tenant", tenantId.toLowerCase(), "coverage"] as const,
  subscription: (scope: SubscriptionScope) => [...armKeys.all, "subscription", scope.subscriptionId.toLowerCase()] as const,
  pricings: (scope: SubscriptionScope) => [...armKeys.subscription(scope), "pricings"] as const,
  permissions: (scope: SubscriptionScope) => [...armKeys.subscription(scope), "permissions"] as const,
};

export const tenantsQuery = (arm: ArmClient, homeTenantId: string) =>
  queryOptions({ queryKey: armKeys.tenants(), queryFn: () => listTenants(arm, homeTenantId) });

export const subscriptionsQuery = (arm: ArmClient, tenantId: string) =>
  queryOptions({ queryKey: armKeys.subscriptions(tenantId), queryFn: () => listSubscriptions(arm, tenantId) });

/** One subscription; taken from its directory's list when that was read already (no second request). */
export const subscriptionQuery = (arm: ArmClient, scope: SubscriptionScope, queryClient: QueryClient) =>
  queryOptions({
    queryKey: armKeys.subscription(scope),
    queryFn: () => getSubscription(arm, scope.tenantId, scope.subscriptionId),
    initialData: () =>
      queryClient
        .getQueryData(subscriptionsQuery(arm, scope.tenantId).queryKey)
        ?.find((subscription) => subscription.subscriptionId.toLowerCase() === scope.subscriptionId.toLowerCase()),
    // As fresh as the list it came from.
    initialDataUpdatedAt: () => queryClient.getQueryState(armKeys.subscriptions(scope.tenantId))?.dataUpdatedAt,
  });

export const pricingsQuery = (arm: ArmClient, scope: SubscriptionScope) =>
  queryOptions({ queryKey: armKeys.pricings(scope), queryFn: () => listPricings(arm, scope) });

export const permissionsQuery = (arm: ArmClient, scope: SubscriptionScope) =>
  queryOptions({ queryKey: armKeys.permissions(scope), queryFn: () => listPermissions(arm, scope) });
