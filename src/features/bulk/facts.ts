import type { QueryClient } from "@tanstack/react-query";
import type { ArmClient } from "../../lib/arm/client";
import { isArmError } from "../../lib/arm/errors";
import { permissionsQuery, pricingsQuery, subscriptionQuery } from "../../lib/arm/queries";
import { describeError } from "../../lib/errors/messages";
import { writeAccessOf } from "../defender-plans/use-subscription-plans";
import { AI_PLAN, type SubscriptionFacts } from "./change";
import type { SelectedSubscription } from "./selection";

/**
 * What the review of one subscription needs: its state, the user's permissions there and its plans,
 * read through the query cache the plans page shares (what is fresh there is not read again).
 */
export async function readFacts(arm: ArmClient, queryClient: QueryClient, target: SelectedSubscription): Promise<SubscriptionFacts> {
  const [subscription, pricings, permissions] = await Promise.allSettled([
    queryClient.query(subscriptionQuery(arm, target, queryClient)),
    queryClient.query(pricingsQuery(arm, target)),
    queryClient.query(permissionsQuery(arm, target)),
  ]);
  const value = <T>(result: PromiseSettledResult<T>) => (result.status === "fulfilled" ? result.value : undefined);
  const error = <T>(result: PromiseSettledResult<T>): unknown => (result.status === "rejected" ? result.reason : undefined);
  const notRegistered = isArmError(error(pricings), "Subscription Not Registered");
  const pricingsError = error(pricings);
  return {
    state: value(subscription)?.state,
    access: writeAccessOf(value(subscription), value(permissions), error(permissions)),
    pricing: value(pricings)?.find((pricing) => pricing.name.toLowerCase() === AI_PLAN.toLowerCase()),
    notRegistered,
    readError: pricingsError && !notRegistered ? describeError(pricingsError).title : undefined,
  };
}
