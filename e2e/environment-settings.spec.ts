import { readFileSync } from "node:fs";
import {
  accounts,
  armRequest,
  control,
  expect,
  injectFault,
  putPricing,
  signIn,
  stagePromptEvidence,
  subscriptionNamed,
  test,
} from "./support";

const production = subscriptionNamed("Contoso Production");
const research = subscriptionNamed("Contoso AI Research");
const graphQuery = { method: "POST", path: "/providers/Microsoft.ResourceGraph/resources" };

test("the tree follows the management groups, with how many subscriptions each holds, and is read by keyboard", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  const tree = page.getByRole("treegrid", { name: "Environments" });
  const production = tree.getByRole("row", { name: "Production (2 of 2 subscriptions)" });
  await expect(production).toHaveAttribute("aria-expanded", "true");
  await expect(production).toHaveAttribute("aria-level", "3");
  await expect(tree.getByRole("row", { name: "AI (1 of 1 subscriptions)" })).toBeVisible();
  await expect(tree.getByRole("row", { name: "Non-production (1 of 1 subscriptions)" })).toBeVisible();
  await expect(tree.getByRole("row", { name: /Contoso \(4 of 4 subscriptions\)/ })).toBeVisible();
  await expect(tree.getByRole("row", { name: new RegExp(research.displayName) })).toContainText(/4\/\d+ plans/);

  await production.click();
  await expect(production).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("link", { name: research.displayName })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Contoso Legacy" })).toBeVisible();

  // One tab stop; arrows move row by row, → opens, ← goes back to the parent, Enter opens the plans.
  await production.focus();
  await page.keyboard.press("ArrowRight");
  await expect(production).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowRight");
  const ai = tree.getByRole("row", { name: "AI (1 of 1 subscriptions)" });
  await expect(ai).toBeFocused();
  await page.keyboard.press("ArrowDown");
  const researchRow = tree.getByRole("row", { name: new RegExp(research.displayName) });
  await expect(researchRow).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(ai).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(ai).toHaveAttribute("aria-expanded", "false");
  // End and Home go to the last and first rows; a page up or down moves a screenful, here past either end.
  await page.keyboard.press("End");
  const last = tree.getByRole("row", { name: /Fabrikam Shared Services/ });
  await expect(last).toBeFocused();
  await page.keyboard.press("PageUp");
  await expect(tree.getByRole("row", { name: "Azure" })).toBeFocused();
  await page.keyboard.press("PageDown");
  await expect(last).toBeFocused();
  await page.keyboard.press("Home");
  await expect(tree.getByRole("row", { name: "Azure" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(tree.getByRole("row", { name: "Azure" }), "the tree is one tab stop, back on the current row").toBeFocused();

  // A search counts what it keeps, group by group.
  await page.getByRole("button", { name: "Expand all" }).click();
  await page.getByRole("searchbox", { name: "Search by name" }).fill("research");
  await expect(tree.getByRole("row", { name: "Production (1 of 2 subscriptions)" })).toBeVisible();
  await expect(tree.getByRole("row", { name: /Non-production/ })).toHaveCount(0);
  await expect(page.getByText("Showing 1 subscription", { exact: true })).toBeVisible();
  await researchRow.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: /Defender plans/ })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(research.subscriptionId));
});

test("filters, counters, sorting and a CSV of what is shown", async ({ page }) => {
  await control("PUT", "settings", { resourceGraphDelayMs: 0 });
  // As the service wants it: the tier first (its defaults apply), then the component.
  await putPricing(accounts.owner.upn, production.subscriptionId, "AI", { pricingTier: "Standard" });
  await putPricing(accounts.owner.upn, production.subscriptionId, "AI", {
    pricingTier: "Standard",
    extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }],
  });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  // A counter as it reads: its label, then its value.
  const counter = (label: string) =>
    page
      .locator("dt")
      .filter({ hasText: new RegExp(`^${label}$`) })
      .locator("xpath=following-sibling::dd");
  await expect(counter("Subscriptions")).toHaveText("5");
  await expect(counter("AI workloads on")).toHaveText("2");
  await expect(counter("Prompt evidence on")).toHaveText("1");

  await page.getByRole("combobox", { name: "AI workloads" }).selectOption("On");
  await expect(counter("Subscriptions")).toHaveText("2 of 5");
  const subscriptionRows = page
    .getByRole("treegrid")
    .getByRole("row")
    .filter({ has: page.getByRole("link") });
  await expect(subscriptionRows).toHaveText([new RegExp(research.displayName), new RegExp(production.displayName)]);
  await page.getByRole("combobox", { name: "Prompt evidence" }).selectOption("On");
  await expect(subscriptionRows).toHaveCount(1);
  await expect(subscriptionRows).toContainText(production.displayName);
  await page.getByRole("button", { name: "Clear filters" }).click();

  await page.getByRole("combobox", { name: "Defender coverage" }).selectOption("Defender for Cloud not enabled");
  await expect(subscriptionRows).toHaveText([/Contoso Sandbox/]);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByRole("combobox", { name: "Directory" }).selectOption("Contoso");
  await page.getByRole("combobox", { name: "Management group" }).selectOption("Production");
  await expect(counter("Subscriptions")).toHaveText("2 of 5");
  await expect(page.getByRole("row", { name: /Fabrikam/ })).toHaveCount(0);

  // Sorting: a column header says how it sorts; names descending put Fabrikam above Contoso.
  const nameHeader = page.getByRole("columnheader", { name: "Name" });
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("treegrid").getByRole("row", { level: 2 })).toHaveText([/^Fabrikam/, /^Contoso/]);
  const aiHeader = page.getByRole("columnheader", { name: "AI workloads" });
  await aiHeader.getByRole("button").click();
  await expect(aiHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(nameHeader).toHaveAttribute("aria-sort", "none");

  await page.getByRole("combobox", { name: "Directory" }).selectOption("Contoso");
  await page.getByRole("combobox", { name: "Management group" }).selectOption("Production");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export to CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("defender-coverage.csv");
  const csv = readFileSync(await file.path(), "utf8")
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n");
  expect(csv[0]).toBe(
    "Directory,Directory ID,Management groups,Subscription,Subscription ID,State,Defender coverage,Plans on,Plans,AI workloads,Prompt evidence",
  );
  // In the tree's order: the AI group's subscription, then Production's own.
  expect(csv.slice(1)).toEqual([
    expect.stringMatching(
      new RegExp(
        `^Contoso,${research.tenantId},Production / AI,Contoso AI Research,${research.subscriptionId},Enabled,Some plans on,4,\\d+,On,Off$`,
      ),
    ),
    expect.stringMatching(
      new RegExp(
        `^Contoso,${production.tenantId},Production,Contoso Production,${production.subscriptionId},Enabled,Some plans on,\\d+,\\d+,On,On$`,
      ),
    ),
  ]);
});

test("without Resource Graph, coverage is read for each subscription and the page says so", async ({ page }) => {
  await injectFault(graphQuery, { kind: "status", status: 403 }, 10);
  // Legacy's plans answer slowly: the progress shows meanwhile.
  const legacy = subscriptionNamed("Contoso Legacy");
  await injectFault(
    { method: "GET", path: `/subscriptions/${legacy.subscriptionId}/providers/Microsoft.Security/pricings` },
    { kind: "latency", ms: 3000 },
  );
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByText(/Azure Resource Graph could not be read for Contoso \(Permission needed\)/)).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Coverage of Contoso read" })).toBeVisible();
  await expect(page.getByText("Reading the coverage of Contoso: 3 of 4 subscriptions")).toBeVisible();
  await expect(page.getByRole("row", { name: /Contoso Legacy/ })).toContainText("Reading…");
  await expect(page.getByRole("status").filter({ hasText: "Azure Resource Graph could not be read" })).toContainText(
    "Read for 4 subscriptions.",
  );
  await expect(page.getByRole("progressbar", { name: "Coverage of Contoso read" })).toHaveCount(0);
  await expect(page.getByRole("row", { name: new RegExp(research.displayName) })).toContainText(/4\/\d+ plans/);
  await expect(page.getByRole("row", { name: new RegExp(production.displayName) })).toContainText(/\d+\/\d+ plans/);
  await expect(page.getByRole("row", { name: /Contoso Sandbox/ })).toContainText("Defender for Cloud not enabled");
  await expect(page.getByText("Showing 5 subscriptions")).toBeVisible();
});

test("a directory past Resource Graph's 10,000 subscriptions is shown whole: none is left out, none shown twice", async ({ page }) => {
  // As a directory of more than 10,000 subscriptions is answered: the first ones only, and a header saying so.
  await control("PUT", "settings", { resourceGraphScopeSubscriptionLimit: 2 });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByText("Showing 5 subscriptions")).toBeVisible();
  for (const name of ["Contoso Production", "Contoso AI Research", "Contoso Sandbox", "Contoso Legacy"])
    await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(1);
  await expect(page.getByRole("row", { name: new RegExp(research.displayName) })).toContainText(/4\/\d+ plans/);
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
