import type { Page } from "@playwright/test";
import {
  accounts,
  control,
  emulatorUrl,
  expect,
  faultHits,
  injectFault,
  pricings,
  putPricing,
  signIn,
  subscriptionNamed,
  test,
  stagePromptEvidence,
} from "./support";

const research = subscriptionNamed("Contoso AI Research");
const aiOf = async (subscriptionId: string) =>
  (await pricings(accounts.owner.upn, subscriptionId)).find((pricing) => pricing.name === "AI");
const states = (pricing: Awaited<ReturnType<typeof aiOf>>) =>
  Object.fromEntries((pricing?.properties.extensions ?? []).map((extension) => [extension.name, extension.isEnabled]));

test("a setting another client switched on after the page loaded stays on when the user saves", async ({ page }) => {
  await putPricing(accounts.owner.upn, research.subscriptionId, "AI", {
    pricingTier: "Standard",
    extensions: [{ name: "AIPromptSharingWithPurview", isEnabled: "False" }],
  });

  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("link", { name: research.displayName }).click();
  await page
    .getByRole("row", { name: /AI workloads/ })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(page.getByRole("switch", { name: "Enable data security for AI interactions" })).not.toBeChecked();

  // Meanwhile, someone else turns data security for AI interactions on.
  await putPricing(accounts.owner.upn, research.subscriptionId, "AI", {
    pricingTier: "Standard",
    extensions: [{ name: "AIPromptSharingWithPurview", isEnabled: "True" }],
  });

  await page.getByRole("switch", { name: "Enable user prompt evidence" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  expect(states(await aiOf(research.subscriptionId))).toMatchObject({ AIPromptEvidence: "True", AIPromptSharingWithPurview: "True" });
});

const production = subscriptionNamed("Contoso Production");
// Only this subscription's plans: Environment settings reads every subscription's plans for coverage.
const pricingsList = `/subscriptions/${production.subscriptionId}/providers/Microsoft.Security/pricings`;
const aiPut = { method: "PUT", path: "/**/pricings/AI" };

async function openPlans(page: Page, subscription = production) {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("link", { name: subscription.displayName }).click();
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
}

/** Straight to the plans page by its URL, so that only that page reads the subscription's plans. */
async function openPlansByLink(page: Page, subscription = production) {
  await signIn(page, accounts.owner, `/defender/environment-settings/${subscription.tenantId}/${subscription.subscriptionId}`);
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
}

test("throttling (429) is retried after Retry-After, and the user sees it retrying", async ({ page }) => {
  await injectFault({ method: "GET", path: pricingsList }, { kind: "status", status: 429, retryAfterSeconds: 2 }, 2);
  await openPlans(page);
  await expect(page.getByText(/SubscriptionRequestsThrottled for the Defender plans\. Retrying in 2 s/).first()).toBeVisible();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/Retrying in/)).toHaveCount(0);
});

test("a service that stays unavailable (503) is given up on after the bound, with a clear message and a retry", async ({ page }) => {
  const fault = await injectFault({ method: "GET", path: pricingsList }, { kind: "status", status: 503, retryAfterSeconds: 1 }, 4);
  await openPlans(page);
  await expect(page.getByText("Azure is temporarily unavailable")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/retried automatically 3 times/)).toBeVisible();
  expect(await faultHits(fault)).toBe(4);
  // The page still works: the header is there, and Retry loads the plans once the service is back.
  await expect(page.getByText(production.displayName).first()).toBeVisible();
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible();
});

test("409 'Another update operation is in progress' on Save is retried after a pause, one write at a time", async ({ page }) => {
  await openPlans(page);
  const conflict = await injectFault(aiPut, { kind: "status", status: 409 }, 1);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Another update to this subscription's plans is in progress\. Trying AI workloads again/)).toBeVisible();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible({ timeout: 15_000 });
  expect(await faultHits(conflict)).toBe(1);
  expect((await aiOf(production.subscriptionId))?.properties.pricingTier).toBe("Standard");
});

test("500 on Save: ARM's code, message and request id are shown, the change stays staged, and the page shows what is saved", async ({
  page,
}) => {
  await openPlans(page);
  await injectFault(
    aiPut,
    { kind: "status", status: 500, code: "InternalServerError", message: "The service hit an unexpected error." },
    1,
  );
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page.getByText("Some changes were not saved")).toBeVisible();
  await expect(page.getByText(/The service hit an unexpected error \(code InternalServerError, request id [\w-]+\)\./)).toBeVisible();
  const aiRow = page.getByRole("row", { name: /AI workloads/ });
  await expect(aiRow.getByText("Unsaved change")).toBeVisible();
  await expect(aiRow.getByText("Currently Off until you save")).toBeVisible();
  expect((await aiOf(production.subscriptionId))?.properties.pricingTier).toBe("Free");

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  expect((await aiOf(production.subscriptionId))?.properties.pricingTier).toBe("Standard");
});

test("an expired access token is renewed silently and the call retried once", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  const expired = await injectFault(
    { method: "GET", path: pricingsList },
    { kind: "status", status: 401, code: "ExpiredAuthenticationToken" },
    1,
  );
  // Observe the renewal: the refresh-token grant passes through this (harmless) fault.
  const renewal = await injectFault({ service: "entra", grantType: "refresh_token" }, { kind: "latency", ms: 1 }, 1);
  await page.getByRole("link", { name: production.displayName }).click();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible();
  expect(await faultHits(expired)).toBe(1);
  expect(await faultHits(renewal)).toBe(1);
  await expect(page.getByText("Sign in again")).toHaveCount(0);
});

test("a renewal that needs interaction asks to sign in again and comes back to the same page with the staged change", async ({ page }) => {
  await openPlans(page);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await injectFault({ method: "GET", path: pricingsList }, { kind: "status", status: 401, code: "ExpiredAuthenticationToken" }, 1);
  await injectFault({ service: "entra", grantType: "refresh_token" }, { kind: "oauth-error", error: "interaction_required" }, 1);
  await page.reload();

  await expect(page.getByText("Your session for this directory has ended")).toBeVisible();
  await page.getByRole("button", { name: "Sign in again" }).click();
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeChecked();
  await expect(page.getByRole("row", { name: /AI workloads/ }).getByText("Unsaved change")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toBeEnabled();
});

test("403 on Save names the missing permission in words", async ({ page }) => {
  await openPlans(page);
  await injectFault(aiPut, { kind: "status", status: 403 }, 1);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(
    page.getByText(
      /doesn't have permission to change Defender plans on this subscription \(Microsoft\.Security\/pricings\/write is missing\)/,
    ),
  ).toBeVisible();
});

test("network down: a banner, no white page, and recovery without a reload once it is back", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByRole("link", { name: production.displayName })).toBeVisible();
  await page.route(`${emulatorUrl}/**`, (route) => route.abort("connectionrefused"));
  await page.getByRole("link", { name: production.displayName }).click();
  await expect(page.getByText("Can't reach the local Azure emulator")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();

  await page.unroute(`${emulatorUrl}/**`);
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Can't reach the local Azure emulator")).toHaveCount(0);
});

test("a malformed response breaks only its region, which offers a retry", async ({ page }) => {
  await injectFault({ method: "GET", path: pricingsList }, { kind: "body", body: "{ this is not json" }, 1);
  await openPlansByLink(page);
  await expect(page.getByText("Unexpected response from Azure")).toBeVisible();
  // The rest of the page keeps working.
  await expect(page.getByRole("link", { name: "Microsoft Defender for Cloud | Environment settings" })).toBeVisible();
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible();
});

test("a response with missing fields is refused, and unknown enum values are shown as they are", async ({ page }) => {
  await injectFault({ method: "GET", path: pricingsList }, { kind: "body", body: JSON.stringify({ items: [] }) }, 1);
  await openPlansByLink(page);
  await expect(page.getByText(/Unexpected response from Azure/)).toBeVisible();

  const unknown = {
    value: [
      {
        id: "/x/AI",
        name: "AI",
        type: "Microsoft.Security/pricings",
        properties: { pricingTier: "Premium", resourcesCoverageStatus: "SomewhatCovered" },
      },
      { id: "/x/Quantum", name: "QuantumComputers", type: "Microsoft.Security/pricings", properties: { pricingTier: "Free" } },
    ],
  };
  await injectFault({ method: "GET", path: pricingsList }, { kind: "body", body: JSON.stringify(unknown) }, 1);
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("row", { name: /AI workloads/ }).getByText("Premium")).toBeVisible();
  await expect(page.getByRole("switch", { name: "QuantumComputers" })).toBeVisible();
});

test("chaos: with one ARM call in five failing, the result is what the user asked for or exactly what did not apply", async ({ page }) => {
  const before = await pricings(accounts.owner.upn, production.subscriptionId);
  await control("POST", "chaos", { rate: 0.2, seed: 20261125, match: { service: "arm" } });

  await openPlans(page);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await stagePromptEvidence(page);
  await page.getByRole("button", { name: "Save" }).click();
  const outcome = page.getByText("Saved", { exact: true }).or(page.getByText("Some changes were not saved"));
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  const saved = await page.getByText("Saved", { exact: true }).isVisible();
  const report = (await control("DELETE", "chaos")) as { injected: number };
  expect(report.injected).toBeGreaterThan(0);

  const after = await pricings(accounts.owner.upn, production.subscriptionId);
  const ai = after.find((pricing) => pricing.name === "AI");
  if (saved) {
    expect(ai?.properties.pricingTier).toBe("Standard");
    expect(states(ai)).toMatchObject({ AIPromptEvidence: "True" });
  } else {
    await expect(page.getByText(/AI workloads: not saved\./)).toBeVisible();
  }
  expect(after.filter((pricing) => pricing.name !== "AI")).toEqual(before.filter((pricing) => pricing.name !== "AI"));
});
