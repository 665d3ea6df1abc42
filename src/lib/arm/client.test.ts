import { createHttpHeaders, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline";
import type { AccountInfo, PublicClientApplication } from "@azure/msal-browser";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/config";
import { createArmClient } from "./client";
import { listSubscriptions } from "./directories";
import { ForeignOriginError } from "./errors";

const config = parseConfig({
  identity: {
    authorityHost: "https://login.microsoftonline.com",
    tenant: "organizations",
    clientId: "5f6a3b4e-1c2d-4e8f-9a0b-7c6d5e4f3a21",
  },
  arm: { endpoint: "https://management.azure.com" },
});

const account = { homeAccountId: "uid.tid", tenantId: "tid", username: "adele@contoso.example" } as AccountInfo;

/** Just what acquireArmToken uses of MSAL: one signed-in account and a token per call. */
function fakeMsal() {
  const tokenRequests: unknown[] = [];
  const pca = {
    getActiveAccount: () => account,
    getAllAccounts: () => [account],
    getAccount: () => account,
    acquireTokenSilent: (request: unknown) => {
      tokenRequests.push(request);
      return Promise.resolve({ accessToken: "token-for-arm" });
    },
  } as unknown as PublicClientApplication;
  return { pca, tokenRequests };
}

/** Answers every request with the next body and records what was sent, with its Authorization header. */
function recordingHttpClient(bodies: unknown[]) {
  const sent: Array<{ url: string; authorization: string | undefined; cache: unknown }> = [];
  const httpClient: HttpClient = {
    sendRequest: (request: PipelineRequest) => {
      sent.push({ url: request.url, authorization: request.headers.get("authorization"), cache: request.requestOverrides?.cache });
      const body = bodies.shift();
      return Promise.resolve({
        request,
        status: 200,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: JSON.stringify(body),
      });
    },
  };
  return { httpClient, sent };
}

const subscription = (id: string) => ({
  id: `/subscriptions/${id}`,
  subscriptionId: id,
  tenantId: "tid",
  displayName: id,
  state: "Enabled",
});

describe("ARM client", () => {
  it("follows a nextLink on the ARM origin with the token", async () => {
    const { pca } = fakeMsal();
    const { httpClient, sent } = recordingHttpClient([
      { value: [subscription("a")], nextLink: "https://management.azure.com/subscriptions?api-version=2022-12-01&%24skiptoken=2" },
      { value: [subscription("b")] },
    ]);
    const subscriptions = await listSubscriptions(createArmClient(pca, config, { httpClient }), "tid");
    expect(subscriptions.map((s) => s.subscriptionId)).toEqual(["a", "b"]);
    expect(sent.map((request) => request.authorization)).toEqual(["Bearer token-for-arm", "Bearer token-for-arm"]);
  });

  it("lets the browser reuse CORS preflights: fetch's default cache mode, not the SDK's no-store", async () => {
    const { pca } = fakeMsal();
    const { httpClient, sent } = recordingHttpClient([{ value: [subscription("a")] }]);
    await listSubscriptions(createArmClient(pca, config, { httpClient }), "tid");
    expect(sent.map((request) => request.cache)).toEqual(["default"]);
  });

  it.each([
    "https://attacker.example/subscriptions?api-version=2022-12-01",
    "//attacker.example/subscriptions",
    "https://management.azure.com.attacker.example/subscriptions",
    "https://management.azure.com:8443/subscriptions",
  ])("refuses a nextLink to %s before a token is attached, without retrying", async (nextLink) => {
    const { pca, tokenRequests } = fakeMsal();
    const { httpClient, sent } = recordingHttpClient([{ value: [subscription("a")], nextLink }]);
    const listing = listSubscriptions(createArmClient(pca, config, { httpClient }), "tid");
    await expect(listing).rejects.toBeInstanceOf(ForeignOriginError);
    expect(sent.map((request) => new URL(request.url).origin)).toEqual(["https://management.azure.com"]);
    expect(tokenRequests).toHaveLength(1);
  });
});
