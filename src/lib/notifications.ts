import { useSyncExternalStore } from "react";

/**
 * The top bar's notifications, like the portal's bell: every long task (a Save, later bulk runs)
 * posts its outcome here, so it stays available after the user left the page that started it.
 * A tiny external store, so tasks that outlive their page can post without React.
 */
export type AppNotification = {
  id: number;
  intent: "success" | "warning" | "error";
  title: string;
  message: string;
  /** Where the outcome can be seen, e.g. the subscription's Defender plans page. */
  link?: { label: string; to: string };
  postedAt: number;
  read: boolean;
  /** Read out by the live region of the top bar: the page that started the task is gone and cannot say it. */
  announce: boolean;
};

type State = { notifications: AppNotification[] };

let state: State = { notifications: [] };
const listeners = new Set<() => void>();
let nextId = 1;

function update(next: State) {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Newest first; a long session keeps the last 50. */
export function postNotification(notification: Omit<AppNotification, "id" | "postedAt" | "read">): void {
  const posted = { ...notification, id: nextId++, postedAt: Date.now(), read: false };
  update({ notifications: [posted, ...state.notifications].slice(0, 50) });
}

export function markAllNotificationsRead(): void {
  if (state.notifications.every((notification) => notification.read)) return;
  update({ notifications: state.notifications.map((notification) => ({ ...notification, read: true })) });
}

export function dismissNotification(id: number): void {
  update({ notifications: state.notifications.filter((notification) => notification.id !== id) });
}

export function useNotifications(): AppNotification[] {
  return useSyncExternalStore(subscribe, () => state).notifications;
}

/** On sign-out: one account's outcomes are not shown to the next. */
export function clearNotifications(): void {
  update({ notifications: [] });
}
