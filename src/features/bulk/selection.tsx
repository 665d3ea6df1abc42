import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";

/**
 * The subscriptions chosen in Environment settings for a change to many at once, of one signed-in
 * account. Kept in session storage, like staged changes: a reload or a sign-in round trip keeps the
 * choice, another account never sees it.
 */
export type SelectedSubscription = { tenantId: string; subscriptionId: string; name: string };

type Store = { account: string; selected: Record<string, SelectedSubscription> };

const STORAGE_KEY = "defender-ai.selection";
const key = (subscriptionId: string) => subscriptionId.toLowerCase();

function readStore(account: string): Store {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const stored = raw ? (JSON.parse(raw) as Partial<Store>) : undefined;
    if (stored?.account === account && stored.selected) return stored as Store;
  } catch {
    // A corrupt entry must not break the app; start with nothing selected.
  }
  return { account, selected: {} };
}

/** Drops the selection: on sign-out, and whenever nobody is signed in. */
export function forgetSelection(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export type Selection = {
  /** By lower-cased subscription id. */
  selected: Readonly<Record<string, SelectedSubscription>>;
  count: number;
  isSelected: (subscriptionId: string) => boolean;
  /** Selects (or unselects) each of `subscriptions`, leaving the others as they are. */
  select: (subscriptions: readonly SelectedSubscription[], on: boolean) => void;
  clear: () => void;
};

const SelectionContext = createContext<Selection | null>(null);

/** Mount with `key={account}`, so that another account starts with nothing selected. */
export function SelectionProvider({ account, children }: { account: string; children: ReactNode }) {
  const [store, setStore] = useState<Store>(() => readStore(account));
  // Written when it changes, not as the app starts: a write to session storage costs the page several
  // milliseconds just after it first shows, and what was read (or another account's, which no one
  // reads) may stay until then.
  const written = useRef(store);
  useEffect(() => {
    if (store === written.current) return;
    written.current = store;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(store));
  }, [store]);
  const isSelected = useCallback((subscriptionId: string) => key(subscriptionId) in store.selected, [store]);
  const select = useCallback((subscriptions: readonly SelectedSubscription[], on: boolean) => {
    setStore((current) => {
      const selected = new Map(Object.entries(current.selected));
      for (const subscription of subscriptions) {
        if (on) selected.set(key(subscription.subscriptionId), subscription);
        else selected.delete(key(subscription.subscriptionId));
      }
      return { ...current, selected: Object.fromEntries(selected) };
    });
  }, []);
  const clear = useCallback(() => setStore((current) => ({ ...current, selected: {} })), []);
  const value = useMemo<Selection>(
    () => ({ selected: store.selected, count: Object.keys(store.selected).length, isSelected, select, clear }),
    [store, isSelected, select, clear],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

export function useSelection(): Selection {
  const context = useContext(SelectionContext);
  if (!context) throw new Error("useSelection must be used inside SelectionProvider");
  return context;
}
