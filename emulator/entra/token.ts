// POST /{tenant}/oauth2/v2.0/token: authorization_code (PKCE S256) and refresh_token grants for
// the SPA, client_credentials for confidential clients (scripts, SDKs), with Entra's error bodies.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { randomToken, type EmulatorContext } from "../context";
import type { TenantAccount } from "../directory";
import type { SeedConfidentialClient } from "../fixtures/seed";
import type { RefreshTokenRecord } from "../store";
import { decodePercentLeniently, trimTrailingSlashes } from "../url-parts";
import {
  accessTokenIssuer,
  armAudiences,
  clientInfo,
  emulatorArmAudience,
  graphAudience,
  mintAccessToken,
  mintAppAccessToken,
  mintIdToken,
} from "../tokens";
import { noteClient } from "../request-note";
import { entraCorsHeaders } from "./cors";
import { EntraError, entraErrorBody, entraErrors } from "./errors";
import { resolveScopes } from "./scopes";
import { isCodeExpired, isRefreshTokenExpired, rememberRefreshToken } from "./sign-in-records";
import { authorityLabel, resolveAuthority, type Authority } from "./tenant";

export type TokenResponse = {
  token_type: "Bearer";
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info: string;
};

/** Entra's client_credentials answer: no scope, refresh token, id token or client_info. */
export type AppTokenResponse = { token_type: "Bearer"; expires_in: number; ext_expires_in: number; access_token: string };

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === "") throw entraErrors.missingParameter(name);
  return value;
}

export async function tokenHandler(ctx: EmulatorContext, c: Context, segment: string): Promise<Response> {
  const origin = c.req.header("origin");
  const headers = { ...entraCorsHeaders(origin), "Cache-Control": "no-store", Pragma: "no-cache" };
  try {
    const authority = resolveAuthority(ctx, segment);
    const form = new URLSearchParams(await c.req.text());
    const basic = basicCredentials(c.req.header("authorization"));
    const clientId = basic?.clientId ?? required(form, "client_id");
    noteClient(c, clientId);
    const confidential = ctx.directory.confidentialClient(clientId);
    if (confidential) return Response.json(await clientCredentials(ctx, authority, form, confidential, basic?.secret), { headers });
    const app = ctx.directory.application(clientId);
    if (!app) throw entraErrors.applicationNotFound(clientId, authorityLabel(authority));
    // A SPA is a public client: it has no secret to prove an app-only identity with.
    if (form.get("grant_type") === "client_credentials") throw entraErrors.missingClientCredential();
    // The only registered client is a SPA: Entra redeems its codes and refresh tokens only in
    // cross-origin requests (the browser's Origin header).
    if (origin === undefined) throw entraErrors.spaCrossOriginOnly();
    const grantType = required(form, "grant_type");
    const body =
      grantType === "authorization_code"
        ? await redeemCode(ctx, authority, form, app.clientId)
        : grantType === "refresh_token"
          ? await redeemRefreshToken(ctx, authority, form, app.clientId, app.displayName)
          : (() => {
              throw entraErrors.unsupportedGrantType(grantType);
            })();
    return Response.json(body, { headers });
  } catch (err) {
    if (!(err instanceof EntraError)) throw err;
    return Response.json(entraErrorBody(err, ctx.now(), c.req.header("client-request-id"), ctx.publicUrl), { status: err.status, headers });
  }
}

/** client_secret_basic: `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1). */
function basicCredentials(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header?.trim() ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { clientId: decodePercentLeniently(decoded.slice(0, colon)), secret: decodePercentLeniently(decoded.slice(colon + 1)) };
}

function sameSecret(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The client_credentials grant of a confidential client: an app-only token for its service
 * principal. Checks in Entra's order: tenant, client, secret, scope (`<resource>/.default`, one resource).
 */
async function clientCredentials(
  ctx: EmulatorContext,
  authority: Authority,
  form: URLSearchParams,
  client: SeedConfidentialClient,
  basicSecret: string | undefined,
): Promise<AppTokenResponse> {
  const grantType = required(form, "grant_type");
  // The emulator's confidential clients have no redirect URI and no users: only app-only tokens.
  if (grantType !== "client_credentials") throw entraErrors.unsupportedGrantType(grantType);
  if (authority.kind !== "tenant") throw entraErrors.noTenantForAppToken();
  // The app registration is single-tenant: its service principal exists only in its own directory.
  if (authority.tenant.tenantId !== client.tenantId) throw entraErrors.applicationNotFound(client.clientId, authorityLabel(authority));
  const secret = basicSecret ?? form.get("client_secret") ?? "";
  if (secret === "") throw entraErrors.missingClientCredential();
  if (!sameSecret(secret, client.clientSecret)) throw entraErrors.invalidClientSecret(client.clientId);

  const scope = required(form, "scope");
  const requested = scope.split(" ").filter((s) => s.length > 0);
  const audiences = new Set<string>();
  for (const s of requested) {
    if (!s.toLowerCase().endsWith("/.default")) throw entraErrors.clientCredentialsScope(scope);
    const resource = trimTrailingSlashes(s.slice(0, -"/.default".length)).toLowerCase();
    const audience =
      armAudiences.find((a) => a === `${resource}/`) ??
      (resource === ctx.publicUrl.toLowerCase() ? emulatorArmAudience(ctx) : undefined) ??
      (resource === graphAudience ? graphAudience : undefined);
    if (audience === undefined) throw entraErrors.resourceNotFound(s.slice(0, -"/.default".length), authorityLabel(authority));
    audiences.add(audience);
  }
  if (audiences.size > 1) throw entraErrors.moreThanOneResource(scope);
  const [audience] = [...audiences];
  if (audience === undefined) throw entraErrors.clientCredentialsScope(scope);
  const access = await mintAppAccessToken(ctx, client, { audience });
  return { token_type: "Bearer", expires_in: access.expiresIn, ext_expires_in: access.expiresIn, access_token: access.token };
}

async function redeemCode(ctx: EmulatorContext, authority: Authority, form: URLSearchParams, clientId: string): Promise<TokenResponse> {
  const codeValue = required(form, "code");
  const redirectUri = required(form, "redirect_uri");
  const scope = required(form, "scope");
  const code = ctx.state.codes.get(codeValue);
  if (!code) throw entraErrors.malformedGrant();
  if (code.redeemed) throw entraErrors.codeRedeemed();
  if (isCodeExpired(ctx.state, code, ctx.now())) throw entraErrors.codeExpired();
  if (code.clientId !== clientId) throw entraErrors.codeOtherClient();
  if (authority.kind === "tenant" && authority.tenant.tenantId !== code.tenantId) throw entraErrors.codeOtherTenant();
  if (redirectUri !== code.redirectUri) throw entraErrors.replyAddressMismatch(redirectUri, code.redirectUri);
  const verifier = required(form, "code_verifier");
  if (createHash("sha256").update(verifier).digest("base64url") !== code.codeChallenge) throw entraErrors.verifierMismatch();
  const resolved = resolveScopes(scope, authorityLabel(authority));
  code.redeemed = true;

  const user = ctx.directory.userByHomeObjectId(code.homeObjectId);
  const account = user ? ctx.directory.account(user, code.tenantId) : undefined;
  if (!account) throw entraErrors.malformedGrant();
  const now = ctx.now();
  return issueTokens(
    ctx,
    account,
    clientId,
    scope,
    code.nonce,
    {
      clientId,
      homeObjectId: account.home.objectId,
      tenantId: account.tenant.tenantId,
      issuedAt: now,
      expiresAt: now + ctx.state.settings.refreshTokenLifetimeSeconds * 1000,
    },
    resolved.openid,
    resolved.offlineAccess,
  );
}

async function redeemRefreshToken(
  ctx: EmulatorContext,
  authority: Authority,
  form: URLSearchParams,
  clientId: string,
  appName: string,
): Promise<TokenResponse> {
  const value = required(form, "refresh_token");
  const scope = required(form, "scope");
  const record = ctx.state.refreshTokens.get(value);
  if (!record || record.clientId !== clientId) throw entraErrors.malformedGrant();
  if (isRefreshTokenExpired(record, ctx.now()))
    throw entraErrors.refreshTokenExpired(record.issuedAt, ctx.state.settings.refreshTokenLifetimeSeconds);
  const user = ctx.directory.userByHomeObjectId(record.homeObjectId);
  if (!user) throw entraErrors.malformedGrant();
  // A home refresh token is redeemable at another tenant's endpoint when the user belongs there
  // (guest): the tokens then carry that tenant's tid/oid; organizations/common keep the token's tenant.
  const tenantId = authority.kind === "tenant" ? authority.tenant.tenantId : record.tenantId;
  const account = ctx.directory.account(user, tenantId);
  if (!account) {
    const home = ctx.directory.home(user);
    throw entraErrors.refreshUserNotInTenant(
      home.userPrincipalName,
      accessTokenIssuer(ctx, home.tenantId),
      authorityLabel(authority),
      clientId,
      appName,
    );
  }
  const resolved = resolveScopes(scope, authorityLabel(authority));
  return issueTokens(
    ctx,
    account,
    clientId,
    scope,
    undefined,
    {
      clientId,
      homeObjectId: record.homeObjectId,
      tenantId: account.tenant.tenantId,
      issuedAt: record.issuedAt,
      // SPA refresh tokens do not slide: a rotated token keeps the original expiry.
      expiresAt: record.expiresAt,
    },
    resolved.openid,
    resolved.offlineAccess,
  );
}

async function issueTokens(
  ctx: EmulatorContext,
  account: TenantAccount,
  clientId: string,
  scope: string,
  nonce: string | undefined,
  refresh: Omit<RefreshTokenRecord, "token">,
  openid: boolean,
  offlineAccess: boolean,
): Promise<TokenResponse> {
  const resolved = resolveScopes(scope, account.tenant.displayName);
  const access = await mintAccessToken(ctx, account, { audience: resolved.audience, scp: resolved.scp, clientId });
  const response: TokenResponse = {
    token_type: "Bearer",
    scope: resolved.responseScope,
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
    client_info: clientInfo(account),
  };
  // As in Entra, a refresh token needs offline_access and an id_token needs openid (MSAL always sends both).
  if (offlineAccess) {
    const token = randomToken(64);
    rememberRefreshToken(ctx.state, { ...refresh, token }, ctx.now());
    response.refresh_token = token;
  }
  if (openid) response.id_token = await mintIdToken(ctx, account, clientId, nonce, undefined);
  return response;
}
