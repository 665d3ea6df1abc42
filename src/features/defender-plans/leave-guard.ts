import { type EventMessage, EventType, InteractionType } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { useEffect } from "react";

/**
 * While `unsaved`, the browser asks before the page is left for good: the tab closed or reloaded, or
 * another site opened (`beforeunload`). Navigation inside the app is not interrupted: it keeps the
 * unsaved changes (they live in StagedChangesProvider), and Environment settings marks the
 * subscription that has them with "Unsaved change".
 *
 * Sign in again (a redirect to Entra ID and back) is not asked about either: the changes are kept in
 * session storage across it, and a "changes may be lost" prompt there would be untrue.
 */
export function useConfirmLeavingWithUnsavedChanges(unsaved: boolean): void {
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
