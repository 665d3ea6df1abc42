// How a script talks to the local emulator with the official Azure SDK, unmodified: the only
// settings are the authority host (Entra ID) and the endpoint (ARM). It signs in as the seeded
// service principal (client credentials), lists its tenants and subscriptions, and the Defender
// plans of each subscription with @azure/arm-security (its built-in api-version 2022-03-01).
//
//   npm run emulator                                   # in another terminal
//   NODE_EXTRA_CA_CERTS=.emulator/localhost-cert.pem npx tsx emulator/examples/list-pricings.ts
//
// NODE_EXTRA_CA_CERTS makes Node trust the emulator's self-signed development certificate
// (generated into .emulator/ at its first start); nothing else about TLS changes.
// Options: EMULATOR_URL (default https://localhost:8443), AZURE_TENANT_ID / AZURE_CLIENT_ID /
// AZURE_CLIENT_SECRET (default: the seeded service principal), --json for machine-readable output.
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { SecurityCenter } from "@azure/arm-security";
import { ClientSecretCredential } from "@azure/identity";

const endpoint = process.env["EMULATOR_URL"] ?? "https://localhost:8443";
// The seeded service principal "Defender plans automation (local)" of Contoso (emulator/fixtures/seed.json):
// Reader on Contoso Production, Security Admin on Contoso AI Research. The secret is a local-only fake.
const tenantId = process.env["AZURE_TENANT_ID"] ?? "8a3c2f1e-5b4d-4c6a-9e7f-1d2b3c4a5e6f";
const clientId = process.env["AZURE_CLIENT_ID"] ?? "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c";
const clientSecret = process.env["AZURE_CLIENT_SECRET"] ?? "local-emulator-only~NOT-A-REAL-SECRET~8Q";

// disableInstanceDiscovery: no call to login.microsoftonline.com to validate a non-Microsoft authority host.
const credential = new ClientSecretCredential(tenantId, clientId, clientSecret, {
  authorityHost: endpoint,
  disableInstanceDiscovery: true,
});
const subscriptionClient = new SubscriptionClient(credential, { endpoint });

export type Report = {
  tenants: { tenantId: string; displayName: string | undefined }[];
  subscriptions: {
    subscriptionId: string;
    displayName: string | undefined;
    pricings: { name: string; pricingTier: string | undefined; freeTrialRemainingTime: string | undefined }[];
  }[];
};

const report: Report = { tenants: [], subscriptions: [] };
for await (const tenant of subscriptionClient.tenants.list()) {
  report.tenants.push({ tenantId: tenant.tenantId ?? "", displayName: tenant.displayName });
}
for await (const subscription of subscriptionClient.subscriptions.list()) {
  const subscriptionId = subscription.subscriptionId ?? "";
  const security = new SecurityCenter(credential, subscriptionId, { endpoint });
  const { value } = await security.pricings.list();
  report.subscriptions.push({
    subscriptionId,
    displayName: subscription.displayName,
    pricings: value.map((p) => ({ name: p.name ?? "", pricingTier: p.pricingTier, freeTrialRemainingTime: p.freeTrialRemainingTime })),
  });
}

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(report));
} else {
  for (const t of report.tenants) console.log(`Tenant ${t.displayName ?? ""} (${t.tenantId})`);
  for (const s of report.subscriptions) {
    console.log(`\n${s.displayName ?? ""} (${s.subscriptionId})`);
    for (const p of s.pricings) console.log(`  ${p.name.padEnd(32)} ${p.pricingTier}`);
  }
}
