import { accounts, emulatorUrl, expect, seed, signIn, stagePromptEvidence, subscriptionNamed, test } from "./support";

const production = subscriptionNamed("Contoso Production");

// What the app costs on the wire, where a user would notice it: round trips.

test("a repeated ARM call costs no second CORS preflight", async ({ page, context }) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const preflights: string[] = [];
  const armReads: string[] = [];
  // Preflights are not page requests: only the DevTools protocol sees them (as OPTIONS).
  cdp.on("Network.requestWillBeSent", (event: { request: { url: string; method: string } }) => {
    if (!event.request.url.startsWith(emulatorUrl) || !event.request.url.includes("api-version")) return;
    if (event.request.method === "OPTIONS") preflights.push(event.request.url);
    else if (event.request.method === "GET") armReads.push(event.request.url);
  });

  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByRole("link", { name: "Contoso Production" })).toBeVisible();
  // Playwright's request routing (the test config.json) turns the browser's caches off; the app has
  // read its config by now, so routing can end and the browser behave as it does for a user.
  await page.unrouteAll();
  const unrouted = armReads.length;
  await expect(page.getByText("Showing 5 subscriptions")).toBeVisible();
  // Every row's coverage is read after the list: wait until the reads stop.
  const settled = async () => {
    for (let count = -1; count !== armReads.length;) {
      count = armReads.length;
      await page.waitForTimeout(750);
    }
  };
  await settled();
  expect(preflights.length).toBeGreaterThan(0);
  // The reads made while routing was on may not have had their preflights cached: a first Refresh
  // reads the URLs again with routing off. (Not always every one: a list still fresh in the query
  // cache, such as the directories, may wait for a later Refresh, and its first read with routing off
  // may then need its preflight.)
  await page.getByRole("button", { name: "Refresh" }).click();
  await settled();
  const readWithoutRouting = new Set(armReads.slice(unrouted));
  const readsBefore = armReads.length;
  const preflightsBefore = preflights.length;

  // Refresh reads the same URLs again: the browser reuses their preflights (ARM allows an hour).
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect.poll(() => armReads.slice(readsBefore).filter((url) => readWithoutRouting.has(url)).length).toBeGreaterThan(0);
  await settled();
  expect(preflights.slice(preflightsBefore).filter((url) => readWithoutRouting.has(url))).toEqual([]);
});

test("from sign-in through Environment settings to a plans page, no ARM URL is read twice", async ({ page }) => {
  // Each directory has its own token, and ARM answers per token: a read is its URL and tenant.
  const reads: string[] = [];
  const graphQueries: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(emulatorUrl) || !request.url().includes("api-version")) return;
    const read = `${request.url().slice(emulatorUrl.length)} ${tenantOf(request.headers().authorization)}`;
    if (request.method() === "GET") reads.push(read);
    if (request.method() === "POST" && request.url().includes("Microsoft.ResourceGraph")) graphQueries.push(read);
  });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await page.getByRole("link", { name: production.displayName }).click();
  await expect(page.getByRole("switch", { name: "AI workloads" })).toBeEnabled();

  const repeated = reads.filter((url, index) => reads.indexOf(url) !== index);
  expect(repeated).toEqual([]);
  // Environment settings: one Resource Graph query per directory (a page each here), no list of subscriptions.
  expect(new Set(graphQueries).size).toBe(graphQueries.length);
  expect(graphQueries).toHaveLength(seed.tenants.length);
  expect(reads.filter((url) => url.startsWith("/subscriptions?"))).toEqual([]);
  // The subscription itself came with the graph's answer: it is not read on its own.
  expect(reads.filter((url) => url.startsWith(`/subscriptions/${production.subscriptionId}?`))).toEqual([]);
  expect(
    reads.filter((url) => url.includes(`/subscriptions/${production.subscriptionId}/providers/Microsoft.Security/pricings?`)),
  ).toHaveLength(1);
});

test("from Environment settings to Security alerts, no directory's subscriptions are listed again", async ({ page }) => {
  const lists: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.url().startsWith(emulatorUrl) && request.method() === "GET" && url.pathname === "/subscriptions") lists.push(request.url());
  });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  await expect(page.getByText("Showing 5 subscriptions")).toBeVisible();
  await page.getByRole("navigation", { name: "Microsoft Defender for Cloud" }).getByRole("link", { name: "Security alerts" }).click();
  await expect(page.getByRole("table", { name: "Security alerts" })).toBeVisible();
  // Every subscription is offered, by the names Environment settings read.
  await expect(page.getByRole("combobox", { name: "Subscription" }).getByRole("option", { name: "Contoso Legacy" })).toHaveCount(1);
  expect(lists).toEqual([]);
});

test("signing in, reading every directory and reloading ask for no OpenID configuration, as against Microsoft's clouds", async ({
  page,
}) => {
  // MSAL has Microsoft's clouds' endpoints built in; the emulator's are given to it the same way.
  const discovery: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/.well-known/openid-configuration")) discovery.push(request.url());
  });
  await signIn(page, accounts.owner, "/defender/environment-settings");
  // Every directory's subscriptions, each directory read with its own token.
  await expect(page.getByText("Showing 5 subscriptions")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: production.displayName })).toBeVisible();
  expect(discovery).toEqual([]);
});

test("a Save from Free costs GET, PUT tier, GET, PUT extensions and one re-read, and no list is read again", async ({ page }) => {
  await signIn(page, accounts.owner, `/defender/environment-settings/${production.tenantId}/${production.subscriptionId}`);
  await page.getByRole("switch", { name: "AI workloads" }).click();
  await stagePromptEvidence(page);
  const calls: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(emulatorUrl) && request.url().includes("api-version")) {
      calls.push(`${request.method()} ${new URL(request.url()).pathname.replace(production.subscriptionId, "{id}")}`);
    }
  });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  // The page shows the re-read plan: AI workloads On, with prompt evidence in the outcome.
  await expect(page.getByRole("switch", { name: "AI workloads On" })).toBeChecked();
  const plan = "PUT /subscriptions/{id}/providers/Microsoft.Security/pricings/AI";
  const read = "GET /subscriptions/{id}/providers/Microsoft.Security/pricings/AI";
  expect(calls).toEqual([read, plan, read, plan, read]);
});

/** The tenant an ARM access token is for (its `tid` claim). */
function tenantOf(authorization: string | undefined): string {
  const payload = authorization?.split(".")[1];
  if (!payload) return "no token";
  return (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { tid?: string }).tid ?? "no tid";
}
