import { accounts, armRequest, control, expect, injectFault, signIn, stagePromptEvidence, subscriptionNamed, test } from "./support";

const production = subscriptionNamed("Contoso Production");
const research = subscriptionNamed("Contoso AI Research");
const graphQuery = { method: "POST", path: "/providers/Microsoft.ResourceGraph/resources" };

test("the tree follows the management groups, with how many subscriptions each holds", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  const production = page.getByRole("button", { name: "Production (2 of 2 subscriptions)" });
  await expect(production).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("button", { name: "AI (1 of 1 subscriptions)" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Non-production (1 of 1 subscriptions)" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Contoso \(4 of 4 subscriptions\)/ })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(research.displayName) })).toContainText(/4\/\d+ plans/);

  await production.click();
  await expect(production).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("link", { name: research.displayName })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Contoso Legacy" })).toBeVisible();

  // A search counts what it keeps, group by group.
  await page.getByRole("button", { name: "Expand all" }).click();
  await page.getByRole("searchbox", { name: "Search by name" }).fill("research");
  await expect(page.getByRole("button", { name: "Production (1 of 2 subscriptions)" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Non-production (0 of 1 subscriptions)" })).toHaveCount(0);
  await expect(page.getByText("Showing 1 subscription", { exact: true })).toBeVisible();
});

test("without Resource Graph, coverage is read for each subscription and the page says so", async ({ page }) => {
  await injectFault(graphQuery, { kind: "status", status: 403 }, 10);
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByText(/Azure Resource Graph could not be read for Contoso \(Permission needed\)/)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(research.displayName) })).toContainText(/4\/\d+ plans/);
  await expect(page.getByRole("row", { name: new RegExp(production.displayName) })).toContainText(/\d+\/\d+ plans/);
  await expect(page.getByRole("row", { name: /Contoso Sandbox/ })).toContainText("Defender for Cloud not enabled");
  await expect(page.getByText("Showing 5 subscriptions")).toBeVisible();
});

test("a Save shows in Environment settings at once, although Resource Graph shows it only later", async ({ page }) => {
  await control("PUT", "settings", { resourceGraphDelayMs: 600_000 });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  const row = page.getByRole("row", { name: new RegExp(production.displayName) });
  await expect(row).toContainText("Off");
  await row.getByRole("link", { name: production.displayName }).click();
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await stagePromptEvidence(page);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Microsoft Defender for Cloud | Environment settings" }).click();
  await expect(row).toContainText("On · prompt evidence on");
  // Read again, the graph still lags; what the Save read back stays.
  const reread = page.waitForResponse((response) => response.url().includes("Microsoft.ResourceGraph") && response.ok());
  await page.getByRole("button", { name: "Refresh" }).click();
  await reread;
  await expect(row).toContainText("On · prompt evidence on");
  // The graph itself still shows the plan as it was.
  const graph = await armRequest(accounts.owner.upn, "POST", "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", {
    query: `securityresources | where subscriptionId == "${production.subscriptionId}" and name == "AI" | project id, tier = tostring(properties.pricingTier)`,
  });
  expect((graph.body as { data: Array<{ tier: string }> }).data[0]?.tier).toBe("Free");
});
