/**
 * Where a run over many subscriptions is kept while it goes (session storage, this tab only, like the
 * selection): a reload resumes it. Kept apart from run.ts, so the signed-in app can look for one without
 * loading the run's code.
 */
export const BULK_RUN_STORAGE_KEY = "defender-ai.bulk-run";

/** Whether this tab holds a run (resumeStoredBulkRun checks whose it is). */
export function hasStoredBulkRun(): boolean {
  try {
    return sessionStorage.getItem(BULK_RUN_STORAGE_KEY) !== null;
  } catch {
    // Storage refused (a browser setting): there is nothing to resume.
    return false;
  }
}

/** On sign-out: one account's run is not resumed under another. */
export function forgetBulkRun(): void {
  sessionStorage.removeItem(BULK_RUN_STORAGE_KEY);
}
