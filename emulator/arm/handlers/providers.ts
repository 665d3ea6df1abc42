// GET /subscriptions/{id}/providers/Microsoft.Security and POST …/Microsoft.Security/register.
import type { SubscriptionState } from "../../store";
import { registrationState } from "../../store";
import { armErrors } from "../errors";
import type { ArmRequest, ArmResult } from "../pipeline";
import { pricingApiVersions } from "../pricing-view";

export const providerApiVersions = [
  "2019-10-01",
  "2020-06-01",
  "2021-01-01",
  "2021-04-01",
  "2022-09-01",
  "2024-03-01",
  "2024-11-01",
  "2025-03-01",
] as const;

/** Only Microsoft.Security is emulated; other namespaces get the 501 of unimplemented operations. */
function requireSecurityNamespace(req: ArmRequest): SubscriptionState {
  const namespace = req.params[1] ?? "";
  if (namespace.toLowerCase() !== "microsoft.security") throw armErrors.notImplemented(req.method, req.url.pathname);
  if (!req.subscription) throw new Error("route must be subscription-scoped");
  return req.subscription;
}

function providerView(sub: SubscriptionState, now: number) {
  return {
    id: `/subscriptions/${sub.seed.subscriptionId}/providers/Microsoft.Security`,
    namespace: "Microsoft.Security",
    // Only the resource type the app uses; the real provider lists about a hundred.
    resourceTypes: [
      { resourceType: "pricings", locations: [], apiVersions: [...pricingApiVersions].reverse(), capabilities: "SupportsExtension" },
    ],
    registrationState: registrationState(sub, now),
    registrationPolicy: "RegistrationRequired",
  };
}

export function getProvider(req: ArmRequest): ArmResult {
  return { status: 200, body: providerView(requireSecurityNamespace(req), req.ctx.now()) };
}

/** Registration is asynchronous: "Registering" now, "Registered" after the configured delay. */
export function registerProvider(req: ArmRequest): ArmResult {
  const sub = requireSecurityNamespace(req);
  const now = req.ctx.now();
  if (registrationState(sub, now) === "NotRegistered") {
    sub.registration = { state: "Registering", completesAt: now + req.ctx.state.settings.registerDelayMs };
    registrationState(sub, now); // a zero delay completes at once
  }
  return { status: 200, body: providerView(sub, now) };
}
