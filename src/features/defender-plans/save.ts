import type { ConflictRebase } from "../../lib/arm/call";
import type { ArmClient } from "../../lib/arm/client";
import { getPricing, type PricingUpdate, putPricing, type SubscriptionScope } from "../../lib/arm/pricings";
import type { Pricing } from "../../lib/arm/schemas";
import { runExclusive } from "../../lib/arm/write-queue";
import { planInfo } from "../../lib/plans/catalogue";
import { extensionsWrite, type PlanChange, type StagedChanges, tierWrite } from "./plan-change";
import { type ExtensionFailure, planStateChanges, type PlanStateChanges } from "./save-outcome";

/** `pricing` is the plan as read last (after the writes), when it could be read. */
type PlanSaveRead = { changes: PlanStateChanges | undefined; pricing: Pricing | undefined; failedExtensions: ExtensionFailure[] };
export type PlanSaveResult = ({ plan: string; status: "saved" } | { plan: string; status: "failed"; error: unknown }) & PlanSaveRead;

/**
 * Applies one plan's staged change: read → (tier) → merge → (extensions), each write against what the
 * service reported last, then reads the plan again to tell what really changed. Extensions whose
 * `operationStatus.code` is "Failed" are collected even though the HTTP status was 200 (partial success).
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
  let before: Pricing | undefined;
  let written = false;
  /**
   * PUTs one step of the change. After a 409 Conflict (another client is writing this subscription's
   * plans) the client reads the plan again and the step is rebuilt from that read, so it merges into
   * whatever the other write left; a step the other write made unneeded is not written.
   */
  const write = (body: PricingUpdate, rebuild: (current: Pricing) => PricingUpdate | null) => {
    const onConflict: ConflictRebase = {
      resource: "this subscription's plans",
      subject: planInfo(plan).label,
      rebase: async () => {
        const current = await getPricing(client, scope, plan);
        // Nothing of ours is written yet: what the other write changed is not this Save's doing.
        if (!written) before = current;
        const rebuilt = rebuild(current);
        return rebuilt ? { body: rebuilt } : { current };
      },
    };
    return putPricing(client, scope, plan, body, onConflict);
  };
  try {
    before = await getPricing(client, scope, plan);
    // The latest read of the plan. PUT echoes are not trusted for state: a failed component is echoed
    // as requested ("True", Failed) while it stays off.
    let current = before;
    const tier = tierWrite(current, change);
    if (tier) {
      record(await write(tier, (fresh) => tierWrite(fresh, change)));
      written = true;
      current = await getPricing(client, scope, plan);
    }
    const extensions = extensionsWrite(current, change);
    if (!extensions) return saved(plan, { changes: planStateChanges(before, current, change), pricing: current }, failures);
    record(await write(extensions, (fresh) => extensionsWrite(fresh, change)));
    written = true;
  } catch (error) {
    // A write that went through before the failure may have changed the plan (a tier switched on turns
    // the service's defaults on), and a write that failed may still have been applied (a 500 after the
    // service acted): say what the plan now is, if it can be read.
    const read = before ? await readChanges(client, scope, plan, before, change) : { changes: undefined, pricing: undefined };
    return { plan, status: "failed", error, ...read, failedExtensions: [...failures.values()] };
  }
  // The plan is saved: a failed read-back must not report it as not saved.
  return saved(plan, await readChanges(client, scope, plan, before, change), failures);
}

function saved(plan: string, read: Omit<PlanSaveRead, "failedExtensions">, failures: Map<string, ExtensionFailure>): PlanSaveResult {
  return { plan, status: "saved", ...read, failedExtensions: [...failures.values()] };
}

/** Reads the plan again and compares it with `before`; nothing when it cannot be read. */
async function readChanges(
  client: ArmClient,
  scope: SubscriptionScope,
  plan: string,
  before: Pricing,
  change: PlanChange,
): Promise<Omit<PlanSaveRead, "failedExtensions">> {
  try {
    const pricing = await getPricing(client, scope, plan);
    return { changes: planStateChanges(before, pricing, change), pricing };
  } catch {
    return { changes: undefined, pricing: undefined };
  }
}

/**
 * Saves every staged plan of one subscription, one write at a time (a 409 Conflict, another client
 * writing this subscription's plans, is handled by the ARM client: see the `onConflict` of each write).
 */
export function saveStagedChanges(client: ArmClient, scope: SubscriptionScope, staged: StagedChanges): Promise<PlanSaveResult[]> {
  return runExclusive(scope.subscriptionId, async () => {
    const results: PlanSaveResult[] = [];
    for (const [plan, change] of Object.entries(staged)) results.push(await applyPlanChange(client, scope, plan, change));
    return results;
  });
}
