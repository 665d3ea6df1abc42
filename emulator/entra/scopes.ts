// Splits a requested scope string into OIDC scopes and one resource, as Entra does, and decides
// the access token's audience.
import { armAudiences, graphAudience } from "../tokens";
import { trimTrailingSlashes } from "../url-parts";
import { entraErrors } from "./errors";

const oidcScopes = new Set(["openid", "profile", "offline_access", "email"]);
const armPermissions = new Set(["user_impersonation", ".default"]);
const graphPermissions = new Set(["user.read", ".default"]);

export type ResolvedScopes = {
  audience: string;
  /** `scp` claim of the access token. */
  scp: string;
  /** `scope` of the token response: the requested resource scopes, echoed as sent. */
  responseScope: string;
  openid: boolean;
  offlineAccess: boolean;
};

/** Throws an EntraError for an unknown resource, an unknown permission or more than one resource. */
export function resolveScopes(scope: string, tenantName: string): ResolvedScopes {
  const requested = scope.split(" ").filter((s) => s.length > 0);
  const oidc = requested.filter((s) => oidcScopes.has(s.toLowerCase()));
  const resourceScopes = requested.filter((s) => !oidcScopes.has(s.toLowerCase()));
  const openid = oidc.some((s) => s.toLowerCase() === "openid");
  const offlineAccess = oidc.some((s) => s.toLowerCase() === "offline_access");

  const resources = new Set<string>();
  for (const s of resourceScopes) {
    const { resource, permission } = splitScope(s);
    const armAudience = armAudiences.find((a) => a === `${resource.toLowerCase()}/`);
    if (armAudience) {
      if (!armPermissions.has(permission.toLowerCase())) throw entraErrors.invalidScope(s);
      resources.add(armAudience);
    } else if (resource.toLowerCase() === graphAudience) {
      if (!graphPermissions.has(permission.toLowerCase())) throw entraErrors.invalidScope(s);
      resources.add(graphAudience);
    } else {
      throw entraErrors.resourceNotFound(resource, tenantName);
    }
  }
  if (resources.size > 1) throw entraErrors.moreThanOneResource(resourceScopes.join(" "));
  const [audience] = [...resources];
  if (audience === undefined || audience === graphAudience) {
    // Only OIDC scopes (or Graph): Entra issues a Microsoft Graph token with User.Read.
    return {
      audience: graphAudience,
      scp: "openid profile email User.Read",
      responseScope: resourceScopes.length > 0 ? resourceScopes.join(" ") : "openid profile email User.Read",
      openid,
      offlineAccess,
    };
  }
  return { audience, scp: "user_impersonation", responseScope: resourceScopes.join(" "), openid, offlineAccess };
}

/** "https://management.azure.com/user_impersonation" → resource + permission; a bare name is a Graph permission. */
function splitScope(scope: string): { resource: string; permission: string } {
  if (!/^[a-z]+:\/\//i.test(scope)) return { resource: graphAudience, permission: scope };
  const slash = scope.lastIndexOf("/");
  const resource = trimTrailingSlashes(scope.slice(0, slash));
  return { resource, permission: scope.slice(slash + 1) };
}
