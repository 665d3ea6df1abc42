import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { csvRows } from "./csv";
import { accounts, appConfigFor, armRequest, control, expect, populationEmulatorUrl, type PricingBody, signIn, test } from "./support";

// Runs over the second emulator's generated population of 50 subscriptions (Adele sees them all:
// some Disabled, some without Defender for Cloud, plans and components on and off at random).

const base = populationEmulatorUrl;
type Target = { tenantId: string; subscriptionId: string; name: string };
/** What the review asks by default: prompt evidence and AI model security on, data security off. */
const asked = ["Standard", "AIPromptEvidence=True", "AIPromptSharingWithPurview=False", "AIModelScanner=True"];
const labels: Record<string, string> = {
  AIPromptEvidence: "User prompt evidence",
  AIPromptSharingWithPurview: "Data security for AI interactions",
  AIModelScanner: "AI Model Security",
};

test.beforeEach(async ({ page }) => {
  await control("POST", "reset", undefined, base);
  await page.route("**/config.json", (route) => route.fulfill({ json: appConfigFor(base) }));
});

/** Selects every subscription, opens the review of Enable AI workloads and waits until each is read; the subscriptions selected. */
async function reviewAll(page: Page): Promise<Target[]> {
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("button", { name: /^Select all \d+$/ }).click();
  await page.getByRole("region", { name: "Selected subscriptions" }).getByRole("link", { name: "Enable AI workloads…" }).click();
  await expect(page.getByText(/will change, \d+ already as asked, \d+ can't be changed\.$/)).toBeVisible({ timeout: 60_000 });
  const targets = await page.evaluate(
    () =>
      Object.values(
        (JSON.parse(sessionStorage.getItem("defender-ai.selection") ?? "{}") as { selected?: object }).selected ?? {},
      ) as Target[],
  );
  expect(targets.length).toBeGreaterThanOrEqual(45);
  return targets;
}

/** Every plan of a subscription as ARM holds it (none without Defender for Cloud), read as its Owner. */
async function plansOf(target: Target): Promise<PricingBody[]> {
  const path = `/subscriptions/${target.subscriptionId}/providers/Microsoft.Security/pricings?api-version=2024-01-01`;
  const { status, body } = await armRequest(accounts.owner.upn, "GET", path, undefined, { base, tenantId: target.tenantId });
  if (status === 404) return [];
  expect(status, `${target.name}: plans read`).toBe(200);
  return (body as { value: PricingBody[] }).value;
}

async function plansOfAll(targets: Target[]) {
  return new Map(await Promise.all(targets.map(async (target) => [target.subscriptionId.toLowerCase(), await plansOf(target)] as const)));
}

/** A plan's tier and each component on or off: what a write can change. */
const stateOf = (pricing: PricingBody | undefined) =>
  pricing
    ? [
        pricing.properties.pricingTier,
        ...(pricing.properties.extensions ?? []).map((extension) => `${extension.name}=${extension.isEnabled}`),
      ]
    : [];
const otherPlans = (plans: PricingBody[]) => plans.filter((plan) => plan.name !== "AI").map((plan) => [plan.name, ...stateOf(plan)]);
const aiOf = (plans: PricingBody[]) => plans.find((plan) => plan.name === "AI");

/** The report's CSV, by lower-cased subscription id: outcome, the AI plan and components as reported, error. */
async function downloadReport(page: Page) {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download report (CSV)" }).click();
  const [, ...rows] = csvRows(readFileSync(await (await download).path(), "utf8"));
  return new Map(
    rows.map(([, id = "", , outcome = "", ai = "", components = "", error = ""]) => [id.toLowerCase(), { outcome, ai, components, error }]),
  );
}

test("chaos over 50 subscriptions: with one ARM call in five failing, each ends as asked or is reported failed with what ARM holds", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const targets = await reviewAll(page);
  const before = await plansOfAll(targets);
  await control("POST", "chaos", { rate: 0.2, seed: 20261126, match: { service: "arm" } }, base);
  await page.getByRole("button", { name: /^Enable AI workloads on \d+ subscriptions$/ }).click();
  const ended = page.getByRole("status").filter({ hasText: /^Enable AI workloads ended:/ });
  await expect(ended).toBeVisible({ timeout: 240_000 });
  const chaos = (await control("DELETE", "chaos", undefined, base)) as { injected: number };
  expect(chaos.injected, "the chaos failed calls").toBeGreaterThan(10);

  const report = await downloadReport(page);
  const after = await plansOfAll(targets);
  let changed = 0;
  let failed = 0;
  for (const target of targets) {
    const id = target.subscriptionId.toLowerCase();
    const row = report.get(id);
    const where = `${target.name} (${row?.outcome ?? "not in the report"})`;
    const was = before.get(id) ?? [];
    const now = after.get(id) ?? [];
    expect(otherPlans(now), `${where}: nothing the user did not choose changed`).toEqual(otherPlans(was));
    if (row?.outcome === "Changed") {
      changed++;
      expect(stateOf(aiOf(now)), where).toEqual(asked);
    } else if (row?.outcome.startsWith("Skipped")) {
      expect(stateOf(aiOf(now)), where).toEqual(stateOf(aiOf(was)));
    } else {
      expect(row?.outcome, where).toMatch(/^(Failed|Changed, but a component failed)$/);
      failed++;
      expect(row?.error, `${where}: says why`).not.toBe("");
      // What the report says ARM holds is what it holds: the plan is read back after a failure.
      const ai = aiOf(now);
      const held = ai
        ? `${ai.properties.pricingTier === "Free" ? "Off" : "On"} | ${(ai.properties.extensions ?? [])
            .map((extension) => `${labels[extension.name] ?? extension.name}: ${extension.isEnabled === "True" ? "On" : "Off"}`)
            .join("; ")}`
        : "";
      if (row?.ai) expect(`${row.ai} | ${row.components}`, where).toBe(held);
    }
  }
  expect(changed, "some subscriptions were changed").toBeGreaterThan(0);
  expect(failed, "some failed under chaos").toBeGreaterThan(0);
  await expect(ended).toContainText(new RegExp(`ended: ${String(changed)} subscriptions? changed, ${String(failed)} failed`));
});

test("cancel over 50 subscriptions: those under way are finished, the others are reported not started and left as they were", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const targets = await reviewAll(page);
  const before = await plansOfAll(targets);
  // Slow writes, so that most subscriptions have not started when the user cancels.
  await control("POST", "faults", { match: { method: "PUT" }, fault: { kind: "latency", ms: 1000 }, count: 200 }, base);
  await page.getByRole("button", { name: /^Enable AI workloads on \d+ subscriptions$/ }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: /^Enable AI workloads ended: \d+ subscriptions? changed, 0 failed, [1-9]\d* not started \(cancelled\)/ }),
  ).toBeVisible({ timeout: 60_000 });

  const report = await downloadReport(page);
  const after = await plansOfAll(targets);
  const outcomes = new Map<string, number>();
  for (const target of targets) {
    const id = target.subscriptionId.toLowerCase();
    const outcome = report.get(id)?.outcome ?? "";
    outcomes.set(outcome.replace(/^Skipped: .*/, "Skipped"), (outcomes.get(outcome.replace(/^Skipped: .*/, "Skipped")) ?? 0) + 1);
    const ai = stateOf(aiOf(after.get(id) ?? []));
    // Never half-written: exactly as asked, or exactly as before.
    if (outcome === "Changed") expect(ai, target.name).toEqual(asked);
    else expect(ai, `${target.name} (${outcome})`).toEqual(stateOf(aiOf(before.get(id) ?? [])));
  }
  expect([...outcomes.keys()].sort()).toEqual(["Changed", "Not started: the run was cancelled", "Skipped"]);
  expect(outcomes.get("Not started: the run was cancelled"), "most had not started").toBeGreaterThan(targets.length / 2);
});
