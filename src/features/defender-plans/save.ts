import type { ArmClient } from "../../lib/arm/client";
import { getPricing, putPricing, type SubscriptionScope } from "../../lib/arm/pricings";
import type { Pricing } from "../../lib/arm/schemas";
import { runExclusive } from "../../lib/arm/write-queue";
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
      pricing = await putPricing(client, scope, plan, tier);
      record(pricing);
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

/** Saves every staged plan of one subscription, one write at a time. */
export function saveStagedChanges(client: ArmClient, scope: SubscriptionScope, staged: StagedChanges): Promise<PlanSaveResult[]> {
  return runExclusive(scope.subscriptionId, async () => {
    const results: PlanSaveResult[] = [];
    for (const [plan, change] of Object.entries(staged)) {
      results.push(await applyPlanChange(client, scope, plan, change));
    }
    return results;
  });
}
