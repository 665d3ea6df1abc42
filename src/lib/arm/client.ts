import { ServiceClient } from "@azure/core-client";
import { createPipelineRequest, type HttpMethods } from "@azure/core-rest-pipeline";
import type { PublicClientApplication } from "@azure/msal-browser";
import type { z } from "zod";
import type { AppConfig } from "../../config/config";
import { ARM_SCOPE, armCredential } from "../auth/msal";
import { ArmError, UnexpectedResponseError } from "./errors";
import { armErrorBodySchema } from "./schemas";

/**
 * The one place every ARM request goes through. Built on the Azure SDK runtime
 * (`@azure/core-client` / `@azure/core-rest-pipeline`: bearer-token policy, request ids, retries that
 * honour `Retry-After`) with our own typed operations on top, because `@azure/arm-security`@5 pins
 * pricings to api-version 2022-03-01, which has no `extensions` (no prompt evidence).
 *
 * ARM tokens are per directory, so there is one pipeline per tenant.
 */
export type ArmClient = {
  readonly endpoint: string;
  send<T extends z.ZodType>(request: ArmRequest<T>): Promise<z.infer<T>>;
};

export type ArmRequest<T extends z.ZodType> = {
  tenantId: string;
  method: HttpMethods;
  /** A path under the ARM endpoint, or an absolute `nextLink` URL ARM gave us. */
  path: string;
  apiVersion?: string;
  query?: Record<string, string>;
  body?: unknown;
  /** What the response must look like; `null` for no body expected. */
  schema: T;
  /** Short name for messages, e.g. "the pricings of Contoso Production". */
  operation: string;
};

export function createArmClient(pca: PublicClientApplication, config: AppConfig): ArmClient {
  const endpoint = config.arm.endpoint;
  const clients = new Map<string, ServiceClient>();
  const clientFor = (tenantId: string): ServiceClient => {
    let client = clients.get(tenantId);
    if (!client) {
      client = new ServiceClient({
        endpoint,
        credential: armCredential(pca, config, tenantId),
        credentialScopes: [ARM_SCOPE],
      });
      clients.set(tenantId, client);
    }
    return client;
  };

  return {
    endpoint,
    async send({ tenantId, method, path, apiVersion, query, body, schema, operation }) {
      const url = new URL(path, `${endpoint}/`);
      if (apiVersion) url.searchParams.set("api-version", apiVersion);
      for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
      const request = createPipelineRequest({
        url: url.toString(),
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (body !== undefined) request.headers.set("Content-Type", "application/json");
      request.headers.set("Accept", "application/json");

      const response = await clientFor(tenantId).sendRequest(request);
      const requestId = response.headers.get("x-ms-request-id") ?? undefined;
      const json = parseJson(response.bodyAsText ?? undefined);

      if (response.status >= 400) {
        const parsed = armErrorBodySchema.safeParse(json);
        throw new ArmError({
          status: response.status,
          code: parsed.success ? parsed.data.error.code : `HTTP${String(response.status)}`,
          message: parsed.success
            ? parsed.data.error.message
            : `HTTP ${String(response.status)} without an ARM error body`,
          requestId,
          target: parsed.success ? parsed.data.error.target : undefined,
        });
      }
      if (json === invalidJson) throw new UnexpectedResponseError(operation, "the body is not JSON", requestId);
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new UnexpectedResponseError(operation, parsed.error.issues[0]?.message ?? "invalid shape", requestId);
      }
      return parsed.data;
    },
  };
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
