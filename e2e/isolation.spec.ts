import { accounts, emulatorUrl, expect, injectFault, signIn, subscriptionNamed, test } from "./support";

const production = subscriptionNamed("Contoso Production");
const plansPath = `/defender/environment-settings/${production.tenantId}/${production.subscriptionId}`;

test("a change one account staged and did not save is never shown to the next account in the same tab", async ({ page }) => {
  await signIn(page, accounts.owner, plansPath);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeChecked();
  await expect(page.getByRole("button", { name: "Save" })).toBeEnabled();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  await signIn(page, accounts.securityAdmin, plansPath);
  await expect(page.getByRole("group", { name: "Signed-in account" })).toContainText(accounts.securityAdmin.upn);
  await expect(page.getByRole("switch", { name: "AI workloads" })).not.toBeChecked();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();

  // Nor does it come back for the account that staged it: signing out ended that session's changes.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, accounts.owner, plansPath);
  await expect(page.getByRole("switch", { name: "AI workloads" })).not.toBeChecked();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
});

test("a nextLink to another site is refused: no request reaches it and the page says why", async ({ page }) => {
  const attacker = "https://attacker.example";
  const reached: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(attacker)) reached.push(request.url());
  });
  await page.route(`${attacker}/**`, (route) => route.fulfill({ json: { value: [] } }));
  // Without Resource Graph the page lists each directory's subscriptions from ARM, following nextLink;
  // the home directory's list answers with one subscription and a nextLink elsewhere.
  await injectFault({ method: "POST", path: "/providers/Microsoft.ResourceGraph/resources" }, { kind: "status", status: 403 }, 10);
  await injectFault(
    { method: "GET", path: "/subscriptions" },
    {
      kind: "body",
      contentType: "application/json",
      body: JSON.stringify({
        value: [
          {
            id: `/subscriptions/${production.subscriptionId}`,
            subscriptionId: production.subscriptionId,
            tenantId: production.tenantId,
            displayName: production.displayName,
            state: "Enabled",
          },
        ],
        nextLink: `${attacker}/subscriptions?api-version=2022-12-01&%24skiptoken=2`,
      }),
    },
  );

  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByText("Request to another site blocked")).toBeVisible();
  await expect(page.getByText(/pointed to https:\/\/attacker\.example.*your access token did not leave the app/)).toBeVisible();
  expect(reached).toEqual([]);
});

test("the app cannot be framed by another site, and is served with nosniff and no referrer", async ({ request }) => {
  const app = await request.get("/");
  expect(app.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(app.headers()["x-content-type-options"]).toBe("nosniff");
  expect(app.headers()["referrer-policy"]).toBe("no-referrer");
  // MSAL's redirect bridge runs in the app's own hidden iframe during silent renewal: only the app may frame it.
  const bridge = await request.get("/redirect.html");
  expect(bridge.headers()["content-security-policy"]).toContain("frame-ancestors 'self'");
});

test("the page and config.json are checked with the server on every load; scripts, named by their content, are kept without asking", async ({
  request,
}) => {
  expect((await request.get("/config.json")).headers()["cache-control"]).toBe("no-cache");
  const page = await request.get("/defender/environment-settings");
  expect(page.headers()["cache-control"]).toBe("no-cache");
  const entry = /<script type="module" crossorigin src="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  expect(entry).toMatch(/^\/assets\/app-[\w-]+\.js$/);
  expect((await request.get(entry)).headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
});

test("the sign-in page names the exact sign-in and ARM endpoints tokens go to", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("main")).toContainText(`${emulatorUrl}/organizations`);
  await expect(page.getByText("Azure Resource Manager")).toBeVisible();
  await expect(page.getByText(emulatorUrl, { exact: true })).toBeVisible();
  await expect(page.getByText(/Connected to the local Azure emulator/)).toBeVisible();
});
