// GET /tenants, GET /subscriptions, GET /subscriptions/{id} (Microsoft.Resources, ARM-owned).
import type { SeedSubscription } from "../../fixtures/seed";
import { pageOf } from "../paging";
import type { ArmRequest, ArmResult } from "../pipeline";

export const resourcesApiVersions = [
  "2014-04-01-preview",
  "2015-01-01",
  "2016-06-01",
  "2018-06-01",
  "2019-06-01",
  "2019-11-01",
  "2020-01-01",
  "2021-01-01",
  "2022-01-01",
  "2022-09-01",
  "2022-12-01",
] as const;

export function subscriptionView(sub: SeedSubscription) {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: sub.subscriptionId,
    tenantId: sub.tenantId,
    displayName: sub.displayName,
    state: sub.state,
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: sub.quotaId, spendingLimit: "Off" },
  };
}

/**
 * Directories the signed-in user belongs to (home and guest), whatever tenant the token is from;
 * for a service principal, the directory it lives in.
 */
export function listTenants(req: ArmRequest): ArmResult {
  const { ctx, principal } = req;
  const account = principal.kind === "user" ? ctx.directory.accountByObjectId(principal.tenantId, principal.objectId) : undefined;
  const servicePrincipal =
    principal.kind === "app" ? ctx.directory.servicePrincipalByObjectId(principal.tenantId, principal.objectId) : undefined;
  const tenantIds = account ? account.user.memberships.map((m) => m.tenantId) : servicePrincipal ? [servicePrincipal.tenantId] : [];
  const tenants = tenantIds.flatMap((id) => ctx.directory.tenant(id) ?? []);
  // Older api-versions returned only id and tenantId.
  const full = req.apiVersion >= "2020-01-01";
  return {
    status: 200,
    body: {
      value: tenants.map((t) =>
        full
          ? {
              id: `/tenants/${t.tenantId}`,
              tenantId: t.tenantId,
              countryCode: t.countryCode,
              displayName: t.displayName,
              domains: t.domains,
              tenantCategory: "Home",
              defaultDomain: t.defaultDomain,
              tenantType: "AAD",
            }
          : { id: `/tenants/${t.tenantId}`, tenantId: t.tenantId },
      ),
    },
  };
}

/** Subscriptions of the token's tenant on which the caller has a role, paged with a full-URL nextLink. */
export function listSubscriptions(req: ArmRequest): ArmResult {
  const { ctx, principal, url } = req;
  // Once per caller, not per page: at 10,000 subscriptions, checking the roles of each is what costs.
  const key = `${principal.tenantId} ${principal.objectId}`;
  let visible = ctx.state.visibleSubscriptions.get(key);
  if (!visible) {
    visible = ctx.seed.subscriptions.filter(
      (s) =>
        s.tenantId === principal.tenantId && ctx.directory.rolesAt(principal.objectId, `/subscriptions/${s.subscriptionId}`).length > 0,
    );
    ctx.state.visibleSubscriptions.set(key, visible);
  }
  const pageSize = ctx.state.settings.subscriptionsPageSize;
  const { value, nextLink } = pageOf(visible, { publicUrl: ctx.publicUrl, url }, pageSize);
  // Microsoft.Resources leaves nextLink out on the last page.
  return { status: 200, body: { value: value.map(subscriptionView), ...(nextLink !== undefined && { nextLink }) } };
}

export function getSubscription(req: ArmRequest): ArmResult {
  if (!req.subscription) throw new Error("route must be subscription-scoped");
  return { status: 200, body: subscriptionView(req.subscription.seed) };
}
