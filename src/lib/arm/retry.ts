import type { PipelineRequest, RetryModifiers, RetryStrategy } from "@azure/core-rest-pipeline";
import { callOf } from "./call";
import { reportThrottled, showRetryNotice } from "./notices";
import { toArmError } from "./responses";

/**
 * When the client sends a request again by itself, and how long it waits: strategies for the SDK's
 * retry policy. Bounded on purpose: a user waiting on a page is better served by a clear message than
 * by minutes of silent retries. (409 Conflict on a write is conflict.ts's.)
 */
export const MAX_RETRIES = 3;
const MIN_WAIT_MS = 500;
const MAX_WAIT_MS = 30_000;

const reads = new Set(["GET", "HEAD", "OPTIONS"]);
const transientStatuses = new Set([500, 502, 504]);
const skip: RetryModifiers = { skipStrategy: true };

/** `Retry-After` (seconds or an HTTP date) when given, else exponential backoff; always bounded. */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, now = Date.now()): number {
  let wait: number | undefined;
  if (retryAfter) {
    const seconds = Number(retryAfter);
    wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
  }
  if (wait === undefined || Number.isNaN(wait)) wait = MIN_WAIT_MS * 2 ** attempt;
  return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, wait));
}

/** Has the retry policy wait `waitMs` before sending again, with `message` shown meanwhile. */
export function waitShowing(message: string, waitMs: number): RetryModifiers {
  const hide = showRetryNotice(message);
  // The policy's own wait starts right after this timer and lasts as long: the notice is gone when
  // the request goes out again.
  setTimeout(hide, waitMs);
  return { retryAfterInMs: waitMs };
}

function waitBeforeAttempt(
  reason: string,
  request: PipelineRequest,
  retryCount: number,
  retryAfter: string | undefined,
  onWait?: (waitMs: number) => void,
): RetryModifiers {
  const waitMs = retryDelayMs(retryCount, retryAfter);
  onWait?.(waitMs);
  return waitShowing(
    `${reason} for ${callOf(request).operation}. Retrying in ${String(Math.ceil(waitMs / 1000))} s (attempt ${String(retryCount + 2)} of ${String(MAX_RETRIES + 1)})…`,
    waitMs,
  );
}

/** Resource Graph's "hh:mm:ss" until the user's quota resets, in seconds (as Retry-After would say it). */
export function quotaResetSeconds(resetsAfter: string | undefined): string | undefined {
  const match = resetsAfter === undefined ? null : /^(\d+):(\d{2}):(\d{2})$/.exec(resetsAfter);
  if (!match) return undefined;
  const [hours = 0, minutes = 0, seconds = 0] = match.slice(1).map(Number);
  return String(hours * 3600 + minutes * 60 + seconds);
}

/**
 * 429 and 503 mean ARM did not process the request: safe to send again whatever the method, after
 * `Retry-After`, or for Resource Graph (which sends none) once the user's quota resets.
 */
export const throttlingStrategy: RetryStrategy = {
  name: "throttlingStrategy",
  retry({ response, retryCount }) {
    if (response?.status !== 429 && response?.status !== 503) return skip;
    return waitBeforeAttempt(
      `Azure answered ${toArmError(response).code}`,
      response.request,
      retryCount,
      response.headers.get("retry-after") ?? quotaResetSeconds(response.headers.get("x-ms-user-quota-resets-after")),
      reportThrottled,
    );
  },
};

/**
 * A read is sent again after a dropped connection or a 500, 502 or 504, which may pass. A write is not:
 * it may have been applied, so the user is told and the change stays staged for another Save.
 */
export const transientReadStrategy: RetryStrategy = {
  name: "transientReadStrategy",
  retry({ response, responseError, retryCount }) {
    const request = response?.request ?? responseError?.request;
    if (!request || !(reads.has(request.method) || callOf(request).readOnly === true)) return skip;
    if (!response) return waitBeforeAttempt("Azure couldn't be reached", request, retryCount, undefined);
    if (!transientStatuses.has(response.status)) return skip;
    return waitBeforeAttempt(`Azure answered ${toArmError(response).code}`, request, retryCount, response.headers.get("retry-after"));
  },
};
