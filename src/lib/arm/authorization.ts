import type { ArmClient } from "./client";
import { type Permission, permissionListSchema } from "./schemas";
import type { SubscriptionScope } from "./pricings";

export const PERMISSIONS_API_VERSION = "2022-04-01";
export const PRICINGS_WRITE_ACTION = "Microsoft.Security/pricings/write";

/** What the signed-in user may do on the subscription (one entry per role assignment). */
export async function listPermissions(client: ArmClient, scope: SubscriptionScope): Promise<Permission[]> {
  const list = await client.send({
    tenantId: scope.tenantId,
    method: "GET",
    path: `/subscriptions/${encodeURIComponent(scope.subscriptionId)}/providers/Microsoft.Authorization/permissions`,
    apiVersion: PERMISSIONS_API_VERSION,
    schema: permissionListSchema,
    operation: "your permissions",
  });
  return list.value;
}

/** Azure RBAC semantics: allowed if some entry has a matching action and no matching notAction. */
export function isActionAllowed(permissions: Permission[], action: string): boolean {
  return permissions.some(
    (permission) =>
      permission.actions.some((pattern) => matchesAction(pattern, action)) &&
      !permission.notActions.some((pattern) => matchesAction(pattern, action)),
  );
}

function matchesAction(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return regex.test(action);
}
