import { accounts, expect, openDefenderPlans, signIn, subscriptionNamed, test } from "./support";

// Not a test: `npm run screenshots` regenerates docs/screenshots/ (linked from docs/screenshots.md)
// with each page in light, dark and at 390 px, against the emulator's seed.

const variants = [
  { name: "light", viewport: { width: 1280, height: 800 }, colorScheme: "light" },
  { name: "dark", viewport: { width: 1280, height: 800 }, colorScheme: "dark" },
  { name: "phone", viewport: { width: 390, height: 844 }, colorScheme: "light" },
] as const;

const production = subscriptionNamed("Contoso Production").displayName;

for (const variant of variants) {
  test.describe(variant.name, () => {
    test.use({ viewport: variant.viewport, colorScheme: variant.colorScheme });

    test(`every page, ${variant.name}`, async ({ page }) => {
      const shoot = async (name: string) => {
        // Spinners and transitions settle before the picture.
        await page.waitForLoadState("networkidle");
        await page.screenshot({ path: `docs/screenshots/${variant.name}-${name}.png`, fullPage: true, animations: "disabled" });
      };
      await page.goto("/");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      await shoot("1-sign-in");

      await signIn(page, accounts.owner);
      await shoot("2-home");

      await openDefenderPlans(page, production);
      await page.getByRole("switch", { name: "AI workloads" }).click();
      await shoot("4-defender-plans-unsaved");

      await page
        .getByRole("row", { name: /AI workloads/ })
        .getByRole("link", { name: "Settings" })
        .click();
      await page.getByRole("switch", { name: "Enable user prompt evidence" }).click();
      await shoot("5-settings-and-monitoring");
      await page.getByRole("button", { name: "Continue" }).click();

      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByText("Saved", { exact: true })).toBeVisible();
      await shoot("6-saved");

      await page.getByRole("link", { name: "Microsoft Defender for Cloud | Environment settings" }).click();
      await expect(page.getByRole("link", { name: production })).toBeVisible();
      // On a phone the Defender for Cloud menu is behind a button: shown open once.
      const menu = page.getByRole("button", { name: "Menu" });
      if (await menu.isVisible()) await menu.click();
      await shoot("3-environment-settings");
    });
  });
}
