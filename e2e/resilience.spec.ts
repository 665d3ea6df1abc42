import { accounts, expect, pricings, putPricing, signIn, subscriptionNamed, test } from "./support";

const research = subscriptionNamed("Contoso AI Research");
const aiOf = async (subscriptionId: string) => (await pricings(accounts.owner.upn, subscriptionId)).find((pricing) => pricing.name === "AI");
const states = (pricing: Awaited<ReturnType<typeof aiOf>>) =>
  Object.fromEntries((pricing?.properties.extensions ?? []).map((extension) => [extension.name, extension.isEnabled]));

test("a setting another client switched on after the page loaded stays on when the user saves", async ({ page }) => {
  await putPricing(accounts.owner.upn, research.subscriptionId, "AI", {
    pricingTier: "Standard",
    extensions: [{ name: "AIPromptSharingWithPurview", isEnabled: "False" }],
  });

  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("link", { name: research.displayName }).click();
  await page.getByRole("row", { name: /AI workloads/ }).getByRole("link", { name: "Settings" }).click();
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
