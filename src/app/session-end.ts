import { forgetSelection } from "../features/bulk/selection";
import { forgetBulkRun } from "../features/bulk/stored-run";
import { forgetStagedChanges } from "../features/defender-plans/staged-changes";
import { clearNotifications } from "../lib/notifications";

/** A session ends (signed out here or elsewhere, or MSAL's cache is gone): its unsaved changes, selection, run over many subscriptions and notifications go with it. */
export function forgetSession(): void {
  forgetStagedChanges();
  forgetSelection();
  forgetBulkRun();
  clearNotifications();
}
