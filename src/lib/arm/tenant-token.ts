import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";
import type { AuthenticationResult, PublicClientApplication } from "@azure/msal-browser";
import type { AppConfig } from "../../config/config";
import { acquireArmToken } from "../auth/msal";
import { toArmError } from "./responses";

/** ARM's codes for a token it no longer accepts (expired, or signing keys rolled): a fresh one may do. */
const renewableCodes = new Set(["expiredauthenticationtoken", "invalidauthenticationtoken"]);

/** How long requests share one token from MSAL. */
const TOKEN_SHARED_MS = 1000;

function authorize(request: PipelineRequest, token: AuthenticationResult) {
  request.headers.set("Authorization", `Bearer ${token.accessToken}`);
}

/**
 * Bearer authentication for one directory (ARM tokens are per tenant): a token from MSAL on every
 * request, only over https, and on a 401 whose ARM code says the token is stale (expired, or signing
 * keys rolled) the token is renewed once through MSAL's refresh token and the request sent again; a
 * second 401 is the caller's.
 *
 * Not the SDK's bearerTokenAuthenticationPolicy: it treats a 401 as a challenge only when the
 * response carries `WWW-Authenticate`, and a browser sees that header only if ARM's CORS answer
 * exposes it, which is not documented; ARM's error code is always readable. Nor the SDK's token
 * cycler: MSAL already caches, renews before expiry and shares tokens between tabs, and a second
 * cache would go on sending a token ARM has refused until its own expiry time.
 *
 * Requests sent within a second of each other share one answer from MSAL: a run over many
 * subscriptions sends dozens a second, and each silent acquisition costs the page a millisecond or
 * two of storage reads and parsing. MSAL hands out tokens with minutes left, so a second's reuse never
 * sends an expired one; a refused token is never reused.
 */
export function tenantTokenPolicy(pca: PublicClientApplication, config: AppConfig, tenantId: string): PipelinePolicy {
  let shared: { token: Promise<AuthenticationResult>; at: number } | undefined;
  const token = (forceRefresh = false) => {
    if (forceRefresh || !shared || Date.now() - shared.at >= TOKEN_SHARED_MS) {
      const current = { token: acquireArmToken(pca, config, tenantId, { forceRefresh }), at: Date.now() };
      // A failure is not shared: the next request asks MSAL again.
      current.token.catch(() => {
        if (shared === current) shared = undefined;
      });
      shared = current;
    }
    return shared.token;
  };
  return {
    name: "tenantTokenPolicy",
    async sendRequest(request, next) {
      if (!request.url.toLowerCase().startsWith("https://")) {
        throw new Error("Refusing to send an access token over a non-https connection.");
      }
      authorize(request, await token());
      const response = await next(request);
      if (response.status !== 401 || !renewableCodes.has(toArmError(response).code.toLowerCase())) return response;
      authorize(request, await token(true));
      return next(request);
    },
  };
}
