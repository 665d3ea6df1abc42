// ARM's per-subscription, per-principal token buckets (by default reads 250 + 25/s, writes 200 +
// 10/s, as documented for ARM). The limits live in the settings (seed.json settings.rateLimits,
// PUT /__emulator/settings) so tests can shrink a bucket instead of sending hundreds of requests.
import type { EmulatorState } from "../store";
import { armErrors } from "./errors";

/**
 * The bucket a request draws from: its subscription's for subscription-scoped calls, else its
 * tenant's (ARM's two levels, each reported in its own x-ms-ratelimit-remaining-* header).
 */
export type ThrottleScope = { level: "subscription" | "tenant"; id: string };

/**
 * Takes one request from the bucket and returns the rate-limit header with what remains
 * (x-ms-ratelimit-remaining-{subscription|tenant}-{reads|writes}), which every later response to
 * the request carries, errors included. When the bucket is empty, throws 429 with the same header
 * at 0. Returns no header when throttling is switched off, rather than a made-up count.
 */
export function consume(
  state: EmulatorState,
  kind: "read" | "write",
  scope: ThrottleScope,
  objectId: string,
  now: number,
): Record<string, string> {
  const limits = state.settings.rateLimits;
  if (!limits.enabled) return {};
  const { capacity, refillPerSecond } = kind === "read" ? limits.reads : limits.writes;
  const header = `x-ms-ratelimit-remaining-${scope.level}-${kind}s`;
  const key = `${kind}|${scope.id}|${objectId}`;
  const bucket = state.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * refillPerSecond);
  bucket.updatedAt = now;
  state.buckets.set(key, bucket);
  if (bucket.tokens < 1) {
    const retryAfterSeconds = Math.ceil((1 - bucket.tokens) / refillPerSecond);
    throw armErrors.throttled(kind, scope.id, objectId, retryAfterSeconds, { [header]: "0" });
  }
  bucket.tokens -= 1;
  return { [header]: String(Math.floor(bucket.tokens)) };
}
