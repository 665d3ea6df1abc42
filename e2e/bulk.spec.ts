import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { accounts, emulatorUrl, expect, injectFault, pricings, signIn, subscriptionNamed, test } from "./support";

const research = subscriptionNamed("Contoso AI Research");
const production = subscriptionNamed("Contoso Production");
const fabrikam = subscriptionNamed("Fabrikam Shared Services");

/** Selects every subscription that matches `search` in Environment settings. */
async function selectMatching(page: Page, search: string) {
  await page.getByRole("searchbox", { name: "Search by name" }).fill(search);
  await page.getByRole("button", { name: /^Select all \d+ that match$/ }).click();
  await page.getByRole("searchbox", { name: "Search by name" }).fill("");
}

/** The review's or the report's row of a subscription. */
const rowOf = (page: Page, table: string, name: string) =>
  page.getByRole("table", { name: table }).getByRole("row", { name: new RegExp(name) });

test("subscriptions are selected one by one, by management group and by filter, and the count stays in view", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  const tree = page.getByRole("treegrid", { name: "Environments" });
  const bar = page.getByRole("region", { name: "Selected subscriptions" });
  await expect(bar).toContainText("No subscriptions selected");
  await expect(bar.getByRole("button", { name: "Enable AI workloads…" })).toBeDisabled();

  // Space on a management group selects every subscription below it, in groups below it too.
  const productionGroup = tree.getByRole("row", { name: "Production (2 of 2 subscriptions)" });
  await productionGroup.focus();
  await page.keyboard.press("Space");
  await expect(productionGroup).toHaveAttribute("aria-selected", "true");
  const research = tree.getByRole("row", { name: /Contoso AI Research/ });
  const production = tree.getByRole("row", { name: /^Contoso Production/ });
  await expect(research).toHaveAttribute("aria-selected", "true");
  await expect(production).toHaveAttribute("aria-selected", "true");
  await expect(bar).toContainText("2 subscriptions selected");
  await expect(productionGroup, "Space selects; focus stays on the row").toBeFocused();

  // A click on a subscription's box unselects it; the group above is then only partly selected.
  await production.locator('input[type="checkbox"]').click();
  await expect(production).toHaveAttribute("aria-selected", "false");
  await expect(productionGroup).toHaveAttribute("aria-selected", "false");
  await expect(productionGroup.locator('input[type="checkbox"]')).toHaveJSProperty("indeterminate", true);
  await expect(bar).toContainText("1 subscription selected");
  await expect(productionGroup, "the box does not open or close the group").toHaveAttribute("aria-expanded", "true");

  // "Select all that match" adds what the filter shows to what is selected.
  await page.getByRole("searchbox", { name: "Search by name" }).fill("legacy");
  await page.getByRole("button", { name: "Select all 1 that match" }).click();
  await expect(bar).toContainText("2 subscriptions selected");

  // The selection outlives a reload, and goes with Clear selection.
  await page.reload();
  await expect(bar).toContainText("2 subscriptions selected");
  await expect(bar.getByRole("link", { name: "Enable AI workloads…" })).toBeVisible();
  await bar.getByRole("button", { name: "Clear selection" }).click();
  await expect(bar).toContainText("No subscriptions selected");
  await expect(tree.getByRole("row", { name: /Contoso Legacy/ })).toHaveAttribute("aria-selected", "false");
});

test("enable on many subscriptions: review per subscription, run, report, CSV and retry of what failed", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("button", { name: "Select all 5" }).click();
  await page.getByRole("region", { name: "Selected subscriptions" }).getByRole("link", { name: "Enable AI workloads…" }).click();
  await expect(page.getByRole("heading", { name: /Enable AI workloads/ })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Enable user prompt evidence" })).toBeChecked();
  await expect(page.getByText("3 subscriptions will change, 0 already as asked, 2 can't be changed.")).toBeVisible();

  const review = "What changes on each subscription";
  await expect(rowOf(page, review, production.displayName)).toContainText("AI workloads: Off → On");
  await expect(rowOf(page, review, production.displayName)).toContainText("User prompt evidence: Off → On");
  await expect(rowOf(page, review, production.displayName)).toContainText("Free trial: 30 days left");
  // A component someone switched on, and not chosen here, is shown being switched off: nothing is switched off unseen.
  await expect(rowOf(page, review, research.displayName)).toContainText("Data security for AI interactions: On → Off");
  await expect(rowOf(page, review, "Contoso Legacy")).toContainText("Can't be changed: The subscription is Disabled");
  await expect(rowOf(page, review, "Contoso Sandbox")).toContainText("Microsoft.Security resource provider is not registered");
  // Choosing it too makes it stay on.
  await page.getByRole("checkbox", { name: "Enable data security for AI interactions" }).click();
  await expect(rowOf(page, review, research.displayName)).toContainText("Data security for AI interactions: stays On");

  // The exact requests, for any subscription: tier first, then the full component list.
  await rowOf(page, review, production.displayName).getByText("5 requests to Contoso Production").click();
  const requests = rowOf(page, review, production.displayName).locator("pre");
  await expect(requests).toContainText(
    `PUT ${emulatorUrl}/subscriptions/${production.subscriptionId}/providers/Microsoft.Security/pricings/AI?api-version=2026-07-01`,
  );
  await expect(requests).toContainText('"name": "AIPromptEvidence",\n          "isEnabled": "True"');
  expect(await axeViolations(page), "review").toEqual([]);

  // Fabrikam's write fails (once): the others go on, and the report says why, with ARM's request id.
  await injectFault({ method: "PUT", path: `/subscriptions/${fabrikam.subscriptionId}/**` }, { kind: "status", status: 500 });
  await page.getByRole("button", { name: "Enable AI workloads on 3 subscriptions" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Enable AI workloads ended: 2 subscriptions changed, 1 failed, 2 skipped." }),
  ).toBeVisible({ timeout: 30_000 });
  const report = "Outcome on each subscription";
  await expect(rowOf(page, report, production.displayName)).toContainText("Changed");
  await expect(rowOf(page, report, production.displayName)).toContainText("User prompt evidence: On");
  await expect(rowOf(page, report, fabrikam.displayName)).toContainText("Failed");
  await expect(rowOf(page, report, fabrikam.displayName)).toContainText(/Request id [0-9a-f-]{36}/);
  await expect(rowOf(page, report, "Contoso Legacy")).toContainText("Skipped: The subscription is Disabled");
  await page.getByRole("checkbox", { name: "Failures only" }).check();
  await expect(page.getByRole("table", { name: report }).getByRole("row")).toHaveCount(2);
  expect(await axeViolations(page), "report").toEqual([]);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download report (CSV)" }).click();
  const csv = readFileSync(await (await download).path(), "utf8")
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n");
  expect(csv[0]).toBe("Subscription,Subscription ID,Directory ID,Outcome,AI workloads,Components,Error,Error code,Request ID");
  expect(csv.find((line) => line.startsWith("Contoso Production,"))).toContain(
    ",Changed,On,User prompt evidence: On; Data security for AI interactions: On; AI Model Security: On,,,",
  );
  // A failed subscription is read back: the report says what ARM really holds (the write may have been applied).
  expect(csv.find((line) => line.startsWith("Fabrikam Shared Services,"))).toMatch(
    /,Failed,Off,User prompt evidence: Off; Data security for AI interactions: Off; AI Model Security: Off,.+,InternalServerError,[0-9a-f-]{36}$/,
  );

  await page.getByRole("button", { name: "Retry 1 failed subscription" }).click();
  await expect(page.getByRole("status").filter({ hasText: "ended: 3 subscriptions changed, 0 failed, 2 skipped." })).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole("checkbox", { name: "Failures only" }).uncheck();
  await expect(rowOf(page, report, fabrikam.displayName)).toContainText("Changed");
  await expect(rowOf(page, report, production.displayName), "what an earlier try did stays in the report").toContainText("Changed");

  // What ARM now holds: exactly the chosen components on; the plans nobody chose are untouched.
  const researchAi = (await pricings(accounts.owner.upn, research.subscriptionId)).find((pricing) => pricing.name === "AI");
  expect(researchAi?.properties.extensions?.map((extension) => `${extension.name}=${extension.isEnabled}`)).toEqual([
    "AIPromptEvidence=True",
    "AIPromptSharingWithPurview=True",
    "AIModelScanner=True",
  ]);
  const containers = (await pricings(accounts.owner.upn, research.subscriptionId)).find((pricing) => pricing.name === "Containers");
  expect(containers?.properties.pricingTier).toBe("Standard");
  await page.getByRole("button", { name: /Notifications/ }).click();
  await expect(page.getByText("Enable AI workloads: done", { exact: true })).toBeVisible();
});

test("a component the service fails is reported per subscription, with the service's reason", async ({ page }) => {
  await signIn(page, accounts.securityAdmin, "/defender/environment-settings");
  await selectMatching(page, "Contoso Production");
  await page.getByRole("link", { name: "Enable AI workloads…" }).click();
  await page.getByRole("button", { name: "Enable AI workloads on 1 subscription" }).click();
  const row = rowOf(page, "Outcome on each subscription", production.displayName);
  await expect(row).toContainText("Changed, but a component failed", { timeout: 30_000 });
  await expect(row).toContainText("AI Model Security failed: Failed assigning roles");
  await expect(row).toContainText("AI Model Security: Off");
  await expect(page.getByRole("button", { name: "Retry 1 failed subscription" })).toBeVisible();
});

test("a reader sees why nothing can be changed, and nothing can be run", async ({ page }) => {
  await signIn(page, accounts.reader, "/defender/environment-settings");
  await selectMatching(page, "Contoso Production");
  await page.getByRole("link", { name: "Enable AI workloads…" }).click();
  await expect(rowOf(page, "What changes on each subscription", production.displayName)).toContainText(
    "Can't be changed: You can view these plans but not change them",
  );
  await expect(page.getByRole("button", { name: "Enable AI workloads on 0 subscriptions" })).toBeDisabled();
});

test("turning off asks first and says what stops", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await selectMatching(page, "Contoso AI Research");
  await page.getByRole("link", { name: "Turn off AI workloads…" }).click();
  await expect(rowOf(page, "What changes on each subscription", research.displayName)).toContainText("AI workloads: On → Off");
  await page.getByRole("button", { name: "Turn off AI workloads on 1 subscription" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Turn off AI workloads on 1 subscription?" });
  await expect(dialog).toContainText(
    "Threat detection for AI workloads stops on these subscriptions, and no new AI alerts are raised there.",
  );
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(
    (await pricings(accounts.owner.upn, research.subscriptionId)).find((pricing) => pricing.name === "AI")?.properties.pricingTier,
  ).toBe("Standard");

  await page.getByRole("button", { name: "Turn off AI workloads on 1 subscription" }).click();
  await dialog.getByRole("button", { name: "Turn off" }).click();
  await expect(rowOf(page, "Outcome on each subscription", research.displayName)).toContainText("AI workloads: Off", { timeout: 30_000 });
  expect(
    (await pricings(accounts.owner.upn, research.subscriptionId)).find((pricing) => pricing.name === "AI")?.properties.pricingTier,
  ).toBe("Free");
});

test("a run survives a reload and resumes where it was; cancel finishes what is under way", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await selectMatching(page, "Contoso");
  await page.getByRole("link", { name: "Enable AI workloads…" }).click();
  // Slow writes, so that the reload comes mid-run.
  await injectFault({ method: "PUT" }, { kind: "latency", ms: 1500 }, 20);
  await page.getByRole("button", { name: "Enable AI workloads on 2 subscriptions" }).click();
  await expect(page.getByText(/^Enable AI workloads: 0 of 2 done/)).toBeVisible();
  await page.reload();
  await expect(
    page.getByRole("status").filter({ hasText: "Enable AI workloads ended: 2 subscriptions changed, 0 failed, 2 skipped." }),
  ).toBeVisible({
    timeout: 30_000,
  });
  for (const subscription of [production, research]) {
    const ai = (await pricings(accounts.owner.upn, subscription.subscriptionId)).find((pricing) => pricing.name === "AI");
    expect(ai?.properties.extensions?.map((extension) => `${extension.name}=${extension.isEnabled}`)).toEqual([
      "AIPromptEvidence=True",
      "AIPromptSharingWithPurview=False",
      "AIModelScanner=True",
    ]);
  }

  // Cancel: the subscriptions already being written are finished, never left half-written.
  await page.getByRole("button", { name: "New review" }).click();
  await page.goto("/defender/ai-workloads/turn-off");
  await page.getByRole("button", { name: "Turn off AI workloads on 2 subscriptions" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Turn off" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Turn off AI workloads ended: 2 subscriptions changed/ })).toBeVisible({
    timeout: 30_000,
  });
  for (const subscription of [production, research]) {
    expect(
      (await pricings(accounts.owner.upn, subscription.subscriptionId)).find((pricing) => pricing.name === "AI")?.properties.pricingTier,
    ).toBe("Free");
  }
});

test("the reviewed change exports as an Azure CLI script, Bicep, Terraform and a policy assignment", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await selectMatching(page, "Contoso");
  await page.getByRole("link", { name: "Enable AI workloads…" }).click();
  const exports = page.getByRole("region", { name: "Export instead of running" });
  const downloaded = async (button: string) => {
    const download = page.waitForEvent("download");
    await exports.getByRole("button", { name: button, exact: true }).click();
    const file = await download;
    return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
  };
  const script = await downloaded("Azure CLI script");
  expect(script.name).toBe("defender-ai-workloads.sh");
  // The two subscriptions that change, none of those the review skipped.
  expect(script.text.match(/^with_retries '[^']+'$/gm)).toEqual([
    `with_retries '${research.subscriptionId}'`,
    `with_retries '${production.subscriptionId}'`,
  ]);
  const pricingBicep = await downloaded("Bicep");
  expect(pricingBicep.name).toBe("defender-ai-workloads.bicep");
  expect(pricingBicep.text).toContain("targetScope = 'subscription'");
  expect(pricingBicep.text).toContain(`'${production.subscriptionId.toLowerCase()}': [`);
  expect(pricingBicep.text).not.toContain(`'${fabrikam.subscriptionId.toLowerCase()}'`);
  const terraform = await downloaded("Terraform (azapi)");
  expect(terraform.text).toContain(`resource_id = "/subscriptions/${production.subscriptionId}/providers/Microsoft.Security/pricings/AI"`);

  await expect(exports.getByRole("button", { name: "Policy assignment (Bicep)" })).toBeDisabled();
  await exports.getByRole("textbox", { name: "Management group ID" }).fill("contoso production");
  await expect(exports.getByText("Letters, digits, - _ . ( ) only, up to 90 characters.")).toBeVisible();
  await exports.getByRole("textbox", { name: "Management group ID" }).fill("contoso-production");
  const bicep = await downloaded("Policy assignment (Bicep)");
  expect(bicep.text).toContain("targetScope = 'managementGroup'");
  expect(bicep.text).toContain("359a48a3-351a-4618-bb32-f1628645694b");
  const cli = await downloaded("Policy assignment (Azure CLI)");
  expect(cli.text).toContain("--scope '/providers/Microsoft.Management/managementGroups/contoso-production'");
});

test("a subscription without Defender for Cloud is registered from the review, then reviewed again", async ({ page }) => {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await selectMatching(page, "Contoso Sandbox");
  await page.getByRole("link", { name: "Enable AI workloads…" }).click();
  const row = rowOf(page, "What changes on each subscription", "Contoso Sandbox");
  await expect(row).toContainText("Microsoft.Security resource provider is not registered");
  await row.getByRole("button", { name: "Register Microsoft.Security first" }).click();
  await expect(row).toContainText("Will change", { timeout: 30_000 });
  await expect(row).toContainText("AI workloads: Off → On");
  await expect(page.getByRole("button", { name: "Enable AI workloads on 1 subscription" })).toBeEnabled();
});

test("a row moved to by keyboard is never hidden behind the selection bar", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 560 });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  const tree = page.getByRole("treegrid", { name: "Environments" });
  const bar = page.getByRole("region", { name: "Selected subscriptions" });
  await tree.getByRole("row", { name: "Azure" }).focus();
  // Row by row down the tree: each focused row ends above the bar that covers the window's bottom.
  for (let step = 0; step < 10; step++) {
    await page.keyboard.press("ArrowDown");
    const focused = tree.locator('[role="row"]:focus');
    await expect
      .poll(
        async () => {
          const [row, cover] = await Promise.all([focused.boundingBox(), bar.boundingBox()]);
          return row && cover ? Math.round(row.y + row.height - cover.y) : NaN;
        },
        `row ${String(step + 2)} clears the bar`,
      )
      .toBeLessThanOrEqual(1);
  }
  await expect(tree.getByRole("row", { name: /Fabrikam Shared Services/ })).toBeFocused();
});
