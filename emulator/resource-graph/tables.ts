// The Resource Graph tables the emulator serves for one query's scope: `securityresources` (every
// subscription's Microsoft.Security pricings, from an index kept across queries) and
// `resourcecontainers` (subscriptions and management groups, built from the state). Rows carry Resource Graph's standard columns, with types
// in lower case as the graph shows them.
import type { EmulatorContext } from "../context";
import { type ManagementGroup, managementGroupScope } from "../directory";
import { pricingView } from "../arm/pricing-view";
import type { SeedPlan } from "../fixtures/seed";
import { type EmulatorState, type PricingState, registrationState, type SubscriptionState } from "../store";
import { declareColumns, type Row } from "./kql";

/**
 * A row: Resource Graph's standard columns, empty where a resource type has no value. Every row of every table is
 * built here, as one literal: so all have the same keys in the same order, which the tables declare to the engine.
 */
const graphRow = (id: string, name: string, type: string, tenantId: string, subscriptionId: string, properties: Row): Row => ({
  id,
  name,
  type,
  tenantId,
  subscriptionId,
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
  properties,
});

const graphColumns = Object.keys(graphRow("", "", "", "", "", {}));

const lagKey = (subscriptionId: string, plan: string) => `${subscriptionId}|${plan.toLowerCase()}`;

/**
 * Called before a pricing is written: until `resourceGraphDelayMs` has passed since the last write,
 * the graph keeps showing the pricing as it was before the first of them.
 */
export function noteGraphWrite(state: EmulatorState, subscriptionId: string, pricing: PricingState, now: number): void {
  state.graphRows.delete(subscriptionId);
  const delay = state.settings.resourceGraphDelayMs;
  if (delay === 0) return;
  const key = lagKey(subscriptionId, pricing.name);
  const pending = state.graphLag.get(key);
  if (pending && now < pending.visibleAt) pending.visibleAt = now + delay;
  else state.graphLag.set(key, { before: structuredClone(pricing), visibleAt: now + delay });
}

function pricingAsGraphShowsIt(state: EmulatorState, subscriptionId: string, pricing: PricingState, now: number): PricingState {
  // Most of the time no write is pending: then there is nothing to look up.
  if (state.graphLag.size === 0) return pricing;
  const key = lagKey(subscriptionId, pricing.name);
  const pending = state.graphLag.get(key);
  if (!pending) return pricing;
  if (now < pending.visibleAt) return pending.before;
  state.graphLag.delete(key);
  return pricing;
}

/**
 * Indexes every subscription's pricings up front: the real service keeps its index up to date in the
 * background, so a first query does not wait for it to be built.
 */
export function indexGraph(ctx: EmulatorContext): void {
  securityResources(ctx, [...ctx.state.subscriptions.values()]);
}

/** A subscription's pricings, once Microsoft.Security is registered there (before that, the service has none). */
export function securityResources(ctx: EmulatorContext, subscriptions: readonly SubscriptionState[]): Row[] {
  const now = ctx.now();
  const plans = ctx.seed.plans.map((plan) => ({ plan, key: plan.name.toLowerCase() }));
  const rows: Row[] = [];
  for (const sub of subscriptions) {
    if (registrationState(sub, now) !== "Registered") continue;
    const { subscriptionId } = sub.seed;
    // While a write is still hidden from the graph, the subscription's rows depend on the time: made afresh.
    const lagging = ctx.state.graphLag.size > 0 && plans.some(({ key }) => ctx.state.graphLag.has(lagKey(subscriptionId, key)));
    let kept = lagging ? undefined : ctx.state.graphRows.get(subscriptionId);
    if (!kept) {
      kept = pricingRows(ctx, sub, plans, now);
      if (!lagging) ctx.state.graphRows.set(subscriptionId, kept);
    }
    for (const row of kept) rows.push(row);
  }
  return declareColumns(rows, graphColumns);
}

function pricingRows(ctx: EmulatorContext, sub: SubscriptionState, plans: ReadonlyArray<{ plan: SeedPlan; key: string }>, now: number) {
  const { subscriptionId, tenantId } = sub.seed;
  const rows: Row[] = [];
  for (const { plan, key } of plans) {
    const current = sub.pricings.get(key);
    if (!current) continue;
    const view = pricingView(sub, plan, pricingAsGraphShowsIt(ctx.state, subscriptionId, current, now), plan.name, "2024-01-01");
    // Not copied: the KQL engine never writes to its input rows or their values (it builds new rows), and the
    // view holds JSON values only. Its additionalExtensionProperties and replacedBy are the state's own objects,
    // which a write replaces rather than changes.
    rows.push(graphRow(view.id, view.name, "microsoft.security/pricings", tenantId, subscriptionId, view.properties as Row));
  }
  return rows;
}

const ancestorsChain = (groups: ManagementGroup[]) => groups.map((group) => ({ name: group.name, displayName: group.displayName }));

/** Subscriptions and management groups, with the chain of groups above each, nearest first (as the graph shows it). */
export function resourceContainers(
  ctx: EmulatorContext,
  subscriptions: readonly SubscriptionState[],
  groups: readonly ManagementGroup[],
): Row[] {
  const subscriptionRows: Row[] = subscriptions.map(({ seed }) =>
    graphRow(
      `/subscriptions/${seed.subscriptionId}`,
      seed.displayName,
      "microsoft.resources/subscriptions",
      seed.tenantId,
      seed.subscriptionId,
      {
        state: seed.state,
        subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: seed.quotaId, spendingLimit: "Off" },
        managementGroupAncestorsChain: ancestorsChain(ctx.directory.ancestorsOf({ subscription: seed })),
      },
    ),
  );
  const groupRows: Row[] = groups.map((group) => {
    const parent = group.parent === undefined ? undefined : ctx.directory.managementGroup(group.parent);
    return graphRow(managementGroupScope(group.name), group.name, "microsoft.management/managementgroups", group.tenantId, "", {
      displayName: group.displayName,
      details: {
        parent: parent ? { name: parent.name, displayName: parent.displayName, id: managementGroupScope(parent.name) } : null,
        managementGroupAncestorsChain: ancestorsChain(ctx.directory.ancestorsOf({ group })),
      },
    });
  });
  return declareColumns([...subscriptionRows, ...groupRows], graphColumns);
}
