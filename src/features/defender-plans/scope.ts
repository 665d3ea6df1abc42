import { useParams } from "wouter";
import type { SubscriptionScope } from "../../lib/arm/pricings";

/** The subscription of the page's route (src/lib/paths.ts, plansRoute). */
export function useScopeParams(): SubscriptionScope {
  const { tenantId = "", subscriptionId = "" } = useParams();
  return { tenantId, subscriptionId };
}
