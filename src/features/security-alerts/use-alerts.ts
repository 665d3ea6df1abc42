import { queryOptions, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { type Alert, listAlerts } from "../../lib/arm/alerts";
import type { ArmClient } from "../../lib/arm/client";
import { ArmError } from "../../lib/arm/errors";
import { onThrottled } from "../../lib/arm/notices";
import type { SubscriptionScope } from "../../lib/arm/pricings";
import { armKeys, subscriptionsQuery, tenantsQuery } from "../../lib/arm/queries";
import { useHomeAccount } from "../../lib/auth/msal";
import { useArm } from "../../lib/services";
import { adaptiveLimit } from "../bulk/scheduler";
import { useSelection } from "../bulk/selection";
import type { AlertEntry } from "./alerts";
import { SELECTED_SUBSCRIPTIONS } from "./paths";

/** A subscription's alerts; none, and said so, where Microsoft.Security is not registered (it has no alerts then). */
export type AlertsRead = { registered: boolean; alerts: Alert[] };

// One alerts list per subscription (the alerts API has no wider scope), thousands of them for a large
// estate: read a few at a time, more while Azure keeps up, fewer when it throttles.
const listLimit = adaptiveLimit({ initial: 6, max: 32 });
onThrottled((waitMs) => listLimit.throttled(waitMs));

export const alertsQuery = (arm: ArmClient, scope: SubscriptionScope) =>
  queryOptions({
    queryKey: armKeys.alerts(scope),
    // Alerts arrive without anything the user does: read again each time the page opens (the cached list shows meanwhile).
    staleTime: 0,
    queryFn: (): Promise<AlertsRead> =>
      listLimit.run(async () => {
        try {
          return { registered: true, alerts: await listAlerts(arm, scope) };
        } catch (error) {
          if (error instanceof ArmError && error.code.toLowerCase() === "subscription not registered")
            return { registered: false, alerts: [] };
          throw error;
        }
      }),
  });

export type AlertSubscription = SubscriptionScope & { name: string };

/** The subscriptions the user can read, of every directory, by name (as Environment settings read them, if it did). */
function useSubscriptions() {
  const arm = useArm();
  const queryClient = useQueryClient();
  const tenants = useQuery(tenantsQuery(arm, useHomeAccount()?.tenantId ?? ""));
  const lists = useQueries({
    queries: (tenants.data ?? []).map((tenant) => subscriptionsQuery(arm, tenant.tenantId, queryClient)),
    combine: (results) => results.map(({ data, error, refetch }) => ({ data, error, refetch })),
  });
  const subscriptions = useMemo(
    () =>
      (tenants.data ?? [])
        .flatMap((tenant, index) =>
          (lists[index]?.data ?? []).map((subscription) => ({
            tenantId: tenant.tenantId,
            subscriptionId: subscription.subscriptionId,
            name: subscription.displayName,
          })),
        )
        .sort((a, b) => a.name.localeCompare(b.name)),
    [tenants.data, lists],
  );
  const loading = tenants.isPending || lists.some((list) => !list.data && !list.error);
  const errors = [tenants, ...lists].flatMap(({ error, refetch }) => (error ? [{ error, retry: () => void refetch() }] : []));
  return { subscriptions, loading, errors };
}

export type SubscriptionRead = { subscription: AlertSubscription; read?: AlertsRead; error: Error | null; retry: () => void };

/**
 * The alerts of the subscriptions in scope: one (`subscription` is its id), those selected in
 * Environment settings, or all. Only those are read, so a link to one subscription's alerts costs one list.
 */
export function useAlerts(subscription: string) {
  const arm = useArm();
  const all = useSubscriptions();
  const selection = useSelection();
  const inScope = useMemo((): AlertSubscription[] => {
    if (subscription === SELECTED_SUBSCRIPTIONS) return Object.values(selection.selected);
    if (!subscription) return all.subscriptions;
    const one = all.subscriptions.find((candidate) => candidate.subscriptionId.toLowerCase() === subscription.toLowerCase());
    return one ? [one] : [];
  }, [subscription, selection.selected, all.subscriptions]);
  const results = useQueries({
    queries: inScope.map((scope) => alertsQuery(arm, scope)),
    combine: (answers) => answers.map(({ data, error, refetch }) => ({ data, error, refetch })),
  });
  const reads = useMemo(
    () =>
      inScope.map((scope, index): SubscriptionRead => ({
        subscription: scope,
        ...(results[index]?.data && { read: results[index].data }),
        error: results[index]?.error ?? null,
        retry: () => void results[index]?.refetch(),
      })),
    [inScope, results],
  );
  const entries = useMemo(
    () =>
      reads.flatMap(({ subscription: scope, read }) =>
        (read?.alerts ?? []).map((alert): AlertEntry => ({
          alert,
          scope: { tenantId: scope.tenantId, subscriptionId: scope.subscriptionId },
          subscriptionName: scope.name,
        })),
      ),
    [reads],
  );
  return { subscriptions: all.subscriptions, listing: all.loading, listErrors: all.errors, reads, entries };
}
