import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { Pricing } from "../../lib/arm/schemas";
import { stageChange, type StagedChanges, without } from "./plan-change";
import type { ExtensionFailure } from "./save-outcome";

/**
 * Staged (unsaved) plan changes per subscription, and what the last Save reported per plan, of one
 * signed-in account. Kept in session storage, so a sign-in round trip or a reload does not lose what
 * the user chose; but never shown to another account: a change someone staged and did not save must
 * not be one click away from being written under somebody else's identity.
 */
type Store = {
  /** MSAL's home account id ("{oid}.{home tenant id}"): whose changes these are. */
  account: string;
  staged: Record<string, StagedChanges>;
  /** subscription → plan → components the service reported as failed on the last Save. */
  failures: Record<string, Record<string, ExtensionFailure[]>>;
};

const STORAGE_KEY = "defender-ai.staged-changes";

function readStore(account: string): Store {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const stored = raw ? (JSON.parse(raw) as Partial<Store>) : undefined;
    if (stored?.account === account && stored.staged && stored.failures) return stored as Store;
  } catch {
    // A corrupt entry must not break the app; start empty.
  }
  return { account, staged: {}, failures: {} };
}

/** Drops every staged change: on sign-out, and whenever nobody is signed in. */
export function forgetStagedChanges(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

type StagedChangesApi = {
  store: Store;
  setStore: (update: (store: Store) => Store) => void;
};

const StagedChangesContext = createContext<StagedChangesApi | null>(null);

/** Mount with `key={account}`, so that another account starts from its own (empty) store. */
export function StagedChangesProvider({ account, children }: { account: string; children: ReactNode }) {
  const [store, setStoreState] = useState<Store>(() => readStore(account));
  useEffect(() => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(store));
  }, [store]);
  const api = useMemo<StagedChangesApi>(() => ({ store, setStore: setStoreState }), [store]);
  return <StagedChangesContext.Provider value={api}>{children}</StagedChangesContext.Provider>;
}

const key = (subscriptionId: string) => subscriptionId.toLowerCase();
const hasStaged = (staged: Store["staged"], subscriptionId: string) => Object.keys(staged[key(subscriptionId)] ?? {}).length > 0;

/**
 * Whether a subscription has changes staged and not saved, for lists that ask of many subscriptions:
 * one context read for the list rather than the full API per row.
 */
export function useHasStagedChanges(): (subscriptionId: string) => boolean {
  const context = useContext(StagedChangesContext);
  if (!context) throw new Error("useHasStagedChanges must be used inside StagedChangesProvider");
  const { staged } = context.store;
  return useCallback((subscriptionId: string) => hasStaged(staged, subscriptionId), [staged]);
}

export function useStagedChanges(subscriptionId: string) {
  const context = useContext(StagedChangesContext);
  if (!context) throw new Error("useStagedChanges must be used inside StagedChangesProvider");
  const { store, setStore } = context;
  const staged = useMemo(() => store.staged[key(subscriptionId)] ?? {}, [store, subscriptionId]);
  const failures = useMemo(() => store.failures[key(subscriptionId)] ?? {}, [store, subscriptionId]);

  const stage = useCallback(
    (saved: Pricing, wish: Parameters<typeof stageChange>[2]) =>
      setStore((current) => {
        const before = current.staged[key(subscriptionId)] ?? {};
        const next = stageChange(before[saved.name], saved, wish);
        const forSubscription = next ? { ...before, [saved.name]: next } : without(before, saved.name);
        return { ...current, staged: { ...current.staged, [key(subscriptionId)]: forSubscription } };
      }),
    [setStore, subscriptionId],
  );

  /** After a Save: forget what was applied, keep what failed, remember component failures per plan. */
  const settle = useCallback(
    (appliedPlans: string[], planFailures: Record<string, ExtensionFailure[]>) =>
      setStore((current) => {
        const forSubscription = Object.fromEntries(
          Object.entries(current.staged[key(subscriptionId)] ?? {}).filter(([plan]) => !appliedPlans.includes(plan)),
        );
        return {
          ...current,
          staged: { ...current.staged, [key(subscriptionId)]: forSubscription },
          // Failures of plans this Save did not write stay visible until those plans are written again.
          failures: { ...current.failures, [key(subscriptionId)]: { ...current.failures[key(subscriptionId)], ...planFailures } },
        };
      }),
    [setStore, subscriptionId],
  );

  const discard = useCallback(
    () => setStore((current) => ({ ...current, staged: { ...current.staged, [key(subscriptionId)]: {} } })),
    [setStore, subscriptionId],
  );

  return { staged, failures, stage, settle, discard, hasChanges: hasStaged(store.staged, subscriptionId) };
}
