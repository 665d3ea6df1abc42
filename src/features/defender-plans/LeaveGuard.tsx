import { type EventMessage, EventType, InteractionType } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { lazy, Suspense, useEffect, useState } from "react";
import { type AppLocation, useBlocker } from "../../lib/navigation";

// The question (a Fluent Dialog, with its focus library) is downloaded once there is unsaved work.
const loadDialog = () => import("./LeaveDialog");
const LeaveDialog = lazy(loadDialog);

/**
 * While `unsaved`, the browser asks before the page is left for good: the tab closed or reloaded, or
 * another site opened (`beforeunload`). Sign in again (a redirect to Entra ID and back) is not asked
 * about: the changes are kept in session storage across it, and "changes may be lost" would be untrue.
 */
function useConfirmBeforeUnload(unsaved: boolean): void {
  const { instance } = useMsal();
  useEffect(() => {
    if (!unsaved) return;
    let signingIn = false;
    const callbackId = instance.addEventCallback((message: EventMessage) => {
      if (message.interactionType !== InteractionType.Redirect) return;
      if (message.eventType === EventType.ACQUIRE_TOKEN_START) signingIn = true;
      if (message.eventType === EventType.ACQUIRE_TOKEN_FAILURE) signingIn = false;
    });
    const confirm = (event: BeforeUnloadEvent) => {
      if (!signingIn) event.preventDefault();
    };
    window.addEventListener("beforeunload", confirm);
    return () => {
      window.removeEventListener("beforeunload", confirm);
      if (callbackId) instance.removeEventCallback(callbackId);
    };
  }, [instance, unsaved]);
}

/** What leaving would do to the page's unsaved work, and what the user may choose. */
export type UnsavedWork =
  /** Staged changes: kept for later in this tab (until sign-out), or discarded on the way out. */
  | { kind: "staged"; subscription: string; discard: () => void }
  /** Choices not yet taken with Continue: lost with the page. */
  | { kind: "draft" }
  /** A Save under way: it goes on inside the app (its outcome reaches the notifications), not if the tab goes. */
  | { kind: "saving" };

/**
 * Asks before unsaved work is left behind, by the browser (tab closed, reload, another site) and
 * inside the app (any link, Back, a notification), except for the places `stays` names (the same
 * subscription's other page, where the work is still in reach). Inside the app the choice is the
 * user's: staged changes can be kept for later, which is why leaving is not simply refused.
 */
export function LeaveGuard({ work, stays }: { work: UnsavedWork | undefined; stays: (next: AppLocation) => boolean }) {
  useConfirmBeforeUnload(work !== undefined);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    if (!work || work.kind === "saving" || nextLocation.pathname === currentLocation.pathname) return false;
    return !stays(nextLocation);
  });
  const asking = blocker.state === "blocked" && work && work.kind !== "saving" ? work : undefined;
  const stay = () => blocker.reset?.();
  const leave = () => blocker.proceed?.();

  // Kept mounted once shown, so that closing it returns focus where it was.
  const [shown, setShown] = useState(false);
  if (asking && !shown) setShown(true);
  useEffect(() => {
    // Fetched as soon as there is something to ask about, so the question never waits for it.
    if (work) void loadDialog();
  }, [work]);
  if (!shown) return null;
  return (
    <Suspense fallback={null}>
      <LeaveDialog asking={asking} stay={stay} leave={leave} />
    </Suspense>
  );
}
