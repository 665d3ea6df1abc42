import { devAppPort } from "../playwright.config";
import {
  accounts,
  collectConsoleProblems,
  expect,
  openDefenderPlans,
  pricings,
  type PricingBody,
  signIn,
  stagePromptEvidence,
  subscriptionNamed,
  test,
} from "./support";

const ai = (list: PricingBody[]) => list.find((pricing) => pricing.name === "AI");
const extensionStates = (pricing: PricingBody | undefined) =>
  Object.fromEntries((pricing?.properties.extensions ?? []).map((extension) => [extension.name, extension.isEnabled]));
const otherPlans = (list: PricingBody[]) => list.filter((pricing) => pricing.name !== "AI");

test("the Owner switches AI workloads on and user prompt evidence on, and Save writes exactly that", async ({ page }) => {
  const subscription = subscriptionNamed("Contoso Production");
  const before = await pricings(accounts.owner.upn, subscription.subscriptionId);
  expect(ai(before)?.properties.pricingTier).toBe("Free");
  const consoleProblems = collectConsoleProblems(page);

  await signIn(page, accounts.owner);
  await openDefenderPlans(page, subscription.displayName);

  // Enable the plan.
  const save = page.getByRole("button", { name: "Save" });
  await expect(save).toBeDisabled();
  const aiSwitch = page.getByRole("switch", { name: "AI workloads" });
  await expect(aiSwitch).not.toBeChecked();
  await expect(page.getByRole("row", { name: /AI workloads/ }).getByText("Preview")).toBeVisible();
  await expect(page.getByRole("row", { name: /AI workloads/ }).getByText("Free trial: 30 days left")).toBeVisible();
  await aiSwitch.click();
  await expect(aiSwitch).toBeChecked();
  await expect(save).toBeEnabled();

  // Enable user prompt evidence.
  await page
    .getByRole("row", { name: /AI workloads/ })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(page.getByRole("heading", { name: "Settings & monitoring" })).toBeVisible();
  const continueButton = page.getByRole("button", { name: "Continue" });
  await expect(continueButton).toBeDisabled();
  // What the documentation shows around the feature: preview terms, content filtering, next steps.
  await expect(page.getByRole("link", { name: "Supplemental Terms of Use for Microsoft Azure Previews" })).toBeVisible();
  await expect(page.getByText(/Don't opt out of prompt-based content filtering/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Next steps" }).getByRole("link")).toHaveText([
    "Add user and application context to AI alerts",
    "Explore the alerts for AI workloads",
    "Manage and respond to security alerts",
  ]);
  const evidence = page.getByRole("switch", { name: "Enable user prompt evidence" });
  await expect(evidence).not.toBeChecked();
  await evidence.click();
  await expect(continueButton).toBeEnabled();
  await continueButton.click();

  // Nothing is written until Save.
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
  expect(ai(await pricings(accounts.owner.upn, subscription.subscriptionId))?.properties.pricingTier).toBe("Free");
  await save.click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  const after = await pricings(accounts.owner.upn, subscription.subscriptionId);
  expect(ai(after)?.properties.pricingTier).toBe("Standard");
  expect(extensionStates(ai(after))).toMatchObject({ AIPromptEvidence: "True" });
  expect(otherPlans(after)).toEqual(otherPlans(before));

  // A reload shows what is saved.
  await page.reload();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeChecked();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  await page
    .getByRole("row", { name: /AI workloads/ })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(page.getByRole("switch", { name: "Enable user prompt evidence" })).toBeChecked();
  expect(consoleProblems).toEqual([]);
});

test("prompt evidence on a plan already on keeps every other component as it was", async ({ page }) => {
  const subscription = subscriptionNamed("Contoso AI Research");
  const before = await pricings(accounts.owner.upn, subscription.subscriptionId);
  expect(extensionStates(ai(before))).toMatchObject({ AIPromptEvidence: "False", AIPromptSharingWithPurview: "True" });

  await signIn(page, accounts.owner);
  await openDefenderPlans(page, subscription.displayName);
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeChecked();
  await stagePromptEvidence(page);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  const after = await pricings(accounts.owner.upn, subscription.subscriptionId);
  expect(extensionStates(ai(after))).toEqual({ ...extensionStates(ai(before)), AIPromptEvidence: "True" });
  expect(ai(after)?.properties.pricingTier).toBe("Standard");
  expect(otherPlans(after)).toEqual(otherPlans(before));
});

test("a Reader sees the plans but cannot change anything", async ({ page }) => {
  const subscription = subscriptionNamed("Contoso Production");
  const before = await pricings(accounts.owner.upn, subscription.subscriptionId);

  await signIn(page, accounts.reader);
  await openDefenderPlans(page, subscription.displayName);
  await expect(page.getByText(/You can view these plans but not change them/)).toBeVisible();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  await page
    .getByRole("row", { name: /AI workloads/ })
    .getByRole("link", { name: "Settings" })
    .click();
  await expect(page.getByRole("switch", { name: "Enable user prompt evidence" })).toBeDisabled();

  expect(await pricings(accounts.owner.upn, subscription.subscriptionId)).toEqual(before);
});

test("a subscription without Defender for Cloud is enabled from the app", async ({ page }) => {
  const subscription = subscriptionNamed("Contoso Sandbox");
  await signIn(page, accounts.owner);
  await openDefenderPlans(page, subscription.displayName);
  await expect(page.getByText("Defender for Cloud isn't enabled on this subscription")).toBeVisible();
  await page.getByRole("button", { name: "Enable Defender for Cloud" }).click();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible({ timeout: 20_000 });
  expect(ai(await pricings(accounts.owner.upn, subscription.subscriptionId))?.properties.pricingTier).toBe("Free");
});

test("environment settings lists both directories, including the one where the Owner is a guest", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByText(`Showing ${String(5)} subscriptions`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Fabrikam Shared Services" })).toBeVisible();
  const production = page.getByRole("row", { name: /Contoso Production/ });
  await expect(production.getByText(/\d+\/\d+ plans/)).toBeVisible();
  await page.getByRole("searchbox", { name: "Search by name" }).fill("fabrikam");
  await expect(page.getByText("Showing 1 subscription")).toBeVisible();
  await expect(page.getByRole("link", { name: "Contoso Production" })).toHaveCount(0);
});

test("sign out ends the session and returns to the sign-in page", async ({ page }) => {
  await signIn(page, accounts.owner);
  await expect(page.getByLabel("Signed-in account")).toContainText(accounts.owner.upn);
  await expect(page.getByLabel("Signed-in account")).toContainText("Directory: Contoso");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.includes("accesstoken")))).toEqual([]);
});

test("the documented procedure in React's development build logs no warning or error", async ({ page }) => {
  // Production React drops its warnings ("Cannot update a component while rendering a different
  // component"), so this runs the development server, as `npm start` does. Unbundled, each full page
  // load takes seconds on a small machine: the sign-in round trip gets a longer wait.
  test.setTimeout(150_000);
  const consoleProblems = collectConsoleProblems(page);
  await page.goto(`http://localhost:${String(devAppPort)}/`);
  await page.getByRole("button", { name: "Sign in" }).click({ timeout: 60_000 });
  await page.getByRole("button", { name: new RegExp(accounts.owner.name) }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 60_000 });
  await openDefenderPlans(page, subscriptionNamed("Contoso Production").displayName);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await stagePromptEvidence(page);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  expect(consoleProblems).toEqual([]);
});
