import type { Page } from "@playwright/test";
import { accounts, expect, injectFault, pricings, signIn, subscriptionNamed, test } from "./support";
import { axeViolations } from "./axe";

// What the page says is what the service has or will have: defaults of a plan being switched on, the
// full outcome of a Save, messages that a discard made obsolete, unsaved changes marked and guarded.

const production = subscriptionNamed("Contoso Production");
const research = subscriptionNamed("Contoso AI Research");
const plansPath = (subscription = production) => `/defender/environment-settings/${subscription.tenantId}/${subscription.subscriptionId}`;
const aiRow = (page: Page) => page.getByRole("row", { name: /AI workloads/ });

async function openAiSettings(page: Page) {
  await aiRow(page).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings & monitoring" })).toBeVisible();
}

const aiExtensions = async () =>
  Object.fromEntries(
    (
      (await pricings(accounts.owner.upn, production.subscriptionId)).find((pricing) => pricing.name === "AI")?.properties.extensions ?? []
    ).map((extension) => [extension.name, extension.isEnabled]),
  );

test("a plan switched on but not saved shows the components the service switches on with it", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await openAiSettings(page);

  await expect(
    page.getByText(/AI workloads is switched on but not saved yet\. When you save, the service switches its default/),
  ).toBeVisible();
  const scanner = page.getByRole("switch", { name: "AI Model Security" });
  await expect(scanner).toBeChecked();
  await expect(scanner).toHaveAccessibleName("AI Model Security On");
  await expect(scanner).toHaveAccessibleDescription("On by default with the plan");
  await expect(page.getByRole("row", { name: /AI Model Security/ }).getByText("On by default with the plan")).toBeVisible();
  // Components the service leaves off stay Off, with no such text.
  await expect(page.getByRole("switch", { name: "Enable user prompt evidence" })).not.toBeChecked();
  await expect(page.getByText("On by default with the plan")).toHaveCount(1);

  // Switching a default off is the user's choice: the text goes, and Save writes it off.
  await scanner.click();
  await expect(page.getByRole("switch", { name: "AI Model Security Off" })).not.toBeChecked();
  await expect(page.getByText("On by default with the plan")).toHaveCount(0);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  expect(await aiExtensions()).toMatchObject({ AIModelScanner: "False" });
});

test("the Save outcome names what the service switched on with the plan, besides what the user chose", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await openAiSettings(page);
  await page.getByRole("switch", { name: "Enable user prompt evidence" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Save" }).click();

  const outcome = page.getByRole("status").filter({ hasText: "Saved" });
  await expect(outcome).toContainText("AI workloads: your changes are applied.");
  await expect(outcome.getByText("AI workloads switched on.")).toBeVisible();
  await expect(outcome.getByText(/^Turned on: .*Enable user prompt evidence/)).toBeVisible();
  await expect(outcome.getByText(/^Turned on: .*AI Model Security \(with the plan\)/)).toBeVisible();
  await expect(outcome.getByText(/^Turned off:/)).toHaveCount(0);
  expect(await aiExtensions()).toMatchObject({ AIPromptEvidence: "True", AIModelScanner: "True" });
});

test("as Security Admin the Save outcome says the default component failed, with the service's reason", async ({ page }) => {
  await signIn(page, accounts.securityAdmin, plansPath());
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();

  const outcome = page.getByRole("alert").filter({ hasText: "Saved, but some components failed" });
  await expect(outcome).toContainText("AI workloads: saved, but some components failed.");
  await expect(outcome.getByText("AI workloads switched on.")).toBeVisible();
  await expect(outcome.getByText(/^Failed: AI Model Security: Failed assigning roles .* for plan$/)).toBeVisible();
  // It stayed off: nothing is reported as turned on.
  await expect(outcome.getByText(/^Turned on:/)).toHaveCount(0);
  expect(await aiExtensions()).toMatchObject({ AIModelScanner: "False" });
});

test("Discard changes clears the error of a failed Save, which spoke of the discarded change", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  await injectFault(
    { method: "PUT", path: "/**/pricings/AI" },
    { kind: "status", status: 500, code: "InternalServerError", message: "The service hit an unexpected error." },
  );
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  const error = page.getByRole("alert").filter({ hasText: "Some changes were not saved" });
  await expect(error).toContainText("Your change is still unsaved: select Save to try again.");

  await page.getByRole("button", { name: "Discard changes" }).click();
  await expect(page.getByText("Some changes were not saved")).toHaveCount(0);
  await expect(page.getByText(/still unsaved/)).toHaveCount(0);
  await expect(page.getByText("You have unsaved changes", { exact: false })).toHaveCount(0);
  await expect(page.getByRole("switch", { name: "AI workloads Off" })).not.toBeChecked();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
});

test("Environment settings marks the subscription that has an unsaved change, until it is saved or discarded", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("link", { name: "Microsoft Defender for Cloud | Environment settings" }).click();
  await page
    .getByRole("alertdialog", { name: "Leave with unsaved changes?" })
    .getByRole("button", { name: "Keep for later and leave" })
    .click();

  const productionRow = page.getByRole("row", { name: new RegExp(production.displayName) });
  await expect(productionRow.getByText("Unsaved change")).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(research.displayName) }).getByText("Unsaved change")).toHaveCount(0);
  // The mark is beside the link: the link is still named by the subscription alone.
  await expect(page.getByRole("link", { name: production.displayName, exact: true })).toBeVisible();

  // In-app navigation kept the change; discarding it removes the mark.
  await page.getByRole("link", { name: production.displayName, exact: true }).click();
  await expect(page.getByRole("switch", { name: "AI workloads On" })).toBeChecked();
  await page.getByRole("button", { name: "Discard changes" }).click();
  await page.getByRole("link", { name: "Microsoft Defender for Cloud | Environment settings" }).click();
  await expect(page.getByRole("link", { name: production.displayName, exact: true })).toBeVisible();
  await expect(page.getByText("Unsaved change")).toHaveCount(0);
});

test("leaving the page with unsaved changes asks first, but not without them nor to sign in again", async ({ page }) => {
  const dialogs: string[] = [];
  // With a listener, Playwright no longer accepts dialogs by itself: accept each (leave), after noting it.
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await signIn(page, accounts.owner, plansPath());
  const aiSwitch = page.getByRole("switch", { name: "AI workloads" });

  // A click (Chromium asks only after the user interacted), but nothing left unsaved: no question.
  await aiSwitch.click();
  await aiSwitch.click();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  await page.reload();
  await expect(aiSwitch).toBeVisible();
  expect(dialogs).toEqual([]);

  await aiSwitch.click();
  await expect(page.getByRole("button", { name: "Save" })).toBeEnabled();
  // A renewal that needs interaction is waiting for the next read of the plans.
  const pricingsList = `/subscriptions/${production.subscriptionId}/providers/Microsoft.Security/pricings`;
  await injectFault({ method: "GET", path: pricingsList }, { kind: "status", status: 401, code: "ExpiredAuthenticationToken" }, 1);
  await injectFault({ service: "entra", grantType: "refresh_token" }, { kind: "oauth-error", error: "interaction_required" }, 1);
  await page.reload();
  expect(dialogs).toEqual(["beforeunload"]);

  // Sign in again keeps the change (session storage), so it is not asked about.
  await page.getByRole("button", { name: "Sign in again" }).click();
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
  await expect(aiRow(page).getByText("Unsaved change")).toBeVisible();
  expect(dialogs).toEqual(["beforeunload"]);
});

test("plain words: loading, an empty search, the subscription name, and a row switched but not saved", async ({ page }) => {
  // Slow subscription lists (Resource Graph's, one per directory), so that the loading state can be seen.
  await injectFault({ method: "POST", path: "/providers/Microsoft.ResourceGraph/resources" }, { kind: "latency", ms: 3000 }, 2);
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByText("Loading subscriptions…")).toBeVisible();
  await expect(page.getByText("Showing 0 subscriptions")).toHaveCount(0);
  await expect(page.getByText("Showing 5 subscriptions")).toBeVisible({ timeout: 15_000 });

  await page.getByRole("searchbox", { name: "Search by name" }).fill("No such <b>name</b>");
  await expect(page.getByRole("status").filter({ hasText: "No subscriptions match" })).toHaveText(
    "No subscriptions match “No such <b>name</b>”",
  );

  // The plans page says it is loading the subscription instead of showing its id.
  await injectFault({ method: "GET", path: `/subscriptions/${production.subscriptionId}` }, { kind: "latency", ms: 3000 }, 1);
  await page.goto(plansPath());
  await expect(page.getByText("Loading subscription…")).toBeVisible();
  await expect(page.getByText(production.subscriptionId)).toHaveCount(0);
  await expect(page.getByText(production.displayName).first()).toBeVisible({ timeout: 15_000 });

  // A row switched On and not saved says what the service has until Save, and nothing says "staged".
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await expect(aiRow(page).getByText("Unsaved change")).toBeVisible();
  await expect(aiRow(page).getByText("Currently Off until you save")).toBeVisible();
  await expect(page.getByText("Saved: Off")).toHaveCount(0);
  await expect(page.getByText(/staged/i)).toHaveCount(0);
});

test("greyed-out switches give their reason to screen readers", async ({ page }) => {
  await signIn(page, accounts.reader, plansPath());
  const aiSwitch = page.getByRole("switch", { name: "AI workloads" });
  await expect(aiSwitch).toBeDisabled();
  await expect(aiSwitch).toHaveAccessibleDescription(/You can view these plans but not change them/);

  await openAiSettings(page);
  const evidence = page.getByRole("switch", { name: "Enable user prompt evidence" });
  await expect(evidence).toBeDisabled();
  await expect(evidence).toHaveAccessibleDescription(/You can view these plans but not change them/);
});

test("Saving… and the Save outcome are never shown together", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  await injectFault({ method: "PUT", path: "/**/pricings/AI" }, { kind: "latency", ms: 2000 }, 1);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page.getByText(`Saving your changes to ${production.displayName}…`)).toBeVisible();
  await expect(page.getByText("Saved", { exact: true })).toHaveCount(0);
  // The switches are greyed out meanwhile, and say why.
  await expect(page.getByRole("switch", { name: "AI workloads" })).toHaveAccessibleDescription(/Saving your changes/);

  await expect(page.getByText("Saved", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/Saving your changes/)).toHaveCount(0);
});

test("leaving for another page of the app asks first: stay, keep the change for later, or discard it", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  const environmentSettings = page.getByRole("link", { name: "Microsoft Defender for Cloud | Environment settings" });
  const question = page.getByRole("alertdialog", { name: "Leave with unsaved changes?" });
  // Nothing unsaved: nothing asked.
  await environmentSettings.click();
  await page.getByRole("link", { name: production.displayName, exact: true }).click();
  await expect(question).toHaveCount(0);

  // Browser Back with an unsaved change is asked about; the safe choice has focus, so Enter stays.
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.goBack();
  await expect(question).toContainText(`Your changes to ${production.displayName} are not saved`);
  await expect(question.getByRole("button", { name: "Stay" })).toBeFocused();
  expect(await axeViolations(page), "leave question").toEqual([]);
  await page.keyboard.press("Enter");
  await expect(question).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
  await expect(page.getByRole("switch", { name: "AI workloads On" })).toBeChecked();

  // Settings & monitoring of the same subscription is not "leaving": the change is still in reach.
  await openAiSettings(page);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("switch", { name: "AI workloads On" })).toBeChecked();
  await expect(question).toHaveCount(0);

  await environmentSettings.click();
  await question.getByRole("button", { name: "Discard and leave" }).click();
  await expect(page.getByRole("link", { name: production.displayName, exact: true })).toBeVisible();
  await expect(page.getByText("Unsaved change")).toHaveCount(0);
  await page.getByRole("link", { name: production.displayName, exact: true }).click();
  await expect(page.getByRole("switch", { name: "AI workloads Off" })).not.toBeChecked();
});

test("component choices not yet taken with Continue are asked about before they are lost", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath(research));
  await openAiSettings(page);
  await page.getByRole("switch", { name: "Enable user prompt evidence" }).click();
  await page.getByRole("link", { name: "Settings | Defender plans" }).click();

  const question = page.getByRole("alertdialog", { name: "Leave without continuing?" });
  await expect(question).toContainText("If you leave now, they are lost");
  await question.getByRole("button", { name: "Stay" }).click();
  await expect(page.getByRole("switch", { name: "Enable user prompt evidence On" })).toBeChecked();

  // Continue takes them: no question, and the plans page has the change.
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(aiRow(page).getByText("Unsaved change")).toBeVisible();
});

test("a Save goes on when the user leaves the page, and its outcome waits in the notifications", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  await injectFault({ method: "PUT", path: "/**/pricings/AI" }, { kind: "latency", ms: 2500 }, 1);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Saving your changes/)).toBeVisible();

  // A Save under way is not "unsaved": leaving is not asked about.
  await page.getByRole("link", { name: "Microsoft Defender for Cloud | Environment settings" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  const bell = page.getByRole("button", { name: "Notifications, 1 new" });
  await expect(bell).toBeVisible({ timeout: 15_000 });
  // The page that started the Save is gone, so the top bar reads the outcome out.
  await expect(page.getByRole("status").filter({ hasText: `Saved: Defender plans of ${production.displayName}` })).toBeAttached();
  expect((await aiExtensions()).AIModelScanner).toBe("True");

  await bell.click();
  const panel = page.getByRole("dialog", { name: "Notifications" });
  await expect(panel).toContainText("AI workloads: your changes are applied. AI workloads switched on.");
  expect(await axeViolations(page), "notifications").toEqual([]);
  await panel.getByRole("link", { name: "Open Defender plans" }).click();
  await expect(page.getByRole("heading", { name: "Settings | Defender plans" })).toBeVisible();
  await expect(page.getByRole("switch", { name: "AI workloads On" })).toBeChecked();
  await expect(page.getByRole("button", { name: "Notifications" })).toBeVisible();
});

test("a Save that fails on the page is in the notifications too, and is not read out twice", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath());
  await injectFault({ method: "PUT", path: "/**/pricings/AI" }, { kind: "status", status: 400, code: "InvalidInputJson" }, 1);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some changes were not saved" })).toBeVisible();

  // Read out by the page's own alert; the top bar stays quiet.
  await expect(page.getByRole("status").filter({ hasText: "Defender plans of" })).toHaveCount(0);
  await page.getByRole("button", { name: "Notifications, 1 new" }).click();
  const panel = page.getByRole("dialog", { name: "Notifications" });
  await expect(panel).toContainText(`Some changes were not saved: Defender plans of ${production.displayName}`);
  await expect(panel).toContainText("InvalidInputJson");
  await expect(panel).toContainText("The change is still unsaved.");
});
