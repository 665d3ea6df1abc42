// The official examples' subscription, for the contract tests: seeded with the state the examples'
// List response reports, so that each example's request can be replayed against the emulator.
import type { Seed, SeededPricing } from "../fixtures/seed";
import { tenants, users } from "../test-support";
import type { SpecExample } from "./spec";

/** The subscription every official pricings example names. */
export const exampleSubscriptionId = "20ff7fc3-e762-44dd-bd96-b71116dcdc23";

type ExampleExtension = {
  name: string;
  isEnabled: "True" | "False";
  additionalExtensionProperties?: Record<string, unknown>;
  securityOperatorResourceId?: string;
};
type ExamplePricing = { name: string; properties: Omit<SeededPricing, "extensions"> & { extensions?: ExampleExtension[] } };

/** The state of every plan as the List example of `examples` reports it, as seed pricings. */
export function examplePricings(examples: readonly SpecExample[]): Record<string, SeededPricing> {
  const list = examples.find((e) => e.file === "ListPricings_example.json")?.responses["200"]?.body as
    { value: ExamplePricing[] } | undefined;
  if (!list) throw new Error("ListPricings_example.json: no 200 body");
  return Object.fromEntries(
    list.value.map(({ name, properties: p }): [string, SeededPricing] => {
      const pricing: SeededPricing = { pricingTier: p.pricingTier };
      if (p.subPlan !== undefined) pricing.subPlan = p.subPlan;
      if (p.freeTrialRemainingTime !== undefined) pricing.freeTrialRemainingTime = p.freeTrialRemainingTime;
      if (p.enablementTime !== undefined) pricing.enablementTime = p.enablementTime;
      if (p.resourcesCoverageStatus !== undefined) pricing.resourcesCoverageStatus = p.resourcesCoverageStatus;
      if (p.securityOperatorResourceId !== undefined) pricing.securityOperatorResourceId = p.securityOperatorResourceId;
      if (p.extensions) {
        pricing.extensions = Object.fromEntries(
          p.extensions.map(({ name: extension, ...state }) => [
            extension,
            {
              isEnabled: state.isEnabled,
              ...(state.additionalExtensionProperties && { additionalExtensionProperties: state.additionalExtensionProperties }),
              ...(state.securityOperatorResourceId !== undefined && { securityOperatorResourceId: state.securityOperatorResourceId }),
            },
          ]),
        );
      }
      return [name, pricing];
    }),
  );
}

/**
 * Seeds the examples' subscription (in Contoso: Adele is Owner, Alex Security Admin) from the List
 * example of `examples`; `freePlans` start Free instead.
 */
export function seedExampleSubscription(s: Seed, examples: readonly SpecExample[], freePlans: readonly string[] = []): void {
  const pricings = examplePricings(examples);
  for (const plan of freePlans) pricings[plan] = { pricingTier: "Free", freeTrialRemainingTime: "PT0S" };
  s.subscriptions.push({
    subscriptionId: exampleSubscriptionId,
    displayName: "Official examples",
    tenantId: tenants.contoso,
    state: "Enabled",
    quotaId: "EnterpriseAgreement_2014-09-01",
    securityProvider: "Registered",
    pricings,
  });
  const scope = `/subscriptions/${exampleSubscriptionId}`;
  s.roleAssignments.push(
    { principalId: users.adele.oid, roleName: "Owner", scope },
    { principalId: users.alex.oid, roleName: "Security Admin", scope },
  );
}

/** An example's request: GET (one plan or the list, with its $filter), PUT of one plan, or the global PUT. */
export function exampleRequest(example: SpecExample): { method: "GET" | "PUT"; path: string; body?: unknown } {
  const p = example.parameters;
  const pricings = `/${p.scopeId}/providers/Microsoft.Security/pricings`;
  if (p.globalPricingRequest !== undefined)
    return { method: "PUT", path: `${pricings}/global?api-version=${p["api-version"]}`, body: p.globalPricingRequest };
  let path = `${pricings}${p.pricingName === undefined ? "" : `/${p.pricingName}`}?api-version=${p["api-version"]}`;
  if (p.$Filter !== undefined) path += `&$filter=${encodeURIComponent(p.$Filter)}`;
  return p.pricing === undefined ? { method: "GET", path } : { method: "PUT", path, body: p.pricing };
}
