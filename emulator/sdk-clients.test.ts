// Official Azure SDK clients, unmodified, against the emulator over real HTTPS: @azure/identity
// (client credentials of the seeded service principal), @azure/arm-resources-subscriptions and
// @azure/arm-security 5 (pricings at its built-in api-version 2022-03-01).
//
// TLS trust of the self-signed development certificate, two ways:
// - in this process, the clients' standard `tlsOptions: { ca }` pipeline option;
// - in a child process running emulator/examples/list-pricings.ts, NODE_EXTRA_CA_CERTS: exactly
//   what the README shows for scripts (no code, nothing disabled).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { SecurityCenter } from "@azure/arm-security";
import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "./examples/list-pricings";
import { startEmulator, type RunningEmulator } from "./server";
import { subs, tenants } from "./test-support";

const sp = {
  clientId: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c",
  objectId: "4f5a6b7c-8d9e-4f0a-b1c2-d3e4f5a6b7c8",
  secret: "local-emulator-only~NOT-A-REAL-SECRET~8Q",
} as const;

/** A port that was free a moment ago: startEmulator derives its public URL (token issuers) from the port it is given. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

let stateDir: string;
let running: RunningEmulator;
let certPath: string;
let ca: string;

beforeAll(async () => {
  // A throw-away state folder: the test never touches the developer's .emulator/ certificate or key.
  stateDir = mkdtempSync(join(tmpdir(), "emulator-sdk-"));
  running = await startEmulator({ port: await freePort(), stateDir, signingKey: "memory", settings: { putDurationMs: 0 } });
  certPath = join(stateDir, "localhost-cert.pem");
  ca = readFileSync(certPath, "utf8");
});

afterAll(async () => {
  await running.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("Azure SDK clients in this process", () => {
  const credential = (secret: string = sp.secret) =>
    new ClientSecretCredential(tenants.contoso, sp.clientId, secret, {
      authorityHost: running.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca },
    });

  it("@azure/identity gets an app-only ARM token; a wrong secret fails with AADSTS7000215", async () => {
    const token = await credential().getToken("https://management.azure.com/.default");
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    expect(claims).toMatchObject({ appid: sp.clientId, oid: sp.objectId, idtyp: "app", tid: tenants.contoso });
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
    await expect(credential("wrong").getToken("https://management.azure.com/.default")).rejects.toThrow(/AADSTS7000215/);
  });

  it("@azure/arm-resources-subscriptions lists the tenant and the two subscriptions of the service principal", async () => {
    const client = new SubscriptionClient(credential(), { endpoint: running.url, tlsOptions: { ca } });
    const tenantIds: string[] = [];
    for await (const t of client.tenants.list()) tenantIds.push(t.tenantId ?? "");
    expect(tenantIds).toEqual([tenants.contoso]);
    const subscriptionIds: string[] = [];
    for await (const s of client.subscriptions.list()) subscriptionIds.push(s.subscriptionId ?? "");
    expect(subscriptionIds).toEqual([subs.production, subs.aiResearch]);
  });

  it("@azure/arm-security 5 lists pricings at 2022-03-01 (no extensions) and is refused writes where it is Reader", async () => {
    const research = new SecurityCenter(credential(), subs.aiResearch, { endpoint: running.url, tlsOptions: { ca } });
    const { value } = await research.pricings.list();
    expect(value).toHaveLength(16);
    expect(value.find((p) => p.name === "AI")).toEqual({
      id: `/subscriptions/${subs.aiResearch}/providers/Microsoft.Security/pricings/AI`,
      name: "AI",
      type: "Microsoft.Security/pricings",
      pricingTier: "Standard",
      freeTrialRemainingTime: "P21DT4H12M",
    });
    // Security Admin on AI Research may write.
    expect((await research.pricings.update("Api", { pricingTier: "Free" })).pricingTier).toBe("Free");

    const production = new SecurityCenter(credential(), subs.production, { endpoint: running.url, tlsOptions: { ca } });
    await expect(production.pricings.update("AI", { pricingTier: "Standard" })).rejects.toMatchObject({
      statusCode: 403,
      code: "AuthorizationFailed",
      message: expect.stringContaining(
        `The client '${sp.clientId}' with object id '${sp.objectId}' does not have authorization`,
      ) as unknown,
    });
  });

  it("@azure/arm-security 5 lists AI alerts, gets one and dismisses it (at its api-version 2021-11-01, before supporting evidence)", async () => {
    const research = new SecurityCenter(credential(), subs.aiResearch, { endpoint: running.url, tlsOptions: { ca } });
    const alerts = [];
    for await (const alert of research.alerts.list()) alerts.push(alert);
    expect(alerts.length).toBeGreaterThan(0);
    const [first] = alerts;
    const location = /\/locations\/([^/]+)\//.exec(first?.id ?? "")?.[1] ?? "";
    const got = await research.alerts.getSubscriptionLevel(location, first?.name ?? "");
    expect(got).toMatchObject({ name: first?.name, productComponentName: "AI", status: "Active" });
    expect(got.alertType).toMatch(/^AI\.Azure_/);
    // 2021-11-01 has no supporting evidence: the prompt segment needs 2022-01-01.
    expect(got).not.toHaveProperty("supportingEvidence");
    await research.alerts.updateSubscriptionLevelStateToDismiss(location, first?.name ?? "");
    expect((await research.alerts.getSubscriptionLevel(location, first?.name ?? "")).status).toBe("Dismissed");
  });
});

describe("the example script with NODE_EXTRA_CA_CERTS (the README's way)", () => {
  it("lists tenants, subscriptions and pricings with the SDK clients untouched", async () => {
    const script = fileURLToPath(new URL("./examples/list-pricings.ts", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script, "--json"], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, EMULATOR_URL: running.url },
      timeout: 60_000,
    });
    const report = JSON.parse(stdout) as Report;
    expect(report.tenants).toEqual([{ tenantId: tenants.contoso, displayName: "Contoso" }]);
    expect(report.subscriptions.map((s) => [s.displayName, s.pricings.length])).toEqual([
      ["Contoso Production", 16],
      ["Contoso AI Research", 16],
    ]);
    expect(report.subscriptions[0]?.pricings.find((p) => p.name === "VirtualMachines")).toEqual({
      name: "VirtualMachines",
      pricingTier: "Standard",
      freeTrialRemainingTime: "PT0S",
    });
  }, 90_000);
});
