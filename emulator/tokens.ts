// Token minting shared by the Entra token endpoint and the test control API, so a control-API
// token is byte-for-byte the kind of token the real flow produces.
import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import type { EmulatorContext } from "./context";
import type { TenantAccount } from "./directory";
import type { SeedConfidentialClient } from "./fixtures/seed";

export const armAudiences = ["https://management.azure.com/", "https://management.core.windows.net/"] as const;
export const graphAudience = "https://graph.microsoft.com";

/**
 * The emulator's own origin as ARM's resource identifier, as in a sovereign cloud where the ARM
 * endpoint is also the token audience (e.g. https://management.chinacloudapi.cn). Azure SDK
 * clients such as SubscriptionClient ask for `${endpoint}/.default` when given only an endpoint.
 */
export function emulatorArmAudience(ctx: EmulatorContext): string {
  return `${ctx.publicUrl}/`;
}

/** Issuer of v1 access tokens. Real Entra uses https://sts.windows.net/{tid}/; the emulator uses its own origin. */
export function accessTokenIssuer(ctx: EmulatorContext, tenantId: string): string {
  return `${ctx.publicUrl}/${tenantId}/`;
}

/** Issuer of v2 id tokens and of the openid-configuration (Entra: https://login.microsoftonline.com/{tid}/v2.0). */
export function v2Issuer(ctx: EmulatorContext, tenantId: string): string {
  return `${ctx.publicUrl}/${tenantId}/v2.0`;
}

export function clientInfo(account: TenantAccount): string {
  return Buffer.from(JSON.stringify({ uid: account.home.objectId, utid: account.home.tenantId })).toString("base64url");
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const uti = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");

export type AccessTokenOptions = {
  audience: string;
  scp: string;
  clientId: string;
  /** Overrides for tests (expired, not-yet-valid tokens); absent in the real flow. */
  issuedAt?: number;
  lifetimeSeconds?: number;
};

export async function mintAccessToken(
  ctx: EmulatorContext,
  account: TenantAccount,
  options: AccessTokenOptions,
): Promise<{ token: string; expiresIn: number }> {
  const iat = seconds(options.issuedAt ?? ctx.now());
  const lifetime = options.lifetimeSeconds ?? ctx.state.settings.accessTokenLifetimeSeconds;
  const guest = account.account.userType === "Guest";
  const claims: Record<string, unknown> = {
    aud: options.audience,
    iss: accessTokenIssuer(ctx, account.tenant.tenantId),
    iat,
    nbf: iat,
    exp: iat + lifetime,
    acr: "1",
    amr: ["pwd"],
    appid: options.clientId,
    appidacr: "0",
    family_name: account.user.surname,
    given_name: account.user.givenName,
    idtyp: "user",
    name: account.user.displayName,
    oid: account.account.objectId,
    scp: options.scp,
    sub: pairwiseSubject(account.account.objectId, options.clientId),
    tid: account.tenant.tenantId,
    // Like Entra, a guest's token names the home sign-in name and the home identity provider
    // instead of the #EXT# upn of the resource tenant.
    unique_name: account.home.userPrincipalName,
    uti: uti(),
    ver: "1.0",
  };
  if (guest) claims["idp"] = accessTokenIssuer(ctx, account.home.tenantId);
  else claims["upn"] = account.account.userPrincipalName;
  return { token: await signAccessToken(ctx, claims), expiresIn: lifetime };
}

/** Access tokens carry x5t as Entra's do; the key id is the certificate thumbprint there. */
function signAccessToken(ctx: EmulatorContext, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: ctx.signingKey.kid, x5t: ctx.signingKey.kid })
    .sign(ctx.signingKey.privateKey);
}

/**
 * An app-only (client_credentials) access token, shaped like Entra's v1 tokens for ARM: the
 * service principal is `oid` and `sub`, `idtyp` is "app", and there is no `scp`, `upn` or name.
 */
export async function mintAppAccessToken(
  ctx: EmulatorContext,
  client: SeedConfidentialClient,
  options: { audience: string; issuedAt?: number; lifetimeSeconds?: number },
): Promise<{ token: string; expiresIn: number }> {
  const iat = seconds(options.issuedAt ?? ctx.now());
  const lifetime = options.lifetimeSeconds ?? ctx.state.settings.accessTokenLifetimeSeconds;
  const issuer = accessTokenIssuer(ctx, client.tenantId);
  const claims: Record<string, unknown> = {
    aud: options.audience,
    iss: issuer,
    iat,
    nbf: iat,
    exp: iat + lifetime,
    appid: client.clientId,
    // 1: the client authenticated with a secret (2 would be a certificate).
    appidacr: "1",
    // Entra names the issuing directory as idp in app tokens.
    idp: issuer,
    idtyp: "app",
    oid: client.servicePrincipalObjectId,
    sub: client.servicePrincipalObjectId,
    tid: client.tenantId,
    uti: uti(),
    ver: "1.0",
  };
  return { token: await signAccessToken(ctx, claims), expiresIn: lifetime };
}

export async function mintIdToken(
  ctx: EmulatorContext,
  account: TenantAccount,
  clientId: string,
  nonce: string | undefined,
  sid: string | undefined,
): Promise<string> {
  const iat = seconds(ctx.now());
  const claims: Record<string, unknown> = {
    aud: clientId,
    iss: v2Issuer(ctx, account.tenant.tenantId),
    iat,
    nbf: iat,
    exp: iat + 3600,
    name: account.user.displayName,
    oid: account.account.objectId,
    preferred_username: account.home.userPrincipalName,
    rh: "0.emulator",
    sub: pairwiseSubject(account.account.objectId, clientId),
    tid: account.tenant.tenantId,
    uti: uti(),
    ver: "2.0",
  };
  if (nonce !== undefined) claims["nonce"] = nonce;
  if (sid !== undefined) claims["sid"] = sid;
  return new SignJWT(claims).setProtectedHeader({ typ: "JWT", alg: "RS256", kid: ctx.signingKey.kid }).sign(ctx.signingKey.privateKey);
}

/** Entra's `sub` is pairwise: stable per user and application, different across applications. */
function pairwiseSubject(objectId: string, clientId: string): string {
  return createHash("sha256").update(`${objectId}|${clientId}`).digest("base64url").slice(0, 43);
}
