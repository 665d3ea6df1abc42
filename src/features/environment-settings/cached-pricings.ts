import { type Query, type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useMemo, useSyncExternalStore } from "react";
import { isArmError } from "../../lib/arm/errors";
import { armKeys } from "../../lib/arm/queries";
import type { Pricing } from "../../lib/arm/schemas";
import { type PlansSummary, summarizePricings } from "./coverage";

/** A subscription's pricings as the query cache holds them, summarised once per answer. */
export type CachedPricings = {
  summary: PlansSummary | undefined;
  /** When ARM answered; 0 when it has not. */
  updatedAt: number;
  pending: boolean;
  notRegistered: boolean;
  error: unknown;
};

const [arm, subscriptionSegment] = armKeys.pricings({ tenantId: "", subscriptionId: "" });
const isPricings = (query: Query) => {
  const key = query.queryKey;
  return key.length === 4 && key[0] === arm && key[1] === subscriptionSegment && key[3] === "pricings";
};

/**
 * Every subscription's pricings in the query cache (read by Environment settings' per-subscription
 * fallback, a visit to a plans page, or a Save), keyed by lower-case subscription id. One watcher for
 * the whole page instead of one query observer per row, and bursts of answers coalesced into one
 * render, so ten thousand rows do not mean ten thousand observers.
 */
function cacheWatcher(queryClient: QueryClient) {
  const cache = queryClient.getQueryCache();
  const summaries = new WeakMap<Pricing[], PlansSummary>();
  const listeners = new Set<() => void>();
  let scheduled = false;

  const entryOf = (query: Query): CachedPricings => {
    const data = query.state.data as Pricing[] | undefined;
    let summary = data && summaries.get(data);
    if (data && !summary) summaries.set(data, (summary = summarizePricings(data)));
    return {
      summary,
      updatedAt: query.state.dataUpdatedAt,
      pending: query.state.status === "pending",
      notRegistered: isArmError(query.state.error, "Subscription Not Registered"),
      error: query.state.error,
    };
  };
  const read = () =>
    new Map(
      cache
        .findAll()
        .filter(isPricings)
        .map((query) => [String(query.queryKey[2]), entryOf(query)]),
    );
  let snapshot = read();

  return {
    subscribe: (listener: () => void) => {
      if (listeners.size === 0) snapshot = read();
      listeners.add(listener);
      const unsubscribe = cache.subscribe((event) => {
        if (!isPricings(event.query as Query) || scheduled) return;
        scheduled = true;
        queueMicrotask(() => {
          scheduled = false;
          snapshot = read();
          for (const notify of listeners) notify();
        });
      });
      return () => {
        unsubscribe();
        listeners.delete(listener);
      };
    },
    snapshot: () => snapshot,
  };
}

export function useCachedPricings(): ReadonlyMap<string, CachedPricings> {
  const queryClient = useQueryClient();
  const watcher = useMemo(() => cacheWatcher(queryClient), [queryClient]);
  return useSyncExternalStore(watcher.subscribe, watcher.snapshot);
}
