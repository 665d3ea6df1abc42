// The Resource Graph tables the emulator serves, built from its state for one query's scope:
// `securityresources` (every subscription's Microsoft.Security pricings) and `resourcecontainers`
// (subscriptions and management groups). Rows carry Resource Graph's standard columns, with types
// in lower case as the graph shows them.
import type { EmulatorContext } from "../context";
import { type ManagementGroup, managementGroupScope } from "../directory";
import { pricingView } from "../arm/pricing-view";
import { type EmulatorState, type PricingState, registrationState, type SubscriptionState } from "../store";
import type { Row } from "./kql";

/** Columns every Resource Graph row has, empty where a resource type has no value. */
const standardColumns = {
  kind: "",
  location: "",
  resourceGroup: "",
  managedBy: "",
  sku: null,
  plan: null,
  tags: null,
  identity: null,
  zones: null,
  extendedLocation: null,
};

const lagKey = (subscriptionId: string, plan: string) => `${subscriptionId}|${plan.toLowerCase()}`;

/**
 * Called before a pricing is written: until `resourceGraphDelayMs` has passed since the last write,
 * the graph keeps showing the pricing as it was before the first of them.
 */
export function noteGraphWrite(state: EmulatorState, subscriptionId: string, pricing: PricingState, now: number): void {
  const delay = state.settings.resourceGraphDelayMs;
  if (delay === 0) return;
  const key = lagKey(subscriptionId, pricing.name);
  const pending = state.graphLag.get(key);
  if (pending && now < pending.visibleAt) pending.visibleAt = now + delay;
  else state.graphLag.set(key, { before: structuredClone(pricing), visibleAt: now + delay });
}

function pricingAsGraphShowsIt(state: EmulatorState, subscriptionId: string, pricing: PricingState, now: number): PricingState {
  const key = lagKey(subscriptionId, pricing.name);
  const pending = state.graphLag.get(key);
  if (!pending) return pricing;
  if (now < pending.visibleAt) return pending.before;
  state.graphLag.delete(key);
  return pricing;
}

/** A subscription's pricings, once Microsoft.Security is registered there (before that, the service has none). */
export function securityResources(ctx: EmulatorContext, subscriptions: readonly SubscriptionState[]): Row[] {
  const now = ctx.now();
  return subscriptions.flatMap((sub) => {
    if (registrationState(sub, now) !== "Registered") return [];
    return ctx.seed.plans.flatMap((plan) => {
      const current = sub.pricings.get(plan.name.toLowerCase());
      if (!current) return [];
      const pricing = pricingAsGraphShowsIt(ctx.state, sub.seed.subscriptionId, current, now);
      const view = pricingView(sub, plan, pricing, plan.name, "2024-01-01");
      return [
        {
          id: view.id,
          name: view.name,
          type: "microsoft.security/pricings",
          tenantId: sub.seed.tenantId,
          subscriptionId: sub.seed.subscriptionId,
          ...standardColumns,
          properties: JSON.parse(JSON.stringify(view.properties)) as Row,
        },
      ];
    });
  });
}

const ancestorsChain = (groups: ManagementGroup[]) => groups.map((group) => ({ name: group.name, displayName: group.displayName }));

/** Subscriptions and management groups, with the chain of groups above each, nearest first (as the graph shows it). */
export function resourceContainers(
  ctx: EmulatorContext,
  subscriptions: readonly SubscriptionState[],
  groups: readonly ManagementGroup[],
): Row[] {
  const subscriptionRows: Row[] = subscriptions.map(({ seed }) => ({
    id: `/subscriptions/${seed.subscriptionId}`,
    name: seed.displayName,
    type: "microsoft.resources/subscriptions",
    tenantId: seed.tenantId,
    subscriptionId: seed.subscriptionId,
    ...standardColumns,
    properties: {
      state: seed.state,
      subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: seed.quotaId, spendingLimit: "Off" },
      managementGroupAncestorsChain: ancestorsChain(ctx.directory.ancestorsOf({ subscription: seed })),
    },
  }));
  const groupRows: Row[] = groups.map((group) => {
    const parent = group.parent === undefined ? undefined : ctx.directory.managementGroup(group.parent);
    return {
      id: managementGroupScope(group.name),
      name: group.name,
      type: "microsoft.management/managementgroups",
      tenantId: group.tenantId,
      subscriptionId: "",
      ...standardColumns,
      properties: {
        displayName: group.displayName,
        details: {
          parent: parent ? { name: parent.name, displayName: parent.displayName, id: managementGroupScope(parent.name) } : null,
          managementGroupAncestorsChain: ancestorsChain(ctx.directory.ancestorsOf({ group })),
        },
      },
    };
  });
  return [...subscriptionRows, ...groupRows];
}
