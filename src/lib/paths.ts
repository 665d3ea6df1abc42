import type { SubscriptionScope } from "./arm/pricings";

export const environmentSettingsPath = "/defender/environment-settings";

/** Route patterns (wouter's syntax) of a subscription's pages. */
export const plansRoute = `${environmentSettingsPath}/:tenantId/:subscriptionId`;
export const planSettingsRoute = `${plansRoute}/plans/:planName/settings`;

export const plansPath = ({ tenantId, subscriptionId }: SubscriptionScope) =>
  `${environmentSettingsPath}/${encodeURIComponent(tenantId)}/${encodeURIComponent(subscriptionId)}`;

export const planSettingsPath = (scope: SubscriptionScope, planName: string) =>
  `${plansPath(scope)}/plans/${encodeURIComponent(planName)}/settings`;

/**
 * The subscription a path is about (its plans page and the pages under it), read without a router:
 * start-up uses it to begin the page's reads before the router's code has arrived.
 */
export function scopeOfPath(pathname: string): SubscriptionScope | undefined {
  const match = /^\/defender\/environment-settings\/([^/]+)\/([^/]+)(?:\/|$)/.exec(pathname);
  if (!match?.[1] || !match[2]) return undefined;
  try {
    return { tenantId: decodeURIComponent(match[1]), subscriptionId: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}
