// Bearer-token authentication of every ARM call, against the emulator's own signing key.
import { createLocalJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { EmulatorContext } from "../context";
import { accessTokenIssuer, emulatorArmAudience } from "../tokens";
import { armErrors } from "./errors";

export type Principal = {
  /** "app" for app-only (client_credentials) tokens: the caller is a service principal. */
  kind: "user" | "app";
  objectId: string;
  tenantId: string;
  /**
   * Name ARM shows in AuthorizationFailed: the upn, unique_name for guests (who have no upn
   * claim), or the application (client) id for a service principal.
   */
  clientName: string;
  issuer: string;
  appId: string | undefined;
};

/** ARM accepts both resource URIs, with and without the trailing slash. */
const allowedAudiences = new Set([
  "https://management.core.windows.net/",
  "https://management.core.windows.net",
  "https://management.azure.com/",
  "https://management.azure.com",
]);

/** Azure validates token times with a five-minute clock skew allowance. */
const clockSkewSeconds = 300;

/** Claims every access token Entra issues for ARM carries; a token without one is refused. */
const requiredClaims = ["exp", "iat", "nbf", "tid", "oid"];

/**
 * What lets a token call ARM. A delegated (user) token must carry the `user_impersonation` scope
 * of Azure Service Management in `scp`, the only delegated permission ARM exposes. An app-only
 * token (client credentials, `idtyp: app`) carries neither `scp` nor `roles`: ARM exposes no app
 * roles, so Entra issues it without them, and ARM authorizes the service principal through its
 * role assignments alone.
 */
function grantsArmAccess(payload: JWTPayload): boolean {
  if (payload["idtyp"] === "app") return true;
  const scp = payload["scp"];
  return typeof scp === "string" && scp.split(" ").some((scope) => scope.toLowerCase() === "user_impersonation");
}

export async function authenticate(ctx: EmulatorContext, authorization: string | undefined): Promise<Principal> {
  if (authorization === undefined || authorization.trim() === "") throw armErrors.missingAuthorization(ctx.publicUrl);
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const token = match?.[1];
  if (token === undefined) throw armErrors.malformedAuthorization(ctx.publicUrl);

  try {
    // Refuses alg "none", HS256 with the public key as secret, and anything but RS256.
    if (decodeProtectedHeader(token).alg !== "RS256") throw armErrors.invalidToken(ctx.publicUrl);
  } catch {
    throw armErrors.invalidToken(ctx.publicUrl);
  }

  let payload: JWTPayload;
  try {
    const keys = createLocalJWKSet({ keys: [ctx.signingKey.publicJwk] });
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: ["RS256"],
      currentDate: new Date(ctx.now()),
      clockTolerance: clockSkewSeconds,
      requiredClaims,
    }));
  } catch (err) {
    // jose checks the signature before the time claims, so an expired token here is a genuine one.
    if (err instanceof joseErrors.JWTExpired) {
      const tid = typeof err.payload["tid"] === "string" ? err.payload["tid"] : "";
      throw armErrors.expiredToken(ctx.publicUrl, tid, err.payload.exp ?? 0, ctx.now());
    }
    throw armErrors.invalidToken(ctx.publicUrl);
  }

  const audiences = Array.isArray(payload.aud) ? payload.aud : payload.aud === undefined ? [] : [payload.aud];
  const ownAudience = emulatorArmAudience(ctx);
  if (!audiences.some((a) => allowedAudiences.has(a) || a === ownAudience || a === ownAudience.slice(0, -1)))
    throw armErrors.wrongAudience(ctx.publicUrl, audiences.join(","));

  const tid = payload["tid"];
  const oid = payload["oid"];
  if (typeof tid !== "string" || typeof oid !== "string" || payload.iss !== accessTokenIssuer(ctx, tid))
    throw armErrors.invalidToken(ctx.publicUrl);
  if (!grantsArmAccess(payload)) throw armErrors.invalidToken(ctx.publicUrl);
  const upn = payload["upn"];
  const uniqueName = payload["unique_name"];
  const appId = payload["appid"];
  const kind = payload["idtyp"] === "app" ? "app" : "user";
  const userName = typeof upn === "string" ? upn : typeof uniqueName === "string" ? uniqueName : oid;
  return {
    kind,
    objectId: oid,
    tenantId: tid,
    clientName: kind === "app" && typeof appId === "string" ? appId : userName,
    issuer: payload.iss,
    appId: typeof appId === "string" ? appId : undefined,
  };
}
