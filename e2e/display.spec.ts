import type { Page } from "@playwright/test";
import { accounts, expect, signIn, stagePromptEvidence, subscriptionNamed, test } from "./support";
import { axeViolations } from "./axe";

/** The page's own background, as the user sees it behind the content. */
const background = (page: Page) =>
  page.getByRole("main").evaluate((element) => getComputedStyle(element.parentElement ?? element).backgroundColor);
/** Perceived lightness of an rgb() colour, 0 (black) to 255 (white). */
const lightness = (rgb: string) => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b;
};

test("the theme follows the system, can be switched in the top bar, and is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByRole("link", { name: "Contoso Production" })).toBeVisible();
  expect(lightness(await background(page))).toBeLessThan(80);
  expect(await axeViolations(page), "dark theme").toEqual([]);

  await page.getByRole("button", { name: "Theme: System" }).click();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  expect(lightness(await background(page))).toBeGreaterThan(200);
  await page.reload();
  await expect(page.getByRole("button", { name: "Theme: Light" })).toBeVisible();
  expect(lightness(await background(page))).toBeGreaterThan(200);

  await page.getByRole("button", { name: "Theme: Light" }).click();
  await page.getByRole("menuitemradio", { name: "High contrast" }).click();
  await expect(page.getByRole("button", { name: "Theme: High contrast" })).toBeVisible();
  expect(lightness(await background(page))).toBeLessThan(40);
  expect(await axeViolations(page), "high contrast").toEqual([]);
});

const production = subscriptionNamed("Contoso Production");

test("in a dark system theme the page is dark from its first frame: the sign-in page, back from Entra ID, a plans page opened", async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: "dark" });
  // Before each frame is drawn: what the user sees behind the content. That is the first background
  // drawn behind the page's main landmark once the app has rendered, and the browser's empty page
  // (its canvas) where nothing is drawn, as before the app renders.
  await page.addInitScript(() => {
    const seen: Array<{ at: number; background: string }> = [];
    (window as unknown as { frames_: typeof seen }).frames_ = seen;
    const canvas = () => {
      const probe = document.createElement("div");
      probe.style.background = "Canvas";
      document.documentElement.append(probe);
      const background = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return background;
    };
    const behind = (element: Element | null): string => {
      for (let at = element; at; at = at.parentElement) {
        const background = getComputedStyle(at).backgroundColor;
        if (background !== "rgba(0, 0, 0, 0)") return background;
      }
      return canvas();
    };
    const sample = () => {
      const main = document.querySelector("main");
      seen.push({ at: Math.round(performance.now()), background: behind(main) });
      if (!main) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  const framesOf = async () => {
    const frames = await page.evaluate(() => (window as unknown as { frames_: Array<{ at: number; background: string }> }).frames_);
    expect(frames.length).toBeGreaterThan(0);
    return frames.filter((frame) => lightness(frame.background) >= 80);
  };

  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await framesOf(), "sign-in page").toEqual([]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: new RegExp(accounts.owner.name) }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(await framesOf(), "back from signing in").toEqual([]);
  await page.goto(`/defender/environment-settings/${production.tenantId}/${production.subscriptionId}`);
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible();
  expect(await framesOf(), "a plans page opened").toEqual([]);
});

test("Security alerts and an alert's details in the dark and high-contrast themes", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const research = subscriptionNamed("Contoso AI Research");
  await signIn(page, accounts.owner, `/defender/security-alerts?subscription=${research.subscriptionId}`);
  const alerts = page.getByRole("table", { name: "Security alerts" });
  await expect(alerts).toBeVisible();
  expect(lightness(await background(page))).toBeLessThan(80);
  // The open pane is modal: the page behind it is hidden from assistive technology while axe checks the pane.
  await alerts.getByRole("button").first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await axeViolations(page), "dark theme").toEqual([]);
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

  await page.getByRole("button", { name: "Theme: System" }).click();
  await page.getByRole("menuitemradio", { name: "High contrast" }).click();
  expect(lightness(await background(page))).toBeLessThan(40);
  await alerts.getByRole("button").first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await axeViolations(page), "high contrast").toEqual([]);
});

/** Nothing on the page is wider than the window: no sideways scrolling. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test.describe("on a phone, 390 px wide", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("every page fits the width, the menu collapses into a button, and the procedure completes", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    expect(await fitsWidth(page), "sign-in").toBe(true);
    await signIn(page, accounts.owner);
    expect(await fitsWidth(page), "home").toBe(true);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();

    await page.getByRole("searchbox", { name: "Search resources, services, and docs" }).fill("Defender");
    await page.getByRole("link", { name: "Microsoft Defender for Cloud" }).click();
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("link", { name: "Environment settings" })).toBeHidden();
    expect(await fitsWidth(page), "Defender for Cloud").toBe(true);
    await menu.click();
    await page.getByRole("link", { name: "Environment settings" }).click();

    await expect(page.getByRole("link", { name: "Contoso Production" })).toBeVisible();
    expect(await fitsWidth(page), "environment settings").toBe(true);
    expect(await axeViolations(page), "environment settings at 390 px").toEqual([]);
    await page.getByRole("link", { name: "Contoso Production" }).click();

    await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible();
    expect(await fitsWidth(page), "Defender plans").toBe(true);
    await page.getByRole("switch", { name: "AI workloads" }).click();
    await stagePromptEvidence(page);
    expect(await fitsWidth(page), "back on Defender plans").toBe(true);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved", { exact: true })).toBeVisible();
    // The Save's notification adds an unread count to the top bar, which still fits.
    await expect(page.getByRole("button", { name: "Notifications, 1 new" })).toBeInViewport();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
    expect(await fitsWidth(page), "saved, with a notification").toBe(true);
    expect(await axeViolations(page), "plans at 390 px").toEqual([]);
  });

  test("Settings & monitoring fits the width", async ({ page }) => {
    await signIn(page, accounts.owner, "/defender/environment-settings");
    await openDefenderPlansFromList(page);
    await page
      .getByRole("row", { name: /AI workloads/ })
      .getByRole("link", { name: /Settings/ })
      .click();
    await expect(page.getByRole("heading", { name: "Settings & monitoring" })).toBeVisible();
    expect(await fitsWidth(page)).toBe(true);
  });
});

// A 1280 × 800 window at 200 % zoom lays out like a 640 × 400 one with twice the pixels.
test.describe("at 200 % zoom of a 1280 px window", () => {
  test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });

  test("Environment settings, Defender plans and Settings fit the width", async ({ page }) => {
    await signIn(page, accounts.owner, "/defender/environment-settings");
    await expect(page.getByRole("link", { name: "Contoso Production" })).toBeVisible();
    expect(await fitsWidth(page), "environment settings").toBe(true);
    await page.getByRole("link", { name: "Contoso Production" }).click();
    await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible();
    expect(await fitsWidth(page), "Defender plans").toBe(true);
    await page.getByRole("switch", { name: "AI workloads" }).click();
    await stagePromptEvidence(page);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Saved", { exact: true })).toBeVisible();
    expect(await fitsWidth(page), "saved").toBe(true);
  });

  test("Security alerts and an alert's details fit the width", async ({ page }) => {
    await signIn(page, accounts.owner, "/defender/security-alerts");
    const alerts = page.getByRole("table", { name: "Security alerts" });
    await expect(alerts.getByRole("button").first()).toBeVisible();
    expect(await fitsWidth(page), "security alerts").toBe(true);
    await alerts.getByRole("button").first().click();
    await expect(page.getByRole("dialog").getByRole("heading", { name: "Supporting evidence" })).toBeVisible();
    expect(await fitsWidth(page), "details").toBe(true);
    expect(await axeViolations(page), "details at 200 %").toEqual([]);
  });
});

async function openDefenderPlansFromList(page: Page) {
  await page.getByRole("link", { name: subscriptionNamed("Contoso AI Research").displayName }).click();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeVisible();
}
