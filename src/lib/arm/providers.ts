import type { ArmClient } from "./client";
import { type Provider, providerSchema } from "./schemas";
import type { SubscriptionScope } from "./pricings";

export const PROVIDERS_API_VERSION = "2021-04-01";

const securityProviderPath = ({ subscriptionId }: SubscriptionScope) =>
  `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security`;

export function getSecurityProvider(client: ArmClient, scope: SubscriptionScope): Promise<Provider> {
  return client.send({
    tenantId: scope.tenantId,
    method: "GET",
    path: securityProviderPath(scope),
    apiVersion: PROVIDERS_API_VERSION,
    schema: providerSchema,
    operation: "the Microsoft.Security registration",
  });
}

/**
 * Registers Microsoft.Security (what "Enable Defender for Cloud" means at the API level) and polls
 * until ARM reports `Registered`. Registration is asynchronous: the POST answers `Registering`.
 */
export async function registerSecurityProvider(
  client: ArmClient,
  scope: SubscriptionScope,
  options: { pollIntervalMs?: number; timeoutMs?: number } = {},
): Promise<Provider> {
  const { pollIntervalMs = 1000, timeoutMs = 120_000 } = options;
  let provider = await client.send({
    tenantId: scope.tenantId,
    method: "POST",
    path: `${securityProviderPath(scope)}/register`,
    apiVersion: PROVIDERS_API_VERSION,
    schema: providerSchema,
    operation: "the registration of Microsoft.Security",
  });
  const deadline = Date.now() + timeoutMs;
  while (provider.registrationState.toLowerCase() !== "registered") {
    if (Date.now() > deadline) {
      throw new Error(
        `Microsoft.Security is still "${provider.registrationState}" after ${String(timeoutMs / 1000)} s. Try again in a few minutes.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    provider = await getSecurityProvider(client, scope);
  }
  return provider;
}
