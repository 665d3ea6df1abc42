// Test-only: the ARM client wired to an in-process emulator (emulator/test-support.ts) instead of the
// browser's fetch and MSAL. Typed by what it uses of the emulator, so that the app's build, which
// type-checks this file, does not need the emulator's sources.
import { createHttpHeaders, type HttpClient, type PipelineRequest, RestError } from "@azure/core-rest-pipeline";
import {
  type AccountInfo,
  type AuthenticationResult,
  CacheLookupPolicy,
  type PublicClientApplication,
  type SilentRequest,
} from "@azure/msal-browser";
import { type AppConfig, parseConfig } from "../../config/config";
import { type ArmClient, createArmClient } from "./client";

/** What one request carried when it left the pipeline. */
type SentRequest = {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
  cache: unknown;
};

/**
 * Sends pipeline requests to `fetch` (the emulator's) and answers like the SDK's fetch client: a
 * response whatever its status, and a RestError without a response when the connection was dropped.
 * `beforeSend` runs before each request goes out (another client acting at that moment).
 */
function inProcessHttpClient(fetch: (request: Request) => Promise<Response>, beforeSend?: (request: PipelineRequest) => Promise<void>) {
  const sent: SentRequest[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request) {
      await beforeSend?.(request);
      const body = typeof request.body === "string" ? request.body : undefined;
      sent.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.get("authorization"),
        body: body === undefined ? undefined : JSON.parse(body),
        cache: request.requestOverrides?.cache,
      });
      let response: Response;
      try {
        response = await fetch(
          new Request(request.url, { method: request.method, headers: Object.fromEntries(request.headers), body: body ?? null }),
        );
      } catch (error) {
        throw new RestError(`Error sending request: ${error instanceof Error ? error.message : String(error)}`, {
          code: RestError.REQUEST_SEND_ERROR,
          request,
        });
      }
      return {
        request,
        status: response.status,
        headers: createHttpHeaders(Object.fromEntries(response.headers)),
        bodyAsText: await response.text(),
      };
    },
  };
  return { httpClient, sent };
}

/**
 * Just what acquireArmToken uses of MSAL, with MSAL's caching: one signed-in account, and per directory
 * the token it minted last, until a refresh through the refresh token is asked for. `mint` issues a
 * real token for a directory (the emulator's armToken).
 */
function fakeMsal(mint: (tenantId: string) => Promise<string>) {
  const home = {
    homeAccountId: "uid.home",
    tenantId: "home",
    localAccountId: "uid",
    environment: "localhost",
    username: "adele",
  } as AccountInfo;
  const cache = new Map<string, string>();
  const tokenRequests: Array<{ tenantId: string; refresh: boolean }> = [];
  const pca = {
    getActiveAccount: () => home,
    // The active account never changes here: no event is ever sent.
    addEventCallback: () => null,
    getAllAccounts: () => [home],
    getAccount: ({ tenantId }: { tenantId: string }) => ({ ...home, tenantId }),
    async acquireTokenSilent(request: SilentRequest): Promise<Partial<AuthenticationResult>> {
      const tenantId = new URL(request.authority ?? "").pathname.slice(1);
      const refresh = request.cacheLookupPolicy === CacheLookupPolicy.RefreshToken;
      tokenRequests.push({ tenantId, refresh });
      let token = cache.get(tenantId);
      if (token === undefined || refresh) {
        token = await mint(tenantId);
        cache.set(tenantId, token);
      }
      return { accessToken: token };
    },
  } as unknown as PublicClientApplication;
  return { pca, tokenRequests };
}

/** The app's configuration against the emulator at `endpoint`. */
export function emulatorConfig(endpoint: string): AppConfig {
  return parseConfig({
    identity: { authorityHost: endpoint, tenant: "organizations", clientId: "5f6a3b4e-1c2d-4e8f-9a0b-7c6d5e4f3a21" },
    arm: { endpoint },
    emulator: { url: endpoint },
  });
}

/** An ARM client against an in-process emulator, with what it sent and the tokens it asked MSAL for. */
export function emulatedArm(
  emulator: { fetch: (request: Request) => Promise<Response> },
  options: {
    endpoint: string;
    mint: (tenantId: string) => Promise<string>;
    config?: AppConfig;
    beforeSend?: (request: PipelineRequest) => Promise<void>;
  },
): { client: ArmClient; sent: SentRequest[]; tokenRequests: Array<{ tenantId: string; refresh: boolean }> } {
  const { httpClient, sent } = inProcessHttpClient((request) => emulator.fetch(request), options.beforeSend);
  const { pca, tokenRequests } = fakeMsal(options.mint);
  const client = createArmClient(pca, options.config ?? emulatorConfig(options.endpoint), { httpClient });
  return { client, sent, tokenRequests };
}
