// GET /subscriptions/{id}/providers/Microsoft.Authorization/permissions: the caller's effective
// permissions, one entry per role assignment. Any caller may read their own (empty when none).
import type { ArmRequest, ArmResult } from "../pipeline";

export const permissionsApiVersions = ["2015-07-01", "2018-01-01-preview", "2022-04-01"] as const;

export function listPermissions(req: ArmRequest): ArmResult {
  if (!req.subscription) throw new Error("route must be subscription-scoped");
  const roles = req.ctx.directory.rolesAt(req.principal.objectId, `/subscriptions/${req.subscription.seed.subscriptionId}`);
  return {
    status: 200,
    body: { value: roles.map((r) => ({ actions: r.actions, notActions: r.notActions, dataActions: [], notDataActions: [] })) },
  };
}
