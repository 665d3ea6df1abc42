// ARM's cloud metadata (GET /metadata/endpoints) in its three shapes, and the requests the Azure CLI
// makes with it: `az cloud register --endpoint-resource-manager`, then `az login --service-principal`
// through MSAL Python with instance discovery off, then an ARM call, as far as they can be imitated
// in-process (the CLI itself is not run here).
import { beforeEach, describe, expect, it } from "vitest";
import { serviceOf } from "../faults";
import { base, subs, tenants, testEmulator, type TestEmulator } from "../test-support";
import { emulatorCloudName, shapeFor } from "./cloud-metadata";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const sp = { clientId: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c", secret: "local-emulator-only~NOT-A-REAL-SECRET~8Q" } as const;

async function get(url: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: unknown }> {
  const res = await emu.fetch(new Request(url, { headers }));
  return { res, body: await res.json() };
}

/** A cloud object of the 2019-05-01 and later shapes, as the tests read it. */
type Cloud = {
  name: string;
  portal: string;
  resourceManager: string;
  authentication: { loginEndpoint: string; audiences: string[]; tenant: string; identityProvider: string };
  suffixes: Record<string, string>;
} & Record<string, unknown>;

/** Every field azure-cli's `_arm_to_cli_mapper` (ARM_CLOUD_METADATA_URL) and go-azure-sdk (metadata_host) read, besides authentication. */
const cloudFields = [
  "portal",
  "media",
  "graphAudience",
  "graph",
  "name",
  "suffixes",
  "batch",
  "resourceManager",
  "vmImageAliasDoc",
  "activeDirectoryDataLake",
  "sqlManagement",
  "microsoftGraphResourceId",
  "appInsightsResourceId",
  "appInsightsTelemetryChannelResourceId",
  "attestationResourceId",
  "synapseAnalyticsResourceId",
  "logAnalyticsResourceId",
  "ossrDbmsResourceId",
];
const suffixFields = [
  "azureDataLakeStoreFileSystem",
  "acrLoginServer",
  "sqlServerHostname",
  "azureDataLakeAnalyticsCatalogAndJob",
  "keyVaultDns",
  "storage",
  "azureFrontDoorEndpointSuffix",
  "storageSyncEndpointSuffix",
  "mhsmDns",
  "mysqlServerEndpoint",
  "postgresqlServerEndpoint",
  "mariadbServerEndpoint",
  "synapseAnalytics",
  "attestationEndpoint",
];

function expectCloud(cloud: Cloud, loginEndpoint: string) {
  for (const field of cloudFields) expect(cloud[field], field).toEqual(expect.anything());
  for (const field of suffixFields) expect(typeof cloud.suffixes[field], field).toBe("string");
  expect(cloud).toMatchObject({
    name: emulatorCloudName,
    portal: base,
    resourceManager: `${base}/`,
    graph: "https://graph.windows.net/",
    graphAudience: "https://graph.windows.net/",
    microsoftGraphResourceId: "https://graph.microsoft.com/",
    // go-azure-sdk takes anything but common/AAD for Azure Stack, which azurerm refuses.
    authentication: {
      loginEndpoint,
      audiences: ["https://management.core.windows.net/", "https://management.azure.com/"],
      tenant: "common",
      identityProvider: "AAD",
    },
  });
}

/** MSAL Python's client_credentials request, as `az login --service-principal` makes it (CP1 claims, no Origin). */
async function msalClientCredentials(tokenEndpoint: string, scope: string): Promise<Response> {
  return emu.fetch(
    new Request(tokenEndpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "client-request-id": crypto.randomUUID(),
        "x-client-sku": "MSAL.Python",
      },
      body: new URLSearchParams({
        client_id: sp.clientId,
        client_secret: sp.secret,
        grant_type: "client_credentials",
        scope,
        claims: JSON.stringify({ access_token: { xms_cc: { values: ["CP1"] } } }),
      }),
    }),
  );
}

describe("GET /metadata/endpoints", () => {
  it("answers api-version 2015-01-01 with the single object `az cloud register` reads, anonymously", async () => {
    const { res, body } = await get(`${base}/metadata/endpoints?api-version=2015-01-01`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(body).toEqual({
      galleryEndpoint: "https://gallery.azure.com/",
      graphEndpoint: "https://graph.windows.net/",
      portalEndpoint: `${base}/`,
      authentication: {
        loginEndpoint: `${base}/`,
        audiences: ["https://management.core.windows.net/", "https://management.azure.com/"],
      },
    });
  });

  it("answers the single object without an api-version, with 1.0 and with older dates", async () => {
    for (const query of ["", "?api-version=1.0", "?api-version=2018-01-01", "?api-version=not-a-version"]) {
      const { res, body } = await get(`${base}/metadata/endpoints${query}`);
      expect(res.status, query).toBe(200);
      expect(Object.keys(body as object).sort(), query).toEqual(["authentication", "galleryEndpoint", "graphEndpoint", "portalEndpoint"]);
    }
  });

  it("answers 2019-05-01 up to 2022-09-01 with an array of one cloud: the emulator", async () => {
    for (const version of ["2019-05-01", "2019-10-01", "2020-06-01"]) {
      const { res, body } = await get(`${base}/metadata/endpoints?api-version=${version}`);
      expect(res.status, version).toBe(200);
      expect(Array.isArray(body), version).toBe(true);
      const clouds = body as Cloud[];
      expect(clouds).toHaveLength(1);
      const [cloud] = clouds;
      if (!cloud) throw new Error("no cloud");
      expectCloud(cloud, `${base}/`);
      expect(cloud["gallery"]).toBe("https://gallery.azure.com/");
    }
  });

  it("answers 2022-09-01 and later with one cloud object, as go-azure-sdk (Terraform's azurerm) reads it", async () => {
    for (const version of ["2022-09-01", "2024-01-01"]) {
      const { res, body } = await get(`${base}/metadata/endpoints?api-version=${version}`);
      expect(res.status, version).toBe(200);
      expect(Array.isArray(body), version).toBe(false);
      expectCloud(body as Cloud, base);
    }
  });

  it("picks the shape by the api-version's date", () => {
    expect(shapeFor(null)).toBe("legacy");
    expect(shapeFor("2015-01-01")).toBe("legacy");
    expect(shapeFor("2019-05-01")).toBe("array");
    expect(shapeFor("2022-08-01-preview")).toBe("array");
    expect(shapeFor("2022-09-01")).toBe("object");
  });

  it("adds CORS for a browser and counts as ARM for fault injection", async () => {
    const { res } = await get(`${base}/metadata/endpoints?api-version=2022-09-01`, { Origin: "http://localhost:5173" });
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(serviceOf("/metadata/endpoints")).toBe("arm");
    expect(serviceOf("//metadata/endpoints")).toBe("arm");
  });

  it("lists only audiences the emulator's ARM accepts", async () => {
    const { body } = await get(`${base}/metadata/endpoints?api-version=2022-09-01`);
    const discovery = (await get(`${base}/${tenants.contoso}/v2.0/.well-known/openid-configuration`)).body as { token_endpoint: string };
    for (const audience of (body as Cloud).authentication.audiences) {
      const token = (await (await msalClientCredentials(discovery.token_endpoint, `${audience}/.default`)).json()) as {
        access_token: string;
      };
      const list = await emu.fetch(
        new Request(`${base}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token.access_token}` } }),
      );
      expect(list.status, audience).toBe(200);
    }
  });
});

describe("the Azure CLI's requests, imitated", () => {
  // `az cloud register -n Local --endpoint-resource-manager <endpoint>` appends the path to the endpoint as given.
  for (const resourceManager of [`${base}/`, base]) {
    it(`registers a cloud from ${resourceManager}, logs a service principal in and lists pricings`, async () => {
      const metadata = await get(`${resourceManager}/metadata/endpoints?api-version=2015-01-01`);
      expect(metadata.res.status).toBe(200);
      const endpoints = metadata.body as { graphEndpoint: string; authentication: { loginEndpoint: string; audiences: string[] } };
      // The endpoints the CLI requires: resource manager (given), active directory, its resource id, the graph resource id.
      const activeDirectory = endpoints.authentication.loginEndpoint;
      const activeDirectoryResourceId = endpoints.authentication.audiences[0] ?? "";
      expect(endpoints.graphEndpoint).toBeTruthy();

      // `az login --service-principal --tenant contoso.onmicrosoft.com`: the CLI's authority is
      // active_directory without its trailing slash, lower-cased, plus the tenant; MSAL Python with
      // instance_discovery=false fetches {authority}/v2.0/.well-known/openid-configuration.
      const authority = `${activeDirectory.replace(/\/+$/, "").toLowerCase()}/contoso.onmicrosoft.com`;
      const discovery = await get(`${authority}/v2.0/.well-known/openid-configuration`);
      expect(discovery.res.status).toBe(200);
      const config = discovery.body as { token_endpoint: string; authorization_endpoint: string };
      expect(config.authorization_endpoint).toBeTruthy();
      // The CLI's resource_to_scopes: resource + "/.default", keeping the trailing slash.
      const tokenRes = await msalClientCredentials(config.token_endpoint, `${activeDirectoryResourceId}/.default`);
      expect(tokenRes.status).toBe(200);
      const { access_token: accessToken } = (await tokenRes.json()) as { access_token: string };
      const auth = { Authorization: `Bearer ${accessToken}` };

      // The subscriptions of the tenant (the CLI's latest profile: 2022-12-01), then `az security pricing list`.
      const arm = resourceManager.replace(/\/+$/, "");
      const subscriptions = await get(`${arm}/subscriptions?api-version=2022-12-01`, auth);
      expect(subscriptions.res.status).toBe(200);
      const ids = (subscriptions.body as { value: Array<{ subscriptionId: string }> }).value.map((s) => s.subscriptionId);
      expect(ids).toContain(subs.aiResearch);
      for (const version of ["2023-01-01", "2024-01-01"]) {
        const pricings = await get(
          `${arm}/subscriptions/${subs.aiResearch}/providers/Microsoft.Security/pricings?api-version=${version}`,
          auth,
        );
        expect(pricings.res.status, version).toBe(200);
        expect((pricings.body as { value: unknown[] }).value.length, version).toBeGreaterThan(0);
      }
    });
  }

  it("reads ARM_CLOUD_METADATA_URL at 2019-05-01 as the CLI does: each cloud by name, audiences[0], login endpoint, suffixes", async () => {
    const { body } = await get(`${base}/metadata/endpoints?api-version=2019-05-01`);
    const clouds = body as Cloud[];
    const byName = new Map(clouds.map((c) => [c.name, c]));
    const cloud = byName.get(emulatorCloudName);
    expect(cloud).toBeDefined();
    if (!cloud) return;
    // Not "AzureCloud": older CLIs replace that cloud's login endpoint with login.microsoftonline.com.
    expect(byName.has("AzureCloud")).toBe(false);
    expect(cloud.authentication.loginEndpoint.replace(/\/+$/, "")).toBe(base);
    expect(cloud.authentication.audiences[0]).toBe("https://management.core.windows.net/");
    expect(cloud.suffixes["storage"]).toBe("core.windows.net");
    expect(cloud.suffixes["keyVaultDns"]).toBe("vault.azure.net");
  });
});
