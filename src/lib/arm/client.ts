import { ServiceClient } from "@azure/core-client";
import {
  createPipelineRequest,
  type HttpClient,
  type HttpMethods,
  isRestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import type { PublicClientApplication } from "@azure/msal-browser";
import type { z } from "zod/mini";
import type { AppConfig } from "../../config/config";
import { acquireArmToken } from "../auth/msal";
import { ArmError, ForeignOriginError, UnexpectedResponseError } from "./errors";
import { reportConnectivity, showRetryNotice } from "./notices";
import { isRetriable, MAX_RETRIES, retryDelayMs } from "./retry";
import { armErrorBodySchema } from "./schemas";

/**
 * The one place every ARM request goes through. Built on the Azure SDK runtime
 * (`@azure/core-client` / `@azure/core-rest-pipeline`: HTTP client, request ids, user agent) with our
 * own typed operations on top, because `@azure/arm-security`@5 pins pricings to api-version
 * 2022-03-01, which has no `extensions` (no prompt evidence).
 *
 * Retries are ours rather than the pipeline's default policies so that they are bounded, never resend
 * a write that may have been applied, and tell the user what is happening.
 */
export type ArmClient = {
  readonly endpoint: string;
  send<T extends z.ZodMiniType>(request: ArmRequest<T>): Promise<z.infer<T>>;
};

export type ArmRequest<T extends z.ZodMiniType> = {
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
};

/** Tenant and token freshness for one request, read by the authentication policy. */
const requestAuth = new WeakMap<PipelineRequest, { tenantId: string; forceRefresh: boolean }>();

/**
 * Bearer authentication with MSAL, per directory (ARM tokens are per tenant). Like the SDK's own
 * bearer policy it refuses to send a token anywhere but https.
 */
function armAuthenticationPolicy(pca: PublicClientApplication, config: AppConfig): PipelinePolicy {
  return {
    name: "armAuthenticationPolicy",
    async sendRequest(request, next) {
      if (!request.url.toLowerCase().startsWith("https://")) {
        throw new Error("Refusing to send an access token over a connection that is not https.");
      }
      const auth = requestAuth.get(request);
      if (!auth) throw new Error("ARM request without a tenant");
      const token = await acquireArmToken(pca, config, auth.tenantId, { forceRefresh: auth.forceRefresh });
      request.headers.set("Authorization", `Bearer ${token.accessToken}`);
      return next(request);
    },
  };
}

/**
 * Requests go to the configured ARM origin only, whatever URL a response hands us (a `nextLink` is
 * a full URL). Runs before authentication, so a refused request never gets a token attached, and
 * throws a non-REST error, so it is not retried as a network failure.
 */
function sameOriginPolicy(endpoint: string): PipelinePolicy {
  const origin = new URL(endpoint).origin;
  return {
    name: "sameOriginPolicy",
    sendRequest(request, next) {
      if (new URL(request.url).origin !== origin) throw new ForeignOriginError(request.url, endpoint);
      return next(request);
    },
  };
}

/**
 * The SDK's browser fetch asks for `cache: "no-store"`, and Chromium then skips its CORS preflight
 * cache: every ARM call would cost two round trips (measured: three identical GETs, three preflights
 * with "no-store" or "no-cache", one with the default mode). The default mode lets the browser reuse a preflight for as long as ARM's
 * `Access-Control-Max-Age` allows, and shows nothing stale: ARM answers `Cache-Control: no-cache`
 * without validators, so every response is fetched again from ARM.
 */
export const preflightCachePolicy: PipelinePolicy = {
  name: "preflightCachePolicy",
  sendRequest(request, next) {
    request.requestOverrides = { ...request.requestOverrides, cache: "default" };
    return next(request);
  },
};

const expiredTokenCodes = new Set(["expiredauthenticationtoken", "invalidauthenticationtoken"]);

/** `httpClient` replaces the browser's fetch in unit tests. */
export function createArmClient(pca: PublicClientApplication, config: AppConfig, options: { httpClient?: HttpClient } = {}): ArmClient {
  const endpoint = config.arm.endpoint;
  const service = new ServiceClient({
    endpoint,
    ...options,
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [
      { policy: sameOriginPolicy(endpoint), position: "perCall" },
      { policy: preflightCachePolicy, position: "perCall" },
      { policy: armAuthenticationPolicy(pca, config), position: "perRetry" },
    ],
  });

  async function attempt(init: { url: string; method: HttpMethods; body: string | undefined; tenantId: string; forceRefresh: boolean }) {
    const request = createPipelineRequest({ url: init.url, method: init.method, ...(init.body === undefined ? {} : { body: init.body }) });
    if (init.body !== undefined) request.headers.set("Content-Type", "application/json");
    request.headers.set("Accept", "application/json");
    requestAuth.set(request, { tenantId: init.tenantId, forceRefresh: init.forceRefresh });
    return service.sendRequest(request);
  }

  return {
    endpoint,
    async send({ tenantId, method, path, apiVersion, query, body, schema, operation }) {
      const url = new URL(path, `${endpoint}/`);
      if (apiVersion) url.searchParams.set("api-version", apiVersion);
      for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
      const init = {
        url: url.toString(),
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        tenantId,
        forceRefresh: false,
      };

      let response: PipelineResponse | undefined;
      for (let retry = 0; ; retry++) {
        let networkError: Error | undefined;
        try {
          response = await attempt(init);
          reportConnectivity("online");
        } catch (error) {
          // The SDK pipeline parses JSON bodies itself; a body that is not JSON surfaces here.
          if (isRestError(error) && error.code === "PARSE_ERROR") {
            throw new UnexpectedResponseError(operation, "the body is not JSON", error.response?.headers.get("x-ms-request-id"));
          }
          if (!isRestError(error) || error.statusCode !== undefined) throw error;
          networkError = error;
          response = undefined;
        }
        const status = response?.status;
        const failure = response && status !== undefined && status >= 400 ? toArmError(response) : undefined;

        // An access token ARM no longer accepts (expired, or keys rolled): renew it once, silently.
        if (failure?.status === 401 && expiredTokenCodes.has(failure.code.toLowerCase()) && !init.forceRefresh) {
          init.forceRefresh = true;
          continue;
        }
        const retriable = (networkError !== undefined || failure !== undefined) && isRetriable(method, status);
        if (retriable && retry < MAX_RETRIES) {
          const waitMs = retryDelayMs(retry, response?.headers.get("retry-after"));
          const reason = networkError !== undefined ? "Azure couldn't be reached" : `Azure answered ${failure?.code ?? String(status)}`;
          const hide = showRetryNotice(
            `${reason} for ${operation}. Retrying in ${String(Math.ceil(waitMs / 1000))} s (attempt ${String(retry + 2)} of ${String(MAX_RETRIES + 1)})…`,
          );
          await new Promise((resolve) => setTimeout(resolve, waitMs));
          hide();
          continue;
        }
        if (networkError !== undefined) {
          reportConnectivity("offline");
          throw networkError;
        }
        if (failure) throw failure;
        break;
      }

      const requestId = response?.headers.get("x-ms-request-id") ?? undefined;
      const json = parseJson(response?.bodyAsText ?? undefined);
      if (json === invalidJson) throw new UnexpectedResponseError(operation, "the body is not JSON", requestId);
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UnexpectedResponseError(
          operation,
          issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid shape",
          requestId,
        );
      }
      return parsed.data;
    },
  };
}

function toArmError(response: PipelineResponse): ArmError {
  const parsed = armErrorBodySchema.safeParse(parseJson(response.bodyAsText ?? undefined));
  return new ArmError({
    status: response.status,
    code: parsed.success ? parsed.data.error.code : `HTTP${String(response.status)}`,
    message: parsed.success ? parsed.data.error.message : `HTTP ${String(response.status)} without an ARM error body`,
    requestId: response.headers.get("x-ms-request-id") ?? undefined,
    target: parsed.success ? parsed.data.error.target : undefined,
  });
}

const invalidJson = Symbol("invalid JSON");

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return invalidJson;
  }
}
