// The ARM operation table: path, api-versions, access rule and handler of every emulated operation.
import { trimTrailingSlashes } from "../url-parts";
import { getManagementGroup, listDescendants, listManagementGroups, managementGroupsApiVersions } from "./handlers/management-groups";
import { getAlert, listAlerts, updateAlertStatus } from "./handlers/alerts";
import { listPermissions, permissionsApiVersions } from "./handlers/permissions";
import { deletePricing, getPricing, globalUpdatePricings, listPricings, patchPricing, putPricing } from "./handlers/pricings";
import { getProvider, providerApiVersions, registerProvider } from "./handlers/providers";
import { getSubscription, listSubscriptions, listTenants, resourcesApiVersions } from "./handlers/subscriptions";
import type { ArmRoute } from "./pipeline";
import { queryResources, resourceGraphApiVersions } from "../resource-graph/query";
import { pricingApiVersions } from "./pricing-view";

const sub = "/subscriptions/([^/]+)";
const path = (p: string) => new RegExp(`^${p}$`, "i");
const pricingsVersionError = { kind: "provider", resourceType: "pricings" } as const;
/** Scope named in AuthorizationFailed: the request path as sent. */
const requestPath = ({ url }: { url: URL }) => trimTrailingSlashes(url.pathname);
const subscriptionScope = ({ params }: { params: string[] }) => `/subscriptions/${params[0] ?? ""}`;

/** Microsoft.Security/alerts' api-versions: the newest stable, and `@azure/arm-security` 5's (2021-11-01). */
const alertsApiVersions = ["2021-11-01", "2022-01-01"] as const;

/**
 * Microsoft.Security/alerts at subscription scope and, with `group`, at a resource group's: `suffix`
 * follows `/providers/Microsoft.Security`.
 */
function alertsRoute(method: ArmRoute["method"], group: boolean, suffix: string, action: string, handler: ArmRoute["handler"]): ArmRoute {
  return {
    method,
    pattern: path(`${sub}${group ? "/resourceGroups/([^/]+)" : ""}/providers/Microsoft\\.Security${suffix}`),
    apiVersions: alertsApiVersions,
    versionError: { kind: "provider", resourceType: suffix.includes("locations") ? "locations/alerts" : "alerts" },
    access: { kind: "action", action, scope: requestPath },
    subscriptionScoped: true,
    write: method !== "GET",
    handler,
  };
}

const alertRoutes = [false, true].flatMap((group) => [
  alertsRoute("GET", group, "/alerts", "Microsoft.Security/alerts/read", listAlerts({ group, located: false })),
  alertsRoute("GET", group, "/locations/([^/]+)/alerts", "Microsoft.Security/locations/alerts/read", listAlerts({ group, located: true })),
  alertsRoute("GET", group, "/locations/([^/]+)/alerts/([^/]+)", "Microsoft.Security/locations/alerts/read", getAlert({ group })),
  ...["activate", "dismiss", "inProgress", "resolve"].map((action) =>
    alertsRoute(
      "POST",
      group,
      `/locations/([^/]+)/alerts/([^/]+)/(${action})`,
      `Microsoft.Security/locations/alerts/${action}/action`,
      updateAlertStatus({ group }),
    ),
  ),
]);

/** Microsoft.Security/pricings at subscription scope: the list (`suffix` "") or one plan. */
function pricingsRoute(method: ArmRoute["method"], suffix: string, action: string, handler: ArmRoute["handler"]): ArmRoute {
  return {
    method,
    pattern: path(`${sub}/providers/Microsoft\\.Security/pricings${suffix}`),
    apiVersions: pricingApiVersions,
    versionError: pricingsVersionError,
    access: { kind: "action", action, scope: requestPath },
    subscriptionScoped: true,
    write: method !== "GET",
    handler,
  };
}

export const armRoutes: readonly ArmRoute[] = [
  {
    method: "GET",
    pattern: path("/tenants"),
    apiVersions: resourcesApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "authenticated" },
    subscriptionScoped: false,
    write: false,
    handler: listTenants,
  },
  {
    method: "GET",
    pattern: path("/subscriptions"),
    apiVersions: resourcesApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "authenticated" },
    subscriptionScoped: false,
    write: false,
    handler: listSubscriptions,
  },
  // Resource Graph answers for the token's tenant; rows are filtered by the caller's roles inside.
  {
    method: "POST",
    pattern: path("/providers/Microsoft\\.ResourceGraph/resources"),
    apiVersions: resourceGraphApiVersions,
    versionError: { kind: "provider", resourceType: "resources" },
    access: { kind: "authenticated" },
    subscriptionScoped: false,
    write: false,
    handler: queryResources,
  },
  // Any role assignment makes a subscription visible (ARM's "RoleBased" authorization source).
  {
    method: "GET",
    pattern: path(sub),
    apiVersions: resourcesApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "subscriptionMember" },
    subscriptionScoped: true,
    write: false,
    handler: getSubscription,
  },
  {
    method: "GET",
    pattern: path(`${sub}/providers/Microsoft\\.Authorization/permissions`),
    apiVersions: permissionsApiVersions,
    versionError: { kind: "provider", resourceType: "permissions" },
    access: { kind: "sameTenant" },
    subscriptionScoped: true,
    write: false,
    handler: listPermissions,
  },
  {
    method: "GET",
    pattern: path(`${sub}/providers/([^/]+)`),
    apiVersions: providerApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "action", action: "Microsoft.Resources/subscriptions/providers/read", scope: subscriptionScope },
    subscriptionScoped: true,
    write: false,
    handler: getProvider,
  },
  {
    method: "POST",
    pattern: path(`${sub}/providers/([^/]+)/register`),
    apiVersions: providerApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "action", action: "Microsoft.Security/register/action", scope: subscriptionScope },
    subscriptionScoped: true,
    write: true,
    handler: registerProvider,
  },
  pricingsRoute("GET", "", "Microsoft.Security/pricings/read", listPricings),
  pricingsRoute("GET", "/([^/]+)", "Microsoft.Security/pricings/read", getPricing),
  // Pricings_GlobalUpdate (2026-07-01; at older api-versions "global" is just an invalid plan name),
  // before the single PUT, whose pattern it also matches. Other scopes answer 501 like every
  // pricing outside subscription scope.
  pricingsRoute("PUT", "/(global)", "Microsoft.Security/pricings/write", globalUpdatePricings),
  pricingsRoute("PUT", "/([^/]+)", "Microsoft.Security/pricings/write", putPricing),
  pricingsRoute("DELETE", "/([^/]+)", "Microsoft.Security/pricings/delete", deletePricing),
  // No PATCH at any api-version: ARM authorizes it as a write and forwards it; the RP answers 405.
  pricingsRoute("PATCH", "/([^/]+)", "Microsoft.Security/pricings/write", patchPricing),
  ...alertRoutes,
  // Microsoft.Management management groups, at tenant level: each handler checks the caller's role on the group.
  {
    method: "GET",
    pattern: path("/providers/Microsoft\\.Management/managementGroups"),
    apiVersions: managementGroupsApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "authenticated" },
    subscriptionScoped: false,
    write: false,
    handler: listManagementGroups,
  },
  {
    method: "GET",
    pattern: path("/providers/Microsoft\\.Management/managementGroups/([^/]+)"),
    apiVersions: managementGroupsApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "authenticated" },
    subscriptionScoped: false,
    write: false,
    handler: getManagementGroup,
  },
  {
    method: "GET",
    pattern: path("/providers/Microsoft\\.Management/managementGroups/([^/]+)/descendants"),
    apiVersions: managementGroupsApiVersions,
    versionError: { kind: "arm" },
    access: { kind: "authenticated" },
    subscriptionScoped: false,
    write: false,
    handler: listDescendants,
  },
];
