import { useSyncExternalStore } from "react";
import type { ArmClient } from "../../lib/arm/client";
import { ArmError } from "../../lib/arm/errors";
import { onThrottled } from "../../lib/arm/notices";
import { postNotification } from "../../lib/notifications";
import { saveStagedChanges, type PlanSaveResult } from "../defender-plans/save";
import { AI_PLAN, type BulkChange, planChangeOf } from "./change";
import { bulkChangePath } from "./paths";
import { adaptiveLimit } from "./scheduler";
import { BULK_RUN_STORAGE_KEY } from "./stored-run";
import type { SelectedSubscription } from "./selection";

// A run of one change over many subscriptions: a small external store (like the notifications), so
// that it goes on while the user looks at other pages, and its page shows it again when reopened.

export type TargetOutcome =
  | { status: "pending" }
  | { status: "running" }
  /** Written (the result may still hold a component the service failed) or failed, as the Save reports it. */
  | { status: "finished"; result: PlanSaveResult }
  /** Not started: the run was cancelled first. */
  | { status: "cancelled" }
  /** Not written, as the review found: nothing to change, or it cannot be changed (why). */
  | { status: "skipped"; reason: string };

export type BulkRun = {
  change: BulkChange;
  targets: SelectedSubscription[];
  /** By lower-cased subscription id. */
  outcomes: Record<string, TargetOutcome>;
  state: "running" | "paused" | "cancelling" | "ended";
  /** Of each finished subscription, how long it took: the estimate of what is left. */
  durations: number[];
  /** Subscriptions written at once now (it adapts to Azure's throttling): the estimate of what is left. */
  concurrency: number;
};

/**
 * Subscriptions written at once: a few to start with, more while Azure keeps up, fewer when it
 * throttles (scheduler.ts). Each subscription's own writes stay strictly one after another (the
 * ARM client's write queue). The ceiling keeps a browser tab's work per second bounded.
 */
export const RUN_CONCURRENCY = { initial: 4, max: 32 };

let run: BulkRun | undefined;
/** Whose run it is (MSAL's home account id): a stored run is resumed for that account only. */
let owner: string | undefined;
const listeners = new Set<() => void>();
let resume: (() => void) | undefined;
let resumed: Promise<void> | undefined;
let persistTimer: ReturnType<typeof setTimeout> | undefined;

/** A pending notification of the run's page (see update). */
let notifyTimer: ReturnType<typeof setTimeout> | undefined;

function notify() {
  clearTimeout(notifyTimer);
  notifyTimer = undefined;
  for (const listener of listeners) listener();
}

function update(next: BulkRun) {
  const stateChanged = run?.state !== next.state;
  run = next;
  // The page is told at once when the run pauses, resumes or ends, and otherwise at most ten times a
  // second: a thousand subscriptions make thousands of outcomes, and drawing the report for each kept
  // the page's main thread busier than the run's own requests.
  if (stateChanged) notify();
  else notifyTimer ??= setTimeout(notify, 100);
  // Stored every two seconds while outcomes come in (a thousand subscriptions make an entry of
  // hundreds of kilobytes, and storing it costs the page milliseconds), at once when the run pauses,
  // ends or is cancelled, and as the page goes (pagehide). Outcomes a crash loses are found again: a
  // resumed run writes those subscriptions from a fresh read, and the change is a state, not a step.
  if (stateChanged) persist();
  else persistTimer ??= setTimeout(persist, 2000);
}

/** An error as stored: ARM's (rebuilt as an ArmError, so the report words it the same) or any other's message. */
type StoredError = { status: number; code: string; message: string; requestId?: string | undefined } | { message: string };

/**
 * Set as the page goes (a reload, a sign-in round trip): the browser then aborts the writes under
 * way, and those aborts must not be stored as the subscriptions' outcomes. What is stored is the run
 * as it was, and the next page resumes it.
 */
let leaving = false;
if (typeof window !== "undefined") {
  window.addEventListener("pagehide", () => {
    persist();
    leaving = true;
  });
  // Back from the back/forward cache: the page lives on, and so does the run.
  window.addEventListener("pageshow", () => {
    leaving = false;
  });
}

function persist() {
  clearTimeout(persistTimer);
  persistTimer = undefined;
  if (leaving || !run || !owner || typeof sessionStorage === "undefined") return;
  const outcomes = Object.fromEntries(
    Object.entries(run.outcomes).map(([id, outcome]) => {
      if (outcome.status !== "finished" || outcome.result.status !== "failed") return [id, outcome];
      const { error } = outcome.result;
      const stored: StoredError =
        error instanceof ArmError
          ? { status: error.status, code: error.code, message: error.message, requestId: error.requestId }
          : { message: error instanceof Error ? error.message : String(error) };
      return [id, { ...outcome, result: { ...outcome.result, error: stored } }];
    }),
  );
  try {
    sessionStorage.setItem(BULK_RUN_STORAGE_KEY, JSON.stringify({ account: owner, run: { ...run, outcomes } }));
  } catch {
    // Storage full: the run goes on; only a reload would lose it.
  }
}

function restoreError(stored: StoredError): unknown {
  return "code" in stored ? new ArmError(stored) : new Error(stored.message);
}

const key = (subscriptionId: string) => subscriptionId.toLowerCase();

/** The current (or last) run, for the page that shows it. */
export function useBulkRun(): BulkRun | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => run,
  );
}

const setOutcome = (subscriptionId: string, outcome: TargetOutcome) => {
  if (run) update({ ...run, outcomes: { ...run.outcomes, [key(subscriptionId)]: outcome } });
};

/**
 * Of the subscriptions the run writes: how many are finished, failed (outright, or with a component
 * the service failed), not yet done and not started because the run was cancelled; and how many it skipped.
 */
export function runCounts(current: BulkRun) {
  let done = 0;
  let failed = 0;
  let left = 0;
  let skipped = 0;
  let cancelled = 0;
  for (const target of current.targets) {
    const outcome = current.outcomes[key(target.subscriptionId)];
    if (outcome?.status === "skipped") skipped++;
    else if (outcome?.status === "finished") {
      done++;
      if (outcome.result.status === "failed" || outcome.result.failedExtensions.length > 0) failed++;
    } else if (outcome?.status === "cancelled") cancelled++;
    else left++;
  }
  return { done, failed, left, skipped, cancelled, total: current.targets.length - skipped };
}

/**
 * Writes `change` to each of `targets` but those given an outcome in `kept` (skipped by the review,
 * or done by an earlier run when failures are retried), `RUN_CONCURRENCY` subscriptions at a time,
 * each exactly as a Save on its plans page does (read, tier, read, extensions, read back; a 409
 * re-read and merged). Resolves when every subscription is done or the run was cancelled; a
 * subscription already started is always finished, so a cancelled run never leaves one half-written.
 */
export async function startBulkRun(
  arm: ArmClient,
  account: string,
  targets: SelectedSubscription[],
  change: BulkChange,
  kept: Readonly<Record<string, TargetOutcome>> = {},
): Promise<void> {
  if (run && run.state !== "ended") throw new Error("A run is already under way");
  owner = account;
  const pending = targets.filter((target) => !kept[key(target.subscriptionId)]);
  update({
    change,
    targets,
    outcomes: { ...kept, ...Object.fromEntries(pending.map((target) => [key(target.subscriptionId), { status: "pending" }])) },
    state: "running",
    durations: [],
    concurrency: RUN_CONCURRENCY.initial,
  });
  await execute(arm, pending);
}

/**
 * After a reload: the tab's stored run of `account`, shown again, and resumed where it was if it had
 * not ended. A subscription that was being written is written again from a fresh read, which finds
 * what the interrupted write did and completes it (the change is a state, not a step).
 */
export async function resumeStoredBulkRun(arm: ArmClient, account: string): Promise<void> {
  if (run) return;
  let stored: { account: string; run: BulkRun } | undefined;
  try {
    stored = JSON.parse(sessionStorage.getItem(BULK_RUN_STORAGE_KEY) ?? "null") as typeof stored;
  } catch {
    return;
  }
  if (stored?.account !== account) return;
  owner = account;
  const outcomes = Object.fromEntries(
    Object.entries(stored.run.outcomes).map(([id, outcome]): [string, TargetOutcome] => {
      if (outcome.status === "running") return [id, { status: "pending" }];
      if (outcome.status !== "finished" || outcome.result.status !== "failed") return [id, outcome];
      return [id, { ...outcome, result: { ...outcome.result, error: restoreError(outcome.result.error as StoredError) } }];
    }),
  );
  const paused = stored.run.state === "paused";
  if (paused) resumed = new Promise((resolve) => (resume = resolve));
  update({ ...stored.run, outcomes, concurrency: RUN_CONCURRENCY.initial });
  if (stored.run.state === "ended") return;
  await execute(
    arm,
    stored.run.targets.filter((target) => outcomes[key(target.subscriptionId)]?.status === "pending"),
  );
}

async function execute(arm: ArmClient, pending: SelectedSubscription[]): Promise<void> {
  if (!run) return;
  const limit = adaptiveLimit(RUN_CONCURRENCY);
  const stopListening = onThrottled((waitMs) => limit.throttled(waitMs));
  const staged = { [AI_PLAN]: planChangeOf(run.change) };
  await Promise.all(
    pending.map((target) =>
      limit.run(async () => {
        if (resumed) await resumed;
        if (run?.state === "cancelling") {
          setOutcome(target.subscriptionId, { status: "cancelled" });
          return;
        }
        setOutcome(target.subscriptionId, { status: "running" });
        const started = Date.now();
        const [result] = await saveStagedChanges(arm, target, staged);
        if (run) update({ ...run, durations: [...run.durations, Date.now() - started], concurrency: limit.concurrency });
        if (result) setOutcome(target.subscriptionId, { status: "finished", result });
      }),
    ),
  );
  stopListening();
  // A run is never cleared before it ends (clearBulkRun), so it is still there.
  update({ ...run, state: "ended" });
  notifyEnded(run);
}

function notifyEnded(ended: BulkRun) {
  const { done, failed, total, skipped, cancelled } = runCounts(ended);
  const what = ended.change.action === "enable" ? "Enable AI workloads" : "Turn off AI workloads";
  postNotification({
    intent: failed ? "error" : cancelled ? "warning" : "success",
    title: failed ? `${what}: ${String(failed)} failed` : cancelled ? `${what}: cancelled` : `${what}: done`,
    message: `${String(done - failed)} of ${String(total)} subscriptions changed${failed ? `, ${String(failed)} failed` : ""}${cancelled ? `, ${String(cancelled)} not started (cancelled)` : ""}${skipped ? `; ${String(skipped)} skipped after the review` : ""}.`,
    link: { label: "See the report", to: bulkChangePath(ended.change.action) },
    announce: true,
  });
}

/** Holds subscriptions not yet started; those under way finish. */
export function pauseBulkRun(): void {
  if (run?.state !== "running") return;
  resumed = new Promise((resolve) => (resume = resolve));
  update({ ...run, state: "paused" });
}

export function resumeBulkRun(): void {
  if (run?.state !== "paused") return;
  update({ ...run, state: "running" });
  resume?.();
  resumed = undefined;
}

/** Starts no further subscription; those under way finish, so none is left half-written. */
export function cancelBulkRun(): void {
  if (!run || (run.state !== "running" && run.state !== "paused")) return;
  update({ ...run, state: "cancelling" });
  resume?.();
  resumed = undefined;
}

/** Forgets the last run (its report), e.g. to start another. */
export function clearBulkRun(): void {
  if (run?.state === "ended") {
    run = undefined;
    clearTimeout(persistTimer);
    persistTimer = undefined;
    if (typeof sessionStorage !== "undefined") sessionStorage.removeItem(BULK_RUN_STORAGE_KEY);
    for (const listener of listeners) listener();
  }
}
