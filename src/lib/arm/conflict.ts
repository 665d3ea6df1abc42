import { createHttpHeaders, type PipelinePolicy, type PipelineRequest, retryPolicy, type RetryStrategy } from "@azure/core-rest-pipeline";
import { callOf, type ConflictRebase } from "./call";
import { toArmError } from "./responses";
import { waitShowing } from "./retry";

/**
 * How often, and after what pause, a write refused with 409 "Another update operation is in progress"
 * is tried again (the pause grows: 2 s, 4 s, 6 s). Read when a conflict happens, so tests can shorten it.
 */
export const conflictRetry = { attempts: 3, pauseMs: 2000 };

/** Writes refused with 409 Conflict, to be rebuilt by rebasePolicy before they go out again. */
const conflicted = new WeakMap<PipelineRequest, ConflictRebase>();

/**
 * A write refused because ARM is applying another update to the same resource (ARM allows one pricing
 * write per subscription at a time) is tried again after a pause, when it says how to rebuild itself
 * (`onConflict`).
 */
const conflictStrategy: RetryStrategy = {
  name: "conflictStrategy",
  retry({ response, retryCount }) {
    const onConflict = response ? callOf(response.request).onConflict : undefined;
    if (
      !response ||
      !onConflict ||
      response.status !== 409 ||
      toArmError(response).code.toLowerCase() !== "conflict" ||
      retryCount >= conflictRetry.attempts
    ) {
      return { skipStrategy: true };
    }
    conflicted.set(response.request, onConflict);
    const retry = retryCount + 1;
    const pauseMs = conflictRetry.pauseMs * retry;
    return waitShowing(
      `Another update to ${onConflict.resource} is in progress. Trying ${onConflict.subject} again in ${String(pauseMs / 1000)} s (retry ${String(retry)} of ${String(conflictRetry.attempts)})…`,
      pauseMs,
    );
  },
};

/**
 * The SDK's retry policy with the conflict strategy, outside the throttling one: each sending of a
 * rebuilt write gets its own retries after throttling and transient failures, as each is a new request
 * to ARM. Renamed, as a pipeline refuses two policies of one name. No bound of its own: the strategy's
 * is read when a conflict happens.
 */
export const conflictRetryPolicy: PipelinePolicy = {
  ...retryPolicy([conflictStrategy], { maxRetries: Number.POSITIVE_INFINITY }),
  name: "conflictRetryPolicy",
};

/**
 * Between the conflict retry policy and the request: a write that was refused with 409 is rebuilt from
 * a fresh read before it goes out again, so it merges into whatever the other writer left. When the
 * fresh read shows nothing left to write, nothing is sent: the answer is the resource as read, as
 * ARM answers a PUT.
 */
export const rebasePolicy: PipelinePolicy = {
  name: "rebasePolicy",
  async sendRequest(request, next) {
    const onConflict = conflicted.get(request);
    if (!onConflict) return next(request);
    conflicted.delete(request);
    const rebased = await onConflict.rebase();
    if ("current" in rebased) {
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: JSON.stringify(rebased.current),
      };
    }
    request.body = JSON.stringify(rebased.body);
    return next(request);
  },
};
