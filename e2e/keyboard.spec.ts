import type { Locator, Page } from "@playwright/test";
import { accounts, expect, injectFault, pricings, signIn, subscriptionNamed, test } from "./support";

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would, and checks that the
 * focus is visible there. Fails if it takes more than `limit` presses: the element is unreachable.
 */
async function tabTo(page: Page, target: Locator, { backwards = false, limit = 40 } = {}) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) {
      expect(await target.evaluate((element) => element.matches(":focus-visible")), "focus is visible").toBe(true);
      return;
    }
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Not reachable with ${backwards ? "Shift+Tab" : "Tab"}: ${target.toString()}`);
}

const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

test("the whole documented procedure by keyboard alone, with focus and names a screen reader can follow", async ({ page }) => {
  const production = subscriptionNamed("Contoso Production");
  await page.goto("/");
  await expect(page).toHaveTitle("Sign in – Microsoft Defender for Cloud");
  await tabTo(page, page.getByRole("button", { name: "Sign in" }));
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("button", { name: new RegExp(accounts.owner.name) }));
  await page.keyboard.press("Enter");

  // Home: focus starts on the heading; Enter in the search box's ↓ reaches the result.
  await expect(heading(page, "Azure services")).toBeFocused();
  await expect(page).toHaveTitle("Home – Microsoft Defender for Cloud");
  await tabTo(page, page.getByRole("searchbox", { name: "Search resources, services, and docs" }));
  await page.keyboard.type("Defender");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("link", { name: "Microsoft Defender for Cloud" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(heading(page, "Microsoft Defender for Cloud")).toBeFocused();
  await tabTo(
    page,
    page.getByRole("navigation", { name: "Microsoft Defender for Cloud" }).getByRole("link", { name: "Environment settings" }),
  );
  await page.keyboard.press("Enter");

  await expect(heading(page, /Environment settings/)).toBeFocused();
  await expect(page).toHaveTitle("Environment settings – Microsoft Defender for Cloud");
  // The tree is one tab stop; ↓ walks its rows to the subscription, Enter opens its plans.
  const tree = page.getByRole("treegrid", { name: "Environments" });
  await tabTo(page, tree.getByRole("row", { name: "Azure" }));
  const productionRow = tree.getByRole("row", { name: new RegExp(production.displayName) });
  for (let presses = 0; presses < 10 && !(await productionRow.evaluate((row) => row === document.activeElement)); presses++)
    await page.keyboard.press("ArrowDown");
  await expect(productionRow).toBeFocused();
  expect(await productionRow.evaluate((row) => row.matches(":focus-visible")), "focus is visible").toBe(true);
  await page.keyboard.press("Enter");

  // Defender plans: the switch says which plan it is and whether it is on.
  await expect(heading(page, /Defender plans/)).toBeFocused();
  await expect(page).toHaveTitle(`Defender plans – ${production.displayName} – Microsoft Defender for Cloud`);
  const aiSwitch = page.getByRole("switch", { name: "AI workloads Off" });
  await tabTo(page, aiSwitch);
  await page.keyboard.press("Space");
  await expect(page.getByRole("switch", { name: "AI workloads On" })).toBeChecked();

  const settingsLink = page.getByRole("link", { name: "Settings for AI workloads" });
  await tabTo(page, settingsLink, { backwards: true });
  await page.keyboard.press("Enter");

  await expect(heading(page, "Settings & monitoring")).toBeFocused();
  await expect(page).toHaveTitle(`Settings & monitoring – AI workloads – ${production.displayName} – Microsoft Defender for Cloud`);
  await tabTo(page, page.getByRole("switch", { name: "Enable user prompt evidence Off" }));
  await page.keyboard.press("Space");
  await expect(page.getByRole("switch", { name: "Enable user prompt evidence On" })).toBeChecked();
  // Continue was disabled when the page opened; it must still be reachable now.
  await tabTo(page, page.getByRole("button", { name: "Continue" }), { backwards: true });
  await page.keyboard.press("Enter");

  // Back on the plans page, focus returns to the plan the user came from.
  await expect(settingsLink).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Save" }), { backwards: true });
  await page.keyboard.press("Enter");

  // Focus goes to the outcome, which sits in the polite live region.
  const outcome = page.getByRole("status").filter({ hasText: "Saved" });
  await expect(outcome).toContainText("AI workloads: your changes are applied.");
  await expect(page.locator(":focus")).toContainText("Saved");

  const ai = (await pricings(accounts.owner.upn, production.subscriptionId)).find((pricing) => pricing.name === "AI");
  expect(ai?.properties.pricingTier).toBe("Standard");
  expect(ai?.properties.extensions?.find((extension) => extension.name === "AIPromptEvidence")?.isEnabled).toBe("True");
});

test("errors are read out at once: a failed Save lands in the assertive live region", async ({ page }) => {
  const production = subscriptionNamed("Contoso Production");
  await signIn(page, accounts.owner, `/defender/environment-settings/${production.tenantId}/${production.subscriptionId}`);
  await injectFault(
    { method: "PUT" },
    { kind: "status", status: 500, code: "InternalServerError", message: "The service hit an unexpected error." },
  );
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some changes were not saved" })).toContainText(
    "The service hit an unexpected error (code InternalServerError",
  );
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toHaveCount(0);
});

test("many subscriptions at once by keyboard alone: select, review, run and read the report", async ({ page }) => {
  const production = subscriptionNamed("Contoso Production");
  await signIn(page, accounts.owner, "/defender/environment-settings");
  const tree = page.getByRole("treegrid", { name: "Environments" });
  const row = tree.getByRole("row", { name: /^Contoso Production/ });
  await tabTo(page, tree.getByRole("row", { name: "Azure" }));
  // Down to the subscription, Space selects it; the next tab stop is the selection bar's first action.
  for (let presses = 0; presses < 10 && !(await row.evaluate((element) => element === document.activeElement)); presses++) {
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Space");
  await expect(row).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Tab");
  const enable = page.getByRole("region", { name: "Selected subscriptions" }).getByRole("link", { name: "Enable AI workloads…" });
  await expect(enable).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(heading(page, /Enable AI workloads/)).toBeVisible();

  // A component is switched off with Space, and the review follows.
  const scanner = page.getByRole("checkbox", { name: "AI Model Security" });
  await tabTo(page, scanner);
  await page.keyboard.press("Space");
  await expect(scanner).not.toBeChecked();
  const review = page.getByRole("table", { name: "What changes on each subscription" }).getByRole("row", { name: /Contoso Production/ });
  await expect(review).toContainText("AI Model Security: stays Off");
  // The requests open from the keyboard too.
  await tabTo(page, review.getByText("5 requests to Contoso Production"));
  await page.keyboard.press("Enter");
  await expect(review.locator("pre")).toBeVisible();

  await tabTo(page, page.getByRole("button", { name: "Enable AI workloads on 1 subscription" }), { backwards: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Enable AI workloads ended: 1 subscription changed, 0 failed." })).toBeVisible({
    timeout: 30_000,
  });
  await tabTo(page, page.getByRole("checkbox", { name: "Failures only" }));
  await page.keyboard.press("Space");
  await expect(page.getByRole("table", { name: "Outcome on each subscription" }).getByRole("row")).toHaveCount(1);
  const ai = (await pricings(accounts.owner.upn, production.subscriptionId)).find((pricing) => pricing.name === "AI");
  expect(ai?.properties.extensions?.find((extension) => extension.name === "AIModelScanner")?.isEnabled).toBe("False");
});
