/**
 * The Security alerts page. `?subscription=…` narrows it to one subscription, or to those selected in
 * Environment settings; links from other pages land there. Kept apart from the page's code, which those
 * pages do not download.
 */
export const securityAlertsPath = "/defender/security-alerts";
export const SELECTED_SUBSCRIPTIONS = "selected";
export const securityAlertsOf = (subscription: string) => `${securityAlertsPath}?subscription=${encodeURIComponent(subscription)}`;
