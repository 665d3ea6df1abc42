// ARM's per-subscription, per-principal token buckets (reads 250 + 25/s, writes 200 + 10/s).
import type { EmulatorState } from "../store";
import { armErrors } from "./errors";

const limits = { read: { capacity: 250, perSecond: 25 }, write: { capacity: 200, perSecond: 10 } } as const;

/** Takes one request from the bucket and returns what remains; throws 429 when it is empty. */
export function consume(state: EmulatorState, kind: "read" | "write", scope: string, objectId: string, now: number): number {
  const { capacity, perSecond } = limits[kind];
  const key = `${kind}|${scope}|${objectId}`;
  const bucket = state.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
  bucket.updatedAt = now;
  state.buckets.set(key, bucket);
  if (bucket.tokens < 1) throw armErrors.throttled(kind, scope, objectId, Math.ceil((1 - bucket.tokens) / perSecond));
  bucket.tokens -= 1;
  return Math.floor(bucket.tokens);
}
