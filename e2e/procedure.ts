import type { Page } from "@playwright/test";

// Steps of the documented procedure shared by the end-to-end tests and the benchmark (which runs
// outside the test runner, so this file imports nothing of it).

/** Defender plans page → AI workloads → Settings → Enable user prompt evidence On → Continue (staged, not saved). */
export async function stagePromptEvidence(page: Page) {
  await page
    .getByRole("row", { name: /AI workloads/ })
    .getByRole("link", { name: "Settings" })
    .click();
  await page.getByRole("switch", { name: "Enable user prompt evidence" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}
