// Takes screenshots of the main pages, to look at what we build: run `npm start` first, then
// `npx tsx scripts/screenshots.ts [baseUrl]`. Pictures go to screenshots/ (ignored by git).
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";

const baseUrl = process.argv[2] ?? "http://localhost:5173";
const out = new URL("../screenshots/", import.meta.url);
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
const shot = async (name: string) => {
  await page.waitForTimeout(500);
  await page.screenshot({ path: new URL(`${name}.png`, out).pathname, fullPage: true });
  console.log(`screenshots/${name}.png`);
};

await page.goto(baseUrl);
await shot("01-sign-in");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForLoadState("networkidle");
await shot("02-emulator-sign-in");
await page.getByRole("button", { name: /Adele Vance/ }).click();
await page.getByRole("searchbox", { name: "Search resources, services, and docs" }).fill("Defender");
await shot("03-home-search");
await page.getByRole("link", { name: "Microsoft Defender for Cloud" }).click();
await page.getByRole("link", { name: "Environment settings" }).click();
await page.getByRole("link", { name: "Contoso Production" }).waitFor();
await page.waitForLoadState("networkidle");
await shot("04-environment-settings");
await page.getByRole("link", { name: "Contoso Production" }).click();
await page.getByRole("switch", { name: "AI workloads" }).click();
await shot("05-defender-plans-staged");
await page
  .getByRole("row", { name: /AI workloads/ })
  .getByRole("link", { name: "Settings" })
  .click();
await page.getByRole("switch", { name: "Enable user prompt evidence" }).click();
await shot("06-settings-and-monitoring");
await page.getByRole("button", { name: "Continue" }).click();
await page.getByRole("button", { name: "Save" }).click();
await page.getByText("Saved", { exact: true }).waitFor();
await shot("07-saved");
await page.goto(`${baseUrl}/defender/environment-settings`);
await page.getByRole("link", { name: "Contoso Sandbox" }).click();
await page.getByText("Defender for Cloud isn't enabled on this subscription").waitFor();
await shot("08-not-registered");
await browser.close();
