import { readFileSync } from "node:fs";
import { expect, type Page, request as playwrightRequest, test as base } from "@playwright/test";
import { emulatorPort, populationEmulatorPort } from "../playwright.config";

/** The seeded directory, read from the emulator's one fixture file (the same data the emulator serves). */
type Seed = {
  applications: Array<{ clientId: string }>;
  tenants: Array<{ tenantId: string; displayName: string }>;
  users: Array<{ displayName: string; memberships: Array<{ tenantId: string; userPrincipalName: string }> }>;
  subscriptions: Array<{ subscriptionId: string; displayName: string; tenantId: string; state: string }>;
};
export const seed = JSON.parse(readFileSync(new URL("../emulator/fixtures/seed.json", import.meta.url), "utf8")) as Seed;

export const emulatorUrl = `https://localhost:${String(emulatorPort)}`;
/** A second emulator, serving a generated population of 50 subscriptions (playwright.config.ts). */
export const populationEmulatorUrl = `https://localhost:${String(populationEmulatorPort)}`;

export function subscriptionNamed(displayName: string) {
  const subscription = seed.subscriptions.find((candidate) => candidate.displayName === displayName);
  if (!subscription) throw new Error(`No seeded subscription named ${displayName}`);
  return subscription;
}

export const accounts = {
  owner: { name: "Adele Vance", upn: "adele@contoso.onmicrosoft.com" },
  securityAdmin: { name: "Alex Wilber", upn: "alex@contoso.onmicrosoft.com" },
  reader: { name: "Lynne Robbins", upn: "lynne@contoso.onmicrosoft.com" },
  /** Owner of Contoso Security Operations only, whose AI plan a Microsoft 365 security rule manages. */
  securityOpsOwner: { name: "Megan Bowen", upn: "megan@contoso.onmicrosoft.com" },
} as const;

/** The app's runtime configuration, pointed at an emulator: the same build, other config. */
export const appConfigFor = (url: string) => ({
  identity: {
    authorityHost: url,
    tenant: "organizations",
    clientId: seed.applications[0]?.clientId,
    knownAuthorities: [new URL(url).host],
  },
  arm: { endpoint: url },
  emulator: { url },
});
const testConfig = appConfigFor(emulatorUrl);

/** Calls the emulated ARM API as `upn` would (a token for `tenantId`, or the home one, minted by the test-mode control API). */
export async function armRequest(
  upn: string,
  method: "GET" | "PUT" | "POST",
  path: string,
  body?: unknown,
  { base = emulatorUrl, tenantId }: { base?: string; tenantId?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const context = await playwrightRequest.newContext({ ignoreHTTPSErrors: true });
  try {
    const minted = await context.post(`${base}/__emulator/token`, { data: { upn, ...(tenantId ? { tenantId } : {}) } });
    expect(minted.ok()).toBe(true);
    const { access_token: token } = (await minted.json()) as { access_token: string };
    const response = await context.fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { data: body }),
    });
    return { status: response.status(), body: (await response.json()) as unknown };
  } finally {
    await context.dispose();
  }
}

export type PricingBody = {
  name: string;
  properties: { pricingTier: string; extensions?: Array<{ name: string; isEnabled: string }> };
};

export async function pricings(upn: string, subscriptionId: string): Promise<PricingBody[]> {
  const { status, body } = await armRequest(
    upn,
    "GET",
    `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings?api-version=2024-01-01`,
  );
  expect(status).toBe(200);
  return (body as { value: PricingBody[] }).value;
}

export const test = base.extend<{ resetEmulator: undefined }>({
  resetEmulator: [
    async ({ page }, use) => {
      const context = await playwrightRequest.newContext({ ignoreHTTPSErrors: true });
      expect((await context.post(`${emulatorUrl}/__emulator/reset`)).ok()).toBe(true);
      await context.dispose();
      await page.route("**/config.json", (route) => route.fulfill({ json: testConfig }));
      await use(undefined);
    },
    { auto: true },
  ],
});
export { expect };

/** Signs in through the real redirect flow and the emulator's sign-in page. */
export async function signIn(page: Page, account: { name: string }, startPath = "/") {
  await page.goto(startPath);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: new RegExp(account.name) }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Another client writing a plan, as a script or another admin would. */
export async function putPricing(upn: string, subscriptionId: string, plan: string, properties: unknown) {
  const { status } = await armRequest(
    upn,
    "PUT",
    `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/${plan}?api-version=2024-01-01`,
    {
      properties,
    },
  );
  expect(status).toBe(200);
}

/** Test-mode control API of the emulator (faults, chaos, settings); see emulator/control/README.md. */
export async function control(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  data?: unknown,
  base = emulatorUrl,
): Promise<unknown> {
  const context = await playwrightRequest.newContext({ ignoreHTTPSErrors: true });
  try {
    const response = await context.fetch(`${base}/__emulator/${path}`, { method, ...(data === undefined ? {} : { data }) });
    const text = await response.text();
    expect(response.ok(), `${method} /__emulator/${path}: ${text}`).toBe(true);
    return text ? (JSON.parse(text) as unknown) : undefined;
  } finally {
    await context.dispose();
  }
}

type FaultMatch = { method?: string; path?: string; service?: "arm" | "entra"; grantType?: string };

/** Makes the next `count` matching requests fail as described (status, latency, drop, body, oauth-error). */
export async function injectFault(match: FaultMatch, fault: Record<string, unknown>, count = 1): Promise<string> {
  const { id } = (await control("POST", "faults", { match, fault, count })) as { id: string };
  return id;
}

/** How many requests an injected fault has answered so far. */
export async function faultHits(id: string): Promise<number> {
  const { faults } = (await control("GET", "faults")) as { faults: Array<{ id: string; hits: number }> };
  return faults.find((fault) => fault.id === id)?.hits ?? 0;
}

/** Steps 2–4 of the documented procedure, done literally. */
export async function openDefenderPlans(page: Page, subscription: string) {
  await page.getByRole("searchbox", { name: "Search resources, services, and docs" }).fill("Defender");
  await page.getByRole("link", { name: "Microsoft Defender for Cloud" }).click();
  const menu = page.getByRole("navigation", { name: "Microsoft Defender for Cloud" });
  // On a narrow screen the menu is folded behind a button.
  await expect(menu).toBeVisible();
  if (await menu.getByRole("button", { name: "Menu" }).isVisible()) await menu.getByRole("button", { name: "Menu" }).click();
  await menu.getByRole("link", { name: "Environment settings" }).click();
  await page.getByRole("link", { name: subscription }).click();
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
  await expect(page.getByText(subscription).first()).toBeVisible();
}

/**
 * Every console error and warning (React's included) and uncaught error, as they happen. Chromium's
 * own network log ("Failed to load resource: the server responded with a status of 404") is left
 * out: ARM answers some reads with an error on purpose (an unregistered subscription's pricings).
 */
export function collectConsoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    if (message.text().startsWith("Failed to load resource: the server responded with a status of")) return;
    problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

export { stagePromptEvidence } from "./procedure";
