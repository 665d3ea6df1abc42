/**
 * When the client layer retries a request by itself, and how long it waits. Bounded on purpose: a
 * user waiting on a page is better served by a clear message than by minutes of silent retries.
 */
export const MAX_RETRIES = 3;
const MIN_WAIT_MS = 500;
const MAX_WAIT_MS = 30_000;

const idempotent = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * 429 and 503 mean the request was not processed: always safe to resend, after `Retry-After`.
 * Other 5xx and dropped connections may have been processed, so only reads are resent; a failed
 * write is reported to the user, whose staged change stays for another Save.
 */
export function isRetriable(method: string, status: number | undefined): boolean {
  if (status === 429 || status === 503) return true;
  if (!idempotent.has(method.toUpperCase())) return false;
  return status === undefined || status === 500 || status === 502 || status === 504;
}

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
