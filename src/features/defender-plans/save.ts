import type { ArmClient } from "../../lib/arm/client";
import { getPricing, putPricing, type SubscriptionScope } from "../../lib/arm/pricings";
import type { Pricing } from "../../lib/arm/schemas";
import { isArmError } from "../../lib/arm/errors";
import { showRetryNotice } from "../../lib/arm/notices";
import { runExclusive } from "../../lib/arm/write-queue";
import { planInfo } from "../../lib/plans/catalogue";
import { extensionsWrite, type PlanChange, type StagedChanges, tierWrite } from "./plan-change";

export type ExtensionFailure = { extension: string; message: string };

export type PlanSaveResult =
  | { plan: string; status: "saved"; pricing: Pricing; failedExtensions: ExtensionFailure[] }
  | { plan: string; status: "failed"; error: unknown; failedExtensions: ExtensionFailure[] };

/**
 * Applies one plan's staged change: read → (tier) → merge → (extensions), each write against what the
 * service reported last. Extensions whose `operationStatus.code` is "Failed" are collected even though
 * the HTTP status was 200 (partial success).
 */
async function applyPlanChange(client: ArmClient, scope: SubscriptionScope, plan: string, change: PlanChange): Promise<PlanSaveResult> {
  const failures = new Map<string, ExtensionFailure>();
  const record = (pricing: Pricing) => {
    for (const extension of pricing.properties.extensions ?? []) {
      const status = extension.operationStatus;
      if (status?.code?.toLowerCase() === "failed") {
        failures.set(extension.name.toLowerCase(), { extension: extension.name, message: status.message ?? "" });
      } else if (status) {
        failures.delete(extension.name.toLowerCase());
      }
    }
  };
  try {
    let pricing = await getPricing(client, scope, plan);
    const tier = tierWrite(pricing, change);
    if (tier) {
      record(await putPricing(client, scope, plan, tier));
      // Merge the extensions into what the service now holds, not into the PUT's echo: a failed
      // component is echoed as requested ("True", Failed) while it stays off.
      pricing = await getPricing(client, scope, plan);
    }
    const extensions = extensionsWrite(pricing, change);
    if (extensions) {
      pricing = await putPricing(client, scope, plan, extensions);
      record(pricing);
    }
    return { plan, status: "saved", pricing, failedExtensions: [...failures.values()] };
  } catch (error) {
    return { plan, status: "failed", error, failedExtensions: [...failures.values()] };
  }
}

/** How often, and after what pause, a write refused with 409 "Another update operation is in progress" is tried again. */
export const conflictRetry = { attempts: 3, pauseMs: 2000 };

/**
 * Saves every staged plan of one subscription, one write at a time. A 409 Conflict means another
 * client is writing this subscription's plans: after a pause the whole read → merge → write starts
 * again, so the retry merges into whatever that other write left.
 */
export function saveStagedChanges(client: ArmClient, scope: SubscriptionScope, staged: StagedChanges): Promise<PlanSaveResult[]> {
  return runExclusive(scope.subscriptionId, async () => {
    const results: PlanSaveResult[] = [];
    for (const [plan, change] of Object.entries(staged)) {
      let result = await applyPlanChange(client, scope, plan, change);
      for (let retry = 1; result.status === "failed" && isArmError(result.error, "Conflict") && retry <= conflictRetry.attempts; retry++) {
        const pauseMs = conflictRetry.pauseMs * retry;
        const hide = showRetryNotice(
          `Another update to this subscription's plans is in progress. Trying ${planInfo(plan).label} again in ${String(pauseMs / 1000)} s (retry ${String(retry)} of ${String(conflictRetry.attempts)})…`,
        );
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        hide();
        result = await applyPlanChange(client, scope, plan, change);
      }
      results.push(result);
    }
    return results;
  });
}
