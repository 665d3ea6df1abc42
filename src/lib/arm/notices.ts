import { useSyncExternalStore } from "react";

/**
 * What the ARM client layer is doing that the user should see: retries after throttling or a busy
 * service, and whether Azure can be reached at all. A tiny external store, read with
 * useSyncExternalStore, so the client layer stays free of React.
 */
export type RetryNotice = { id: number; message: string };
export type Connectivity = "online" | "offline";

type State = {
  retries: RetryNotice[];
  connectivity: Connectivity;
  /** When requests started failing to reach Azure; only a later successful probe means it is back. */
  offlineSince: number;
};

let state: State = { retries: [], connectivity: "online", offlineSince: 0 };
const listeners = new Set<() => void>();
let nextId = 1;

function update(next: Partial<State>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows `message` until the returned function is called. */
export function showRetryNotice(message: string): () => void {
  const notice = { id: nextId++, message };
  update({ retries: [...state.retries, notice] });
  return () => update({ retries: state.retries.filter((candidate) => candidate.id !== notice.id) });
}

export function reportConnectivity(connectivity: Connectivity) {
  if (state.connectivity === connectivity) return;
  update(connectivity === "offline" ? { connectivity, offlineSince: Date.now() } : { connectivity });
}

export function useArmNotices(): State {
  return useSyncExternalStore(subscribe, () => state);
}

const throttleListeners = new Set<(waitMs: number) => void>();

/**
 * Calls `listener` each time Azure throttles a request (429 or 503) and asks to wait `waitMs`, so
 * that a run over many subscriptions slows down for the whole principal, not only the one request.
 */
export function onThrottled(listener: (waitMs: number) => void): () => void {
  throttleListeners.add(listener);
  return () => throttleListeners.delete(listener);
}

export function reportThrottled(waitMs: number): void {
  for (const listener of throttleListeners) listener(waitMs);
}
