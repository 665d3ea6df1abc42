import type { PipelineResponse } from "@azure/core-rest-pipeline";
import { ArmError } from "./errors";
import { armErrorBodySchema, validate } from "./schemas";

// Reading what ARM answered: the client checks every body with these, and the pipeline's policies read
// ARM's error code (an expired token, a conflict, throttling) from the same place.

export const invalidJson = Symbol("invalid JSON");

/** The body as JSON; `undefined` when there is none, `invalidJson` when it is not JSON. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return invalidJson;
  }
}

/** An error response as ArmError: ARM's code and message when the body has its envelope, else the HTTP status. */
export function toArmError(response: PipelineResponse): ArmError {
  const body = validate(armErrorBodySchema, parseJson(response.bodyAsText ?? undefined));
  return new ArmError({
    status: response.status,
    code: body.valid ? body.value.error.code : `HTTP${String(response.status)}`,
    message: body.valid ? body.value.error.message : `HTTP ${String(response.status)} without an ARM error body`,
    requestId: response.headers.get("x-ms-request-id") ?? undefined,
    target: body.valid ? body.value.error.target : undefined,
  });
}
