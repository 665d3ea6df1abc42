import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from "react";

/**
 * The browser history the signed-in pages navigate in, as a location hook for wouter (which matches
 * routes and renders links) plus what wouter leaves out: a location's state and key, and blocking a
 * navigation until the user has answered "leave with unsaved changes?", also for Back and Forward.
 *
 * Why not React Router: its data router (the mode with a navigation blocker) was 27 KB gzip of the
 * plans page's download, wouter with this module about 3 KB.
 */
export type AppLocation = {
  pathname: string;
  search: string;
  /** What the navigation passed along (e.g. where focus should go), or null. */
  state: unknown;
  /** New for every navigation, also to the same URL. */
  key: string;
};

/** What we keep in `history.state`: the entry's position lets Back and Forward be measured, and undone while blocked. */
type HistoryEntry = { key: string; index: number; state: unknown };

export type NavigateOptions = { replace?: boolean; state?: unknown };

/** Whether a navigation from `current` to `next` must wait for the user. */
export type BlockFunction = (args: { currentLocation: AppLocation; nextLocation: AppLocation }) => boolean;

export type Blocker =
  | { state: "unblocked"; location: undefined; proceed: undefined; reset: undefined }
  | { state: "blocked"; location: AppLocation; proceed: () => void; reset: () => void };

const unblocked: Blocker = { state: "unblocked", location: undefined, proceed: undefined, reset: undefined };

const newKey = () => Math.random().toString(36).slice(2, 10);

function historyEntry(): HistoryEntry | undefined {
  const entry = window.history.state as Partial<HistoryEntry> | null;
  return typeof entry?.key === "string" && typeof entry.index === "number" ? (entry as HistoryEntry) : undefined;
}

function readLocation(): { location: AppLocation; index: number } {
  const entry = historyEntry();
  return {
    location: {
      pathname: window.location.pathname,
      search: window.location.search,
      state: entry?.state ?? null,
      key: entry?.key ?? "default",
    },
    index: entry?.index ?? 0,
  };
}

let current = readLocation();
let blocker: Blocker = unblocked;
let blockFunction: BlockFunction | undefined;
/** Set while we move the history ourselves (undoing a blocked Back, or carrying it out): that popstate is ours. */
let ownMove: "undo" | "proceed" | undefined;
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  // Entries made before the app started (the first page, MSAL's return) get a position now.
  if (listeners.size === 0 && !historyEntry()) {
    window.history.replaceState({ key: current.location.key, index: current.index, state: null } satisfies HistoryEntry, "");
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function targetOf(to: string, state: unknown): AppLocation {
  const url = new URL(to, window.location.href);
  return { pathname: url.pathname, search: url.search, state: state ?? null, key: newKey() };
}

function isBlocked(next: AppLocation) {
  return blockFunction?.({ currentLocation: current.location, nextLocation: next }) ?? false;
}

function block(next: AppLocation, proceed: () => void) {
  blocker = {
    state: "blocked",
    location: next,
    proceed: () => {
      blocker = unblocked;
      notify();
      proceed();
    },
    reset: () => {
      blocker = unblocked;
      notify();
    },
  };
  notify();
}

/** Goes to `to` (a path in this app), unless a blocker asks first; then it goes once the user agrees. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const next = targetOf(to, options.state);
  const go = () => {
    const replace = options.replace === true || (next.pathname === current.location.pathname && next.search === current.location.search);
    const index = replace ? current.index : current.index + 1;
    const entry: HistoryEntry = { key: next.key, index, state: next.state };
    const url = next.pathname + next.search;
    if (replace) window.history.replaceState(entry, "", url);
    else window.history.pushState(entry, "", url);
    current = { location: next, index };
    notify();
  };
  if (blocker.state === "blocked") return;
  if (isBlocked(next)) block(next, go);
  else go();
}

// Back and Forward have already happened when the browser tells us: while blocked, the move is
// undone at once (the page never changes), and carried out again if the user agrees to leave.
window.addEventListener("popstate", () => {
  const next = readLocation();
  const delta = current.index - next.index;
  if (ownMove === "undo") {
    ownMove = undefined;
    return;
  }
  if (ownMove !== "proceed" && delta !== 0 && isBlocked(next.location)) {
    ownMove = "undo";
    window.history.go(delta);
    block(next.location, () => {
      ownMove = "proceed";
      window.history.go(-delta);
    });
    return;
  }
  ownMove = undefined;
  current = next;
  notify();
});

function useCurrent<T>(select: () => T): T {
  return useSyncExternalStore(subscribe, select);
}

/** The current location, with the state its navigation passed along. */
export function useAppLocation(): AppLocation {
  return useCurrent(() => current.location);
}

/** wouter's location hook: the path, and navigate (used by its Link and Redirect). */
export function useLocationHook(): [string, (to: string, options?: NavigateOptions) => void] {
  return [useCurrent(() => current.location.pathname), navigate];
}
useLocationHook.searchHook = function useSearchHook(): string {
  return useCurrent(() => current.location.search);
};

/**
 * Holds navigations for which `shouldBlock` says yes until `proceed` or `reset` is called (one
 * blocker at a time, like React Router's `useBlocker`). Links, `navigate`, Back and Forward all ask.
 */
export function useBlocker(shouldBlock: BlockFunction): Blocker {
  const latest = useRef(shouldBlock);
  useLayoutEffect(() => {
    latest.current = shouldBlock;
  });
  useEffect(() => {
    const ask: BlockFunction = (args) => latest.current(args);
    blockFunction = ask;
    return () => {
      if (blockFunction === ask) blockFunction = undefined;
      if (blocker.state === "blocked") blocker.reset();
    };
  }, []);
  return useCurrent(() => blocker);
}
