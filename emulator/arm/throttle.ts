// ARM's per-subscription, per-principal token buckets (by default reads 250 + 25/s, writes 200 +
// 10/s, as documented for ARM). The limits live in the settings (seed.json settings.rateLimits,
// PUT /__emulator/settings) so tests can shrink a bucket instead of sending hundreds of requests.
import type { EmulatorState } from "../store";
import { armErrors } from "./errors";

/**
 * Takes one request from the bucket and returns what remains (for the x-ms-ratelimit-remaining-*
 * header); throws 429 when it is empty. Returns undefined when throttling is switched off, so the
 * caller sends no header rather than a made-up count.
 */
export function consume(state: EmulatorState, kind: "read" | "write", scope: string, objectId: string, now: number): number | undefined {
  const limits = state.settings.rateLimits;
  if (!limits.enabled) return undefined;
  const { capacity, refillPerSecond } = kind === "read" ? limits.reads : limits.writes;
  const key = `${kind}|${scope}|${objectId}`;
  const bucket = state.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * refillPerSecond);
  bucket.updatedAt = now;
  state.buckets.set(key, bucket);
  if (bucket.tokens < 1) throw armErrors.throttled(kind, scope, objectId, Math.ceil((1 - bucket.tokens) / refillPerSecond));
  bucket.tokens -= 1;
  return Math.floor(bucket.tokens);
}
