import type { Infer, ResponseSchema } from "./schemas";
import type { ArmClient } from "./client";
import { pageSchema, type Subscription, subscriptionSchema, type Tenant, tenantSchema } from "./schemas";

/** Microsoft.Resources (ARM-owned routes). */
export const RESOURCES_API_VERSION = "2022-12-01";

/** Follows `nextLink` (a full URL) until the list ends. */
export async function listAll<T extends ResponseSchema>(
  client: ArmClient,
  tenantId: string,
  path: string,
  item: T,
  operation: string,
  firstApiVersion = RESOURCES_API_VERSION,
): Promise<Infer<T>[]> {
  const items: Infer<T>[] = [];
  let next: string | null | undefined = path;
  let apiVersion: string | undefined = firstApiVersion;
  while (next) {
    const page: { value: Infer<T>[]; nextLink?: string | null | undefined } = await client.send({
      tenantId,
      method: "GET",
      path: next,
      ...(apiVersion ? { apiVersion } : {}),
      schema: pageSchema(item),
      operation,
    });
    items.push(...page.value);
    next = page.nextLink;
    apiVersion = undefined; // nextLink already carries every query parameter
  }
  return items;
}

/** The directories the signed-in user can reach; called with a home-tenant token. */
export function listTenants(client: ArmClient, homeTenantId: string): Promise<Tenant[]> {
  return listAll(client, homeTenantId, "/tenants", tenantSchema, "the list of directories");
}

/** The subscriptions of one directory that the user can see. */
export function listSubscriptions(client: ArmClient, tenantId: string): Promise<Subscription[]> {
  return listAll(client, tenantId, "/subscriptions", subscriptionSchema, "the list of subscriptions");
}

export function getSubscription(client: ArmClient, tenantId: string, subscriptionId: string): Promise<Subscription> {
  return client.send({
    tenantId,
    method: "GET",
    path: `/subscriptions/${encodeURIComponent(subscriptionId)}`,
    apiVersion: RESOURCES_API_VERSION,
    schema: subscriptionSchema,
    operation: "the subscription",
  });
}
