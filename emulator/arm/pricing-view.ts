// Serialises a pricing in the shape of the requested api-version.
import type { SeedPlan } from "../fixtures/seed";
import type { PricingState, SubscriptionState } from "../store";

export const pricingApiVersions = ["2022-03-01", "2023-01-01", "2024-01-01", "2026-07-01"] as const;

/** From this api-version on: `securityOperatorResourceId`, `managedBy`, `originatedFrom` and `PUT .../pricings/global`. */
export const pricings2026 = "2026-07-01";

export type OperationStatus = { code: "Succeeded" | "Failed"; message: string };

type ExtensionView = {
  name: string;
  isEnabled: "True" | "False";
  additionalExtensionProperties?: Record<string, unknown>;
  operationStatus?: OperationStatus;
  securityOperatorResourceId?: string;
};

export type PricingView = {
  id: string;
  name: string;
  type: "Microsoft.Security/pricings";
  properties: {
    pricingTier: "Free" | "Standard";
    subPlan?: string;
    freeTrialRemainingTime: string;
    enablementTime?: string;
    enforce?: "True" | "False";
    resourcesCoverageStatus?: string;
    extensions?: ExtensionView[];
    securityOperatorResourceId?: string;
    originatedFrom?: string;
    managedBy?: string;
    deprecated?: boolean;
    replacedBy?: string[];
  };
};

/**
 * 2022-03-01 has no extensions or enablementTime; 2023-01-01 adds them; 2024-01-01 adds enforce
 * and resourcesCoverageStatus; 2026-07-01 adds securityOperatorResourceId (plan and extension) and
 * the read-only managedBy and originatedFrom, which older api-versions never show (their schemas
 * have no such fields). `inherited`/`inheritedFrom` exist only at resource scope.
 */
export function pricingView(
  sub: SubscriptionState,
  plan: SeedPlan,
  pricing: PricingState,
  nameAsSent: string,
  apiVersion: string,
  statuses?: ReadonlyMap<string, OperationStatus>,
): PricingView {
  const v2023 = apiVersion >= "2023-01-01";
  const v2024 = apiVersion >= "2024-01-01";
  const v2026 = apiVersion >= pricings2026;
  const view: PricingView = {
    id: `/subscriptions/${sub.seed.subscriptionId}/providers/Microsoft.Security/pricings/${nameAsSent}`,
    name: nameAsSent,
    type: "Microsoft.Security/pricings",
    properties: { pricingTier: pricing.pricingTier, freeTrialRemainingTime: pricing.freeTrialRemainingTime },
  };
  const p = view.properties;
  if (pricing.subPlan !== undefined) p.subPlan = pricing.subPlan;
  if (v2023 && pricing.enablementTime !== undefined) p.enablementTime = pricing.enablementTime;
  if (v2024) {
    p.enforce = pricing.enforce;
    p.resourcesCoverageStatus = pricing.resourcesCoverageStatus;
  }
  if (v2023 && pricing.extensions.length > 0) {
    p.extensions = pricing.extensions.map((e) => {
      const ext: ExtensionView = { name: e.name, isEnabled: e.isEnabled };
      if (e.additionalExtensionProperties !== undefined) ext.additionalExtensionProperties = e.additionalExtensionProperties;
      if (v2026 && e.securityOperatorResourceId !== undefined) ext.securityOperatorResourceId = e.securityOperatorResourceId;
      const status = statuses?.get(e.name);
      if (status !== undefined) ext.operationStatus = status;
      // Like the official partial-success example, the PUT response echoes a failed enablement as
      // "True" with a Failed status; the stored state stays "False", so every later GET says "False"
      // (what a GET shows after a real partial failure is unverified).
      if (status?.code === "Failed") ext.isEnabled = "True";
      return ext;
    });
  }
  if (v2026) {
    if (pricing.securityOperatorResourceId !== undefined) p.securityOperatorResourceId = pricing.securityOperatorResourceId;
    if (pricing.originatedFrom !== undefined) p.originatedFrom = pricing.originatedFrom;
    if (pricing.managedBy !== undefined) p.managedBy = pricing.managedBy;
  }
  if (plan.deprecated === true) p.deprecated = true;
  if (plan.replacedBy !== undefined) p.replacedBy = plan.replacedBy;
  return view;
}
