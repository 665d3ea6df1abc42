import type { PipelineRequest } from "@azure/core-rest-pipeline";

/**
 * How a write is redone after 409 Conflict ("Another update operation is in progress"): from a fresh
 * read, never by sending the same body again, which would undo whatever the other writer changed.
 */
export type ConflictRebase = {
  /** What another client is updating, for the notice: "this subscription's plans". */
  resource: string;
  /** What is tried again, for the notice: "AI workloads". */
  subject: string;
  /**
   * Reads the resource again and rebuilds the body from it; `{ current }` (the resource as read) when
   * the write is no longer needed. `current` is checked against the request's schema like a response.
   */
  rebase: () => Promise<{ body: unknown } | { current: unknown }>;
};

/** What the pipeline's policies need to know of an ARM call beyond its HTTP request. */
type ArmCall = {
  /** What is being read or written, in words, for notices: "the Defender plans". */
  operation: string;
  /** Only a write with one is sent again after 409 Conflict. */
  onConflict?: ConflictRebase | undefined;
  /** A POST that only reads (a Resource Graph query): sent again after a transient failure, as a GET is. */
  readOnly?: boolean | undefined;
};

const calls = new WeakMap<PipelineRequest, ArmCall>();

export function describeCall(request: PipelineRequest, call: ArmCall): void {
  calls.set(request, call);
}

export function callOf(request: PipelineRequest): ArmCall {
  const call = calls.get(request);
  if (!call) throw new Error(`${request.method} ${request.url} was sent without going through the ARM client.`);
  return call;
}
