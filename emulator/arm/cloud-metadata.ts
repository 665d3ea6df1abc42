// GET /metadata/endpoints: ARM's cloud metadata, which tools read to learn a custom cloud's login
// endpoint, token audience and ARM endpoint (`az cloud register --endpoint-resource-manager`, the
// CLI's ARM_CLOUD_METADATA_URL, Terraform's metadata_host, Azure Stack samples). Anonymous, as ARM
// serves it. Three shapes by api-version, each as management.azure.com answers it:
// - before 2019-05-01 (2015-01-01, "1.0", none): one object with `…Endpoint` names, what
//   `az cloud register` reads (azure-cli's recording of management.azure.com);
// - 2019-05-01 up to 2022-09-01: an array of clouds (2019-05-01, 2019-10-01 and 2020-06-01 are read
//   as arrays by azure-cli, the Azure Stack Hub samples and go-azure-helpers);
// - 2022-09-01 and later: one cloud object (go-azure-sdk, which Terraform's azurerm uses, reads it so).
// Where exactly between 2020-06-01 and 2022-09-01 the shape changes, and what ARM answers to an
// api-version that is not a date, are unverified: the emulator answers the shape of the nearest
// known version, and the oldest shape to anything else.
import type { EmulatorContext } from "../context";
import { armAudiences } from "../tokens";
import { armCorsHeaders } from "./pipeline";

/** `//metadata/endpoints` too: `az cloud register` appends the path to the endpoint as given, trailing slash and all. */
export const cloudMetadataPathPattern = /^\/+metadata\/endpoints\/*$/i;

/** The name tools give the cloud (not "AzureCloud": older CLIs then replace its login endpoint with Entra's). */
export const emulatorCloudName = "LocalEmulator";

const arrayShapeSince = "2019-05-01";
const objectShapeSince = "2022-09-01";

type Shape = "legacy" | "array" | "object";

export function shapeFor(apiVersion: string | null): Shape {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(apiVersion ?? "")?.[0];
  if (date === undefined || date < arrayShapeSince) return "legacy";
  return date < objectShapeSince ? "array" : "object";
}

/**
 * Token audiences ARM accepts, first the one the Azure CLI asks for (it uses `audiences[0]` as the
 * resource of every ARM token): the emulator's ARM accepts both (emulator/arm/authenticate.ts).
 */
const audiences = [armAudiences[1], armAudiences[0]];

/**
 * Microsoft Graph and Azure AD Graph are not emulated: their real identifiers. The token endpoint
 * issues tokens for Microsoft Graph's (which Graph refuses), none for Azure AD Graph's (AADSTS500011).
 */
const graph = { aadGraph: "https://graph.windows.net/", microsoftGraph: "https://graph.microsoft.com/" } as const;

/**
 * Services the emulator does not emulate keep Azure's public cloud identifiers and suffixes (a tool
 * that reaches them talks to Azure, which refuses the emulator's tokens).
 */
const publicCloudServices = {
  media: "https://rest.media.azure.net",
  batch: "https://batch.core.windows.net/",
  vmImageAliasDoc: "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json",
  activeDirectoryDataLake: "https://datalake.azure.net/",
  sqlManagement: "https://management.core.windows.net:8443/",
  gallery: "https://gallery.azure.com/",
} as const;

const suffixes = {
  azureDataLakeStoreFileSystem: "azuredatalakestore.net",
  acrLoginServer: "azurecr.io",
  sqlServerHostname: "database.windows.net",
  azureDataLakeAnalyticsCatalogAndJob: "azuredatalakeanalytics.net",
  keyVaultDns: "vault.azure.net",
  storage: "core.windows.net",
  azureFrontDoorEndpointSuffix: "azurefd.net",
} as const;

/**
 * Suffixes and resource ids added to the cloud object over the years: at 2022-09-01 ARM lists them
 * all; whether its array shape lists them by now is unverified (azure-cli reads them from it when
 * present, else falls back to its own values), so the emulator sends them in both.
 */
const newerSuffixes = {
  storageSyncEndpointSuffix: "afs.azure.net",
  mhsmDns: "managedhsm.azure.net",
  mysqlServerEndpoint: "mysql.database.azure.com",
  postgresqlServerEndpoint: "postgres.database.azure.com",
  mariadbServerEndpoint: "mariadb.database.azure.com",
  synapseAnalytics: "dev.azuresynapse.net",
  attestationEndpoint: "attest.azure.net",
} as const;

const resourceIds = {
  microsoftGraphResourceId: graph.microsoftGraph,
  appInsightsResourceId: "https://api.applicationinsights.io",
  appInsightsTelemetryChannelResourceId: "https://dc.applicationinsights.azure.com/v2/track",
  attestationResourceId: "https://attest.azure.net",
  synapseAnalyticsResourceId: "https://dev.azuresynapse.net",
  logAnalyticsResourceId: "https://api.loganalytics.io",
  ossrDbmsResourceId: "https://ossrdbms-aad.database.windows.net",
} as const;

/** The 2015-01-01 shape: what `az cloud register` reads (gallery, graph, login endpoint, audiences[0]). */
export function legacyMetadata(ctx: EmulatorContext) {
  return {
    galleryEndpoint: publicCloudServices.gallery,
    graphEndpoint: graph.aadGraph,
    // The emulator's home page stands for the portal: there is no portal.
    portalEndpoint: `${ctx.publicUrl}/`,
    authentication: { loginEndpoint: `${ctx.publicUrl}/`, audiences },
  };
}

/**
 * One cloud of the 2019-05-01 and later shapes. The Entra part of the emulator is on the same origin
 * as its ARM, so the login endpoint and the resource manager are both the emulator's public URL.
 * `tenant: "common"` and `identityProvider: "AAD"` as Azure's: go-azure-sdk takes anything else
 * for Azure Stack, which Terraform's azurerm refuses.
 */
export function cloudMetadata(ctx: EmulatorContext, shape: "array" | "object") {
  const cloud = {
    portal: ctx.publicUrl,
    authentication: {
      // management.azure.com sends the login endpoint with a trailing slash in the array, without it at 2022-09-01.
      loginEndpoint: shape === "array" ? `${ctx.publicUrl}/` : ctx.publicUrl,
      audiences,
      tenant: "common",
      identityProvider: "AAD",
    },
    media: publicCloudServices.media,
    graphAudience: graph.aadGraph,
    graph: graph.aadGraph,
    name: emulatorCloudName,
    suffixes: { ...suffixes, ...newerSuffixes },
    batch: publicCloudServices.batch,
    resourceManager: `${ctx.publicUrl}/`,
    vmImageAliasDoc: publicCloudServices.vmImageAliasDoc,
    activeDirectoryDataLake: publicCloudServices.activeDirectoryDataLake,
    sqlManagement: publicCloudServices.sqlManagement,
  };
  // The array names the gallery too; the 2022-09-01 object no longer does.
  return shape === "array" ? { ...cloud, gallery: publicCloudServices.gallery, ...resourceIds } : { ...cloud, ...resourceIds };
}

export function cloudMetadataHandler(ctx: EmulatorContext, request: Request): Response {
  const shape = shapeFor(new URL(request.url).searchParams.get("api-version"));
  const body = shape === "legacy" ? legacyMetadata(ctx) : shape === "array" ? [cloudMetadata(ctx, "array")] : cloudMetadata(ctx, "object");
  // The headers of management.azure.com's answer (no request ids), plus CORS for a browser.
  return Response.json(body, {
    headers: {
      ...armCorsHeaders(request),
      "Cache-Control": "no-cache",
      Pragma: "no-cache",
      Expires: "-1",
      "Content-Type": "application/json; charset=utf-8",
    },
  });
}
