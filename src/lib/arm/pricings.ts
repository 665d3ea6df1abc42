import type { ConflictRebase } from "./call";
import type { ArmClient } from "./client";
import { type Pricing, pricingListSchema, pricingSchema } from "./schemas";

/**
 * The newest stable api-version: extensions (e.g. AIPromptEvidence) need 2023-01-01 or later, and
 * 2026-07-01 says when a Microsoft 365 security rule manages a plan (`managedBy`), which the app must
 * show rather than offer a write the service refuses. Writes stay one plan per PUT: the global update
 * (`…/pricings/global`) would not save a request, as switching a plan on still takes two writes.
 */
export const PRICINGS_API_VERSION = "2026-07-01";

export type SubscriptionScope = { tenantId: string; subscriptionId: string };

const pricingsPath = ({ subscriptionId }: SubscriptionScope) =>
  `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/pricings`;

export async function listPricings(client: ArmClient, scope: SubscriptionScope): Promise<Pricing[]> {
  const list = await client.send({
    tenantId: scope.tenantId,
    method: "GET",
    path: pricingsPath(scope),
    apiVersion: PRICINGS_API_VERSION,
    schema: pricingListSchema,
    operation: "the Defender plans",
  });
  return list.value;
}

export function getPricing(client: ArmClient, scope: SubscriptionScope, planName: string): Promise<Pricing> {
  return client.send({
    tenantId: scope.tenantId,
    method: "GET",
    path: `${pricingsPath(scope)}/${encodeURIComponent(planName)}`,
    apiVersion: PRICINGS_API_VERSION,
    schema: pricingSchema,
    operation: `the ${planName} plan`,
  });
}

/** The body of a pricings PUT: only writable properties, extensions with explicit "True"/"False". */
export type PricingUpdate = {
  properties: {
    pricingTier: "Free" | "Standard";
    subPlan?: string;
    extensions?: Array<{
      name: string;
      isEnabled: "True" | "False";
      additionalExtensionProperties?: Record<string, unknown>;
    }>;
  };
};

/**
 * The real API is PUT; there is no PATCH. Callers go through the per-subscription write queue;
 * `onConflict` says how to rebuild the body from a fresh read after 409 Conflict.
 */
export function putPricing(
  client: ArmClient,
  scope: SubscriptionScope,
  planName: string,
  body: PricingUpdate,
  onConflict?: ConflictRebase,
): Promise<Pricing> {
  return client.send({
    tenantId: scope.tenantId,
    method: "PUT",
    path: `${pricingsPath(scope)}/${encodeURIComponent(planName)}`,
    apiVersion: PRICINGS_API_VERSION,
    body,
    schema: pricingSchema,
    operation: `the update of the ${planName} plan`,
    onConflict,
  });
}
