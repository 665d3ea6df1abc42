/**
 * The page that reviews, then makes, one change to AI workloads on every selected subscription. Kept
 * out of lib/paths.ts, which the sign-in page's download carries.
 */
export type BulkAction = "enable" | "turn-off";
export const bulkChangeRoute = "/defender/ai-workloads/:action";
export const bulkChangePath = (action: BulkAction) => `/defender/ai-workloads/${action}`;
