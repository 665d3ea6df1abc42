import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";
import type { AuthenticationResult, PublicClientApplication } from "@azure/msal-browser";
import type { AppConfig } from "../../config/config";
import { acquireArmToken } from "../auth/msal";
import { toArmError } from "./responses";

/** ARM's codes for a token it no longer accepts (expired, or signing keys rolled): a fresh one may do. */
const renewableCodes = new Set(["expiredauthenticationtoken", "invalidauthenticationtoken"]);

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
 */
export function tenantTokenPolicy(pca: PublicClientApplication, config: AppConfig, tenantId: string): PipelinePolicy {
  return {
    name: "tenantTokenPolicy",
    async sendRequest(request, next) {
      if (!request.url.toLowerCase().startsWith("https://")) {
        throw new Error("Refusing to send an access token over a non-https connection.");
      }
      authorize(request, await acquireArmToken(pca, config, tenantId));
      const response = await next(request);
      if (response.status !== 401 || !renewableCodes.has(toArmError(response).code.toLowerCase())) return response;
      authorize(request, await acquireArmToken(pca, config, tenantId, { forceRefresh: true }));
      return next(request);
    },
  };
}
