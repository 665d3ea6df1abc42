// GET /{tenant}/v2.0/.well-known/openid-configuration and GET /{tenant}/discovery/v2.0/keys, and
// the v1 document GET /{tenant}/.well-known/openid-configuration with GET /{tenant}/discovery/keys.
import type { Context } from "hono";
import type { EmulatorContext } from "../context";
import { accessTokenIssuer, v2Issuer } from "../tokens";
import { entraCorsHeaders } from "./cors";
import type { Authority } from "./tenant";

/** Endpoints are named with the tenant's id, as Entra names them whether the request used a domain or the id. */
const baseOf = (ctx: EmulatorContext, authority: Authority) =>
  `${ctx.publicUrl}/${authority.kind === "tenant" ? authority.tenant.tenantId : authority.segment}`;

/** What the v1 and v2 documents say alike: the endpoints (v2 in both: the emulator has no v1 ones), methods and cloud. */
function sharedDiscovery(ctx: EmulatorContext, authority: Authority) {
  const base = baseOf(ctx, authority);
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    tenant_region_scope: authority.kind === "tenant" && authority.tenant.countryCode !== "US" ? "EU" : "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

/** The claims both documents list first. */
const sharedClaims = [
  "sub",
  "iss",
  "cloud_instance_name",
  "cloud_instance_host_name",
  "cloud_graph_host_name",
  "msgraph_host",
  "aud",
  "exp",
  "iat",
  "auth_time",
  "acr",
];

export function openidConfiguration(ctx: EmulatorContext, authority: Authority) {
  return {
    ...sharedDiscovery(ctx, authority),
    jwks_uri: `${baseOf(ctx, authority)}/discovery/v2.0/keys`,
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    // Like Entra: a specific tenant has its own issuer; organizations/common publish the {tenantid} placeholder.
    issuer: authority.kind === "tenant" ? v2Issuer(ctx, authority.tenant.tenantId) : `${ctx.publicUrl}/{tenantid}/v2.0`,
    request_uri_parameter_supported: false,
    claims_supported: [...sharedClaims, "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
  };
}

/**
 * The v1 ("Azure AD") document, read by tools that validate v1 access tokens (its issuer and keys)
 * and by clients that discover a tenant without /v2.0. Its issuer is the v1 access tokens' (Entra:
 * https://sts.windows.net/{tid}/) and its keys Entra's /common/discovery/keys. The emulator has no
 * v1 endpoints (/oauth2/token with `resource`, /oauth2/authorize): its authorize, token and logout
 * endpoints are the v2 ones, which is what MSAL, speaking the v2 protocol, needs from any document.
 * Entra's device code, userinfo, check-session and Kerberos endpoints are left out: not emulated.
 */
export function openidConfigurationV1(ctx: EmulatorContext, authority: Authority) {
  return {
    ...sharedDiscovery(ctx, authority),
    jwks_uri: `${ctx.publicUrl}/common/discovery/keys`,
    response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
    scopes_supported: ["openid"],
    issuer: authority.kind === "tenant" ? accessTokenIssuer(ctx, authority.tenant.tenantId) : `${ctx.publicUrl}/{tenantid}/`,
    microsoft_multi_refresh_token: true,
    claims_supported: [...sharedClaims, "amr", "nonce", "email", "given_name", "family_name", "nickname"],
  };
}

// Like Entra, which lets clients keep its discovery documents for a day: a browser's HTTP cache then
// answers MSAL's next fetch of them (on every page load: MSAL keeps them in memory only).
const discoveryHeaders = (c: Context) => ({ ...entraCorsHeaders(c.req.header("origin")), "Cache-Control": "max-age=86400, private" });

export function openidConfigurationHandler(ctx: EmulatorContext, authority: Authority, c: Context, version: "v1" | "v2"): Response {
  const document = version === "v1" ? openidConfigurationV1(ctx, authority) : openidConfiguration(ctx, authority);
  return Response.json(document, { headers: discoveryHeaders(c) });
}

export function keysHandler(ctx: EmulatorContext, c: Context): Response {
  return Response.json({ keys: [ctx.signingKey.publicJwk] }, { headers: discoveryHeaders(c) });
}
