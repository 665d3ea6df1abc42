import { axeViolations } from "./axe";
import { accounts, expect, injectFault, signIn, stagePromptEvidence, subscriptionNamed, test } from "./support";

const plansPath = (name: string) => {
  const subscription = subscriptionNamed(name);
  return `/defender/environment-settings/${subscription.tenantId}/${subscription.subscriptionId}`;
};

test("signed out, home, menu and environment settings have no WCAG 2.2 AA violation", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await axeViolations(page), "signed out").toEqual([]);

  await signIn(page, accounts.owner);
  await page.getByRole("searchbox", { name: "Search resources, services, and docs" }).fill("Defender");
  await expect(page.getByRole("link", { name: "Microsoft Defender for Cloud" })).toBeVisible();
  expect(await axeViolations(page), "home with results").toEqual([]);

  await page.getByRole("link", { name: "Microsoft Defender for Cloud" }).click();
  await expect(page.getByRole("navigation", { name: "Microsoft Defender for Cloud" })).toBeVisible();
  expect(await axeViolations(page), "Defender menu").toEqual([]);

  await page.getByRole("link", { name: "Environment settings" }).click();
  await expect(page.getByRole("link", { name: "Contoso Production" })).toBeVisible();
  expect(await axeViolations(page), "environment settings").toEqual([]);
});

test("Defender plans, a staged change, a partial failure and Settings have no WCAG 2.2 AA violation", async ({ page }) => {
  await signIn(page, accounts.securityAdmin, plansPath("Contoso Production"));
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeEnabled();
  expect(await axeViolations(page), "plans").toEqual([]);

  await page.getByRole("switch", { name: "AI workloads" }).click();
  await stagePromptEvidence(page);
  expect(await axeViolations(page), "plans with a staged change").toEqual([]);
  await page.getByRole("button", { name: "Discard changes" }).click();
  // The Security Admin cannot assign roles: switching AI on alone makes AI Model Security fail.
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved, but some components failed", { exact: true })).toBeVisible();
  expect(await axeViolations(page), "partial failure").toEqual([]);

  await page
    .getByRole("row", { name: /AI workloads/ })
    .getByRole("link", { name: /Settings/ })
    .click();
  await expect(page.getByRole("heading", { name: "Settings & monitoring" })).toBeVisible();
  expect(await axeViolations(page), "settings").toEqual([]);
});

test("read-only, unregistered and disabled subscriptions have no WCAG 2.2 AA violation", async ({ page }) => {
  await signIn(page, accounts.reader, plansPath("Contoso Production"));
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeDisabled();
  expect(await axeViolations(page), "reader").toEqual([]);

  await page.goto(plansPath("Contoso Sandbox"));
  await expect(page.getByText("Defender for Cloud isn't enabled on this subscription")).toBeVisible();
  expect(await axeViolations(page), "unregistered").toEqual([]);

  await page.goto(plansPath("Contoso Legacy"));
  await expect(page.getByText(/This subscription is Disabled/)).toBeVisible();
  expect(await axeViolations(page), "disabled").toEqual([]);
});

test("saved, a failed Save and a page that could not load have no WCAG 2.2 AA violation", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath("Contoso Production"));
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  expect(await axeViolations(page), "saved").toEqual([]);

  await injectFault({ method: "PUT", path: "/**/pricings/AI" }, { kind: "status", status: 500, code: "InternalServerError" }, 1);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Some changes were not saved", { exact: true })).toBeVisible();
  expect(await axeViolations(page), "failed Save").toEqual([]);

  // The plans cannot be read: 503 past the retry bound. The region shows the error and a Retry.
  const research = subscriptionNamed("Contoso AI Research").subscriptionId;
  await injectFault(
    { method: "GET", path: `/subscriptions/${research}/providers/Microsoft.Security/pricings` },
    { kind: "status", status: 503, retryAfterSeconds: 1 },
    4,
  );
  await page.goto(plansPath("Contoso AI Research"));
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
  expect(await axeViolations(page), "error").toEqual([]);
});
