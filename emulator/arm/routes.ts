// The ARM operation table: path, api-versions, access rule and handler of every emulated operation.
import { listPermissions, permissionsApiVersions } from "./handlers/permissions";
import { deletePricing, getPricing, listPricings, patchPricing, putPricing } from "./handlers/pricings";
import { getProvider, providerApiVersions, registerProvider } from "./handlers/providers";
import { getSubscription, listSubscriptions, listTenants, resourcesApiVersions } from "./handlers/subscriptions";
import type { ArmRoute } from "./pipeline";
import { pricingApiVersions } from "./pricing-view";

const sub = "/subscriptions/([^/]+)";
const path = (p: string) => new RegExp(`^${p}$`, "i");
const pricingsVersionError = { kind: "provider", resourceType: "pricings" } as const;
/** Scope named in AuthorizationFailed: the request path as sent. */
const requestPath = ({ url }: { url: URL }) => url.pathname.replace(/\/+$/, "");
const subscriptionScope = ({ params }: { params: string[] }) => `/subscriptions/${params[0] ?? ""}`;

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
  {
    method: "GET",
    pattern: path(`${sub}/providers/Microsoft\\.Security/pricings`),
    apiVersions: pricingApiVersions,
    versionError: pricingsVersionError,
    access: { kind: "action", action: "Microsoft.Security/pricings/read", scope: requestPath },
    subscriptionScoped: true,
    write: false,
    handler: listPricings,
  },
  {
    method: "GET",
    pattern: path(`${sub}/providers/Microsoft\\.Security/pricings/([^/]+)`),
    apiVersions: pricingApiVersions,
    versionError: pricingsVersionError,
    access: { kind: "action", action: "Microsoft.Security/pricings/read", scope: requestPath },
    subscriptionScoped: true,
    write: false,
    handler: getPricing,
  },
  {
    method: "PUT",
    pattern: path(`${sub}/providers/Microsoft\\.Security/pricings/([^/]+)`),
    apiVersions: pricingApiVersions,
    versionError: pricingsVersionError,
    access: { kind: "action", action: "Microsoft.Security/pricings/write", scope: requestPath },
    subscriptionScoped: true,
    write: true,
    handler: putPricing,
  },
  {
    method: "DELETE",
    pattern: path(`${sub}/providers/Microsoft\\.Security/pricings/([^/]+)`),
    apiVersions: pricingApiVersions,
    versionError: pricingsVersionError,
    access: { kind: "action", action: "Microsoft.Security/pricings/delete", scope: requestPath },
    subscriptionScoped: true,
    write: true,
    handler: deletePricing,
  },
  // No PATCH at any api-version: ARM authorizes it as a write and forwards it; the RP answers 405.
  {
    method: "PATCH",
    pattern: path(`${sub}/providers/Microsoft\\.Security/pricings/([^/]+)`),
    apiVersions: pricingApiVersions,
    versionError: pricingsVersionError,
    access: { kind: "action", action: "Microsoft.Security/pricings/write", scope: requestPath },
    subscriptionScoped: true,
    write: true,
    handler: patchPricing,
  },
];
