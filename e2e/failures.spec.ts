import { accounts, emulatorUrl, expect, pricings, signIn, subscriptionNamed, test } from "./support";

test("a component that fails inside an HTTP 200 is shown on its plan and in Settings, and the page shows what is saved", async ({
  page,
}) => {
  // The Security Admin may write pricings but cannot assign roles: switching AI on turns the service's
  // default components on, and AI Model Security (which assigns a role) reports Failed.
  const subscription = subscriptionNamed("Contoso Production");
  await signIn(page, accounts.securityAdmin, "/defender/environment-settings");
  await page.getByRole("link", { name: subscription.displayName }).click();
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page.getByText("Saved, but some components failed", { exact: true })).toBeVisible();
  await expect(page.getByText(/Failed: AI Model Security: Failed assigning roles/)).toBeVisible();
  const aiRow = page.getByRole("row", { name: /AI workloads/ });
  await expect(aiRow.getByText(/AI Model Security failed: Failed assigning roles/)).toBeVisible();

  const ai = (await pricings(accounts.owner.upn, subscription.subscriptionId)).find((pricing) => pricing.name === "AI");
  expect(ai?.properties.pricingTier).toBe("Standard");
  expect(ai?.properties.extensions?.find((extension) => extension.name === "AIModelScanner")?.isEnabled).toBe("False");

  await aiRow.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText(/Failed on the last save: Failed assigning roles/)).toBeVisible();
  // The switch shows the server's truth, not the wish.
  await expect(page.getByRole("switch", { name: "AI Model Security" })).not.toBeChecked();

  // Saving another plan later does not hide that failure.
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("switch", { name: "App Service" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  await expect(aiRow.getByText(/AI Model Security failed: Failed assigning roles/)).toBeVisible();
});

test("a disabled subscription is read-only, with the reason", async ({ page }) => {
  const subscription = subscriptionNamed("Contoso Legacy");
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("link", { name: subscription.displayName }).click();
  await expect(page.getByText(/This subscription is Disabled: it is read-only/)).toBeVisible();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeDisabled();
});

test("when the emulator cannot be reached the app says what to do", async ({ page }) => {
  // What a browser that has not accepted the development certificate sees: every request fails.
  await page.route(`${emulatorUrl}/**`, (route) => route.abort("failed"));
  await page.goto("/");
  await expect(page.getByText("Can't reach the local Azure emulator")).toBeVisible();
  await expect(page.getByText(/accept its development certificate/)).toBeVisible();
  await page.unroute(`${emulatorUrl}/**`);
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByText("Can't reach the local Azure emulator")).toHaveCount(0);
});
