import { useParams } from "react-router";
import type { SubscriptionScope } from "./arm/pricings";

export const environmentSettingsPath = "/defender/environment-settings";

export const plansPath = ({ tenantId, subscriptionId }: SubscriptionScope) =>
  `${environmentSettingsPath}/${encodeURIComponent(tenantId)}/${encodeURIComponent(subscriptionId)}`;

export const planSettingsPath = (scope: SubscriptionScope, planName: string) =>
  `${plansPath(scope)}/plans/${encodeURIComponent(planName)}/settings`;

export function useScopeParams(): SubscriptionScope {
  const { tenantId = "", subscriptionId = "" } = useParams();
  return { tenantId, subscriptionId };
}
