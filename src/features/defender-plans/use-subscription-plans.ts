import { useQuery, useQueryClient } from "@tanstack/react-query";
import { isActionAllowed, PRICINGS_WRITE_ACTION } from "../../lib/arm/authorization";
import { isArmError } from "../../lib/arm/errors";
import { permissionsQuery, pricingsQuery, subscriptionQuery } from "../../lib/arm/queries";
import type { SubscriptionScope } from "../../lib/arm/pricings";
import { useArm } from "../../lib/services";
import { visiblePlans } from "../../lib/plans/catalogue";
import type { Permission, Subscription } from "../../lib/arm/schemas";

export type WriteAccess = { canWrite: true } | { canWrite: false; reason: string };

/**
 * Whether the signed-in user may change a subscription's plans, and if not why: a subscription that is
 * not Enabled (or Warned) is read-only; otherwise the user's permissions there decide. Undefined while
 * they are being read.
 */
export function writeAccessOf(
  subscription: Subscription | undefined,
  permissions: Permission[] | undefined,
  permissionsError: unknown,
): WriteAccess | undefined {
  if (subscription && subscription.state.toLowerCase() !== "enabled" && subscription.state.toLowerCase() !== "warned") {
    return {
      canWrite: false,
      reason: `This subscription is ${subscription.state}: it is read-only until it is re-enabled, so its plans can't be changed.`,
    };
  }
  if (permissions) {
    return isActionAllowed(permissions, PRICINGS_WRITE_ACTION)
      ? { canWrite: true }
      : {
          canWrite: false,
          reason: `You can view these plans but not change them: your role on this subscription doesn't include ${PRICINGS_WRITE_ACTION}. Security Admin, Contributor or Owner can make changes.`,
        };
  }
  if (permissionsError)
    return { canWrite: false, reason: "Your permissions on this subscription couldn't be read, so changes are disabled." };
  return undefined;
}

/** Everything the plans and settings pages read about one subscription. */
export function useSubscriptionPlans(scope: SubscriptionScope) {
  const arm = useArm();
  const subscription = useQuery(subscriptionQuery(arm, scope, useQueryClient()));
  const pricings = useQuery(pricingsQuery(arm, scope));
  const permissions = useQuery(permissionsQuery(arm, scope));

  const plans = visiblePlans(pricings.data ?? []);

  const access = writeAccessOf(subscription.data, permissions.data, permissions.error);
  return {
    subscription,
    pricings,
    plans,
    permissions,
    access,
    notRegistered: isArmError(pricings.error, "Subscription Not Registered"),
  };
}
