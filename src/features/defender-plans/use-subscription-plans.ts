import { useQuery, useQueryClient } from "@tanstack/react-query";
import { isActionAllowed, PRICINGS_WRITE_ACTION } from "../../lib/arm/authorization";
import { isArmError } from "../../lib/arm/errors";
import { permissionsQuery, pricingsQuery, subscriptionQuery } from "../../lib/arm/queries";
import type { SubscriptionScope } from "../../lib/arm/pricings";
import { useArm } from "../../lib/services";
import { visiblePlans } from "../../lib/plans/catalogue";

export type WriteAccess = { canWrite: true } | { canWrite: false; reason: string };

/** Everything the plans and settings pages read about one subscription. */
export function useSubscriptionPlans(scope: SubscriptionScope) {
  const arm = useArm();
  const subscription = useQuery(subscriptionQuery(arm, scope, useQueryClient()));
  const pricings = useQuery(pricingsQuery(arm, scope));
  const permissions = useQuery(permissionsQuery(arm, scope));

  const plans = visiblePlans(pricings.data ?? []);

  let access: WriteAccess | undefined;
  if (subscription.data && subscription.data.state.toLowerCase() !== "enabled" && subscription.data.state.toLowerCase() !== "warned") {
    access = {
      canWrite: false,
      reason: `This subscription is ${subscription.data.state}: it is read-only until it is re-enabled, so its plans can't be changed.`,
    };
  } else if (permissions.data) {
    access = isActionAllowed(permissions.data, PRICINGS_WRITE_ACTION)
      ? { canWrite: true }
      : {
          canWrite: false,
          reason: `You can view these plans but not change them: your role on this subscription doesn't include ${PRICINGS_WRITE_ACTION}. Security Admin, Contributor or Owner can make changes.`,
        };
  } else if (permissions.error) {
    access = { canWrite: false, reason: "Your permissions on this subscription couldn't be read, so changes are disabled." };
  }

  return {
    subscription,
    pricings,
    plans,
    permissions,
    access,
    notRegistered: isArmError(pricings.error, "Subscription Not Registered"),
  };
}
