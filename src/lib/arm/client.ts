import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createPipelineRequest,
  type HttpClient,
  type HttpMethods,
  type Pipeline,
  retryPolicy,
  setClientRequestIdPolicy,
} from "@azure/core-rest-pipeline";
import type { PublicClientApplication } from "@azure/msal-browser";
import { type Infer, type ResponseSchema, validate } from "./schemas";
import type { AppConfig } from "../../config/config";
import { type ConflictRebase, describeCall } from "./call";
import { conflictRetryPolicy, rebasePolicy } from "./conflict";
import { UnexpectedResponseError } from "./errors";
import { connectivityPolicy, preflightCachePolicy, sameOriginPolicy } from "./policies";
import { invalidJson, parseJson, toArmError } from "./responses";
import { MAX_RETRIES, throttlingStrategy, transientReadStrategy } from "./retry";
import { tenantTokenPolicy } from "./tenant-token";

/**
 * The one place every ARM request goes through: an Azure SDK pipeline (`@azure/core-rest-pipeline`)
 * with one policy or retry strategy per concern, and our own typed operations on top, because
 * `@azure/arm-security`@5 pins pricings to api-version 2022-03-01, which has no `extensions` (no
 * prompt evidence).
 */
export type ArmClient = {
  readonly endpoint: string;
  send<T extends ResponseSchema>(request: ArmRequest<T>): Promise<Infer<T>>;
};

export type ArmRequest<T extends ResponseSchema> = {
  tenantId: string;
  method: HttpMethods;
  /** A path under the ARM endpoint, or an absolute `nextLink` URL ARM gave us (refused unless it is on the ARM origin). */
  path: string;
  apiVersion?: string;
  query?: Record<string, string>;
  body?: unknown;
  /** What the response must look like. */
  schema: T;
  /** What is being read or written, in words, for messages: "the Defender plans". */
  operation: string;
  /** How a write is rebuilt after 409 Conflict; without it a conflicting write is not sent again. */
  onConflict?: ConflictRebase | undefined;
  /** A POST that only reads (Resource Graph): retried after a transient failure like a GET. */
  readOnly?: boolean | undefined;
  /** Given the successful response's headers, for the callers whose answer is in one (Resource Graph's limit). */
  onHeaders?: ((header: (name: string) => string | undefined) => void) | undefined;
};

/** The pipeline for one directory, outermost policy first. Only the token differs between directories. */
function armPipeline(pca: PublicClientApplication, config: AppConfig, tenantId: string): Pipeline {
  const pipeline = createEmptyPipeline();
  for (const policy of [
    sameOriginPolicy(config.arm.endpoint),
    preflightCachePolicy,
    // x-ms-client-request-id, which ARM logs: support can find a call by it.
    setClientRequestIdPolicy(),
    connectivityPolicy,
    // The SDK's retry policies log through @azure/logger (silent unless switched on) and stop on an
    // aborted request; ARM calls here carry no abort signal.
    conflictRetryPolicy,
    rebasePolicy,
    retryPolicy([throttlingStrategy, transientReadStrategy], { maxRetries: MAX_RETRIES }),
    tenantTokenPolicy(pca, config, tenantId),
  ]) {
    pipeline.addPolicy(policy);
  }
  return pipeline;
}

/** `httpClient` replaces the browser's fetch in unit tests. */
export function createArmClient(pca: PublicClientApplication, config: AppConfig, options: { httpClient?: HttpClient } = {}): ArmClient {
  const endpoint = config.arm.endpoint;
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  const pipelines = new Map<string, Pipeline>();
  const pipelineFor = (tenantId: string) => {
    const key = tenantId.toLowerCase();
    let pipeline = pipelines.get(key);
    if (!pipeline) {
      pipeline = armPipeline(pca, config, tenantId);
      pipelines.set(key, pipeline);
    }
    return pipeline;
  };

  return {
    endpoint,
    async send({ tenantId, method, path, apiVersion, query, body, schema, operation, onConflict, readOnly, onHeaders }) {
      const url = new URL(path, `${endpoint}/`);
      if (apiVersion) url.searchParams.set("api-version", apiVersion);
      for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
      const request = createPipelineRequest({ url: url.toString(), method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      if (body !== undefined) request.headers.set("Content-Type", "application/json");
      request.headers.set("Accept", "application/json");
      describeCall(request, { operation, onConflict, readOnly });

      const response = await pipelineFor(tenantId).sendRequest(httpClient, request);
      if (response.status >= 400) throw toArmError(response);
      const requestId = response.headers.get("x-ms-request-id") ?? undefined;
      const json = parseJson(response.bodyAsText ?? undefined);
      if (json === invalidJson) throw new UnexpectedResponseError(operation, "the body is not JSON", requestId);
      const checked = validate(schema, json);
      if (!checked.valid) throw new UnexpectedResponseError(operation, checked.problem, requestId);
      onHeaders?.((name) => response.headers.get(name));
      return checked.value;
    },
  };
}
