import { readdirSync, readFileSync } from "node:fs";
import { chromium, request as playwrightRequest } from "@playwright/test";
import { preview } from "vite";
import { csvRows } from "../../e2e/csv";
import { launchOptions } from "../../playwright.config";
import { startEmulatorProcess } from "./emulator-process";

// `npm run bench:bulk [-- N] [--put-ms M]`: a bulk enable of AI workloads over the N (default 1,000)
// subscriptions of a generated population, through the built app in a real Chromium, against the
// emulator with ARM's limits (token buckets per subscription and principal, a pricing PUT holding the
// subscription's write lock for M ms, 409 while one is in flight). Prints the run's wall time, its
// requests by kind, 429s and 409s, the floor the limits allow, and whether any update was lost:
// afterwards every subscription must be exactly as asked, untouched where the review skipped it, or
// reported failed with a reason. Numbers only; nothing passes or fails. Needs ports 8443 and 4173.

const args = process.argv.slice(2);
const size = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 1000);
const putMsFlag = args.indexOf("--put-ms");
const putMs = putMsFlag >= 0 ? Number(args[putMsFlag + 1]) : undefined;
const appUrl = "http://localhost:4173";
const asked = { AIPromptEvidence: "True", AIPromptSharingWithPurview: "True", AIModelScanner: "True" };

type Pricing = { name: string; properties: { pricingTier: string; extensions?: Array<{ name: string; isEnabled: string }> } };
type Target = { tenantId: string; subscriptionId: string; name: string };

const emulator = await startEmulatorProcess(size, "test");
const api = await playwrightRequest.newContext({ ignoreHTTPSErrors: true, baseURL: emulator.url });
const server = await preview({ logLevel: "silent" });
const browser = await chromium.launch(launchOptions);
try {
  if (putMs !== undefined) await api.put("/__emulator/settings", { data: { putDurationMs: putMs } });
  const settings = (await (await api.get("/__emulator/settings")).json()) as {
    putDurationMs: number;
    rateLimits: {
      enabled: boolean;
      reads: { capacity: number; refillPerSecond: number };
      writes: { capacity: number; refillPerSecond: number };
    };
  };

  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${appUrl}/`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: /Adele Vance/ }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();

  // Select every subscription, then review: each is read (state, permissions, plans) before anything is written.
  await page.goto(`${appUrl}/defender/environment-settings`);
  await page.getByRole("button", { name: /^Select all [\d,]+$/ }).click({ timeout: 120_000 });
  const reviewStarted = Date.now();
  await page.getByRole("region", { name: "Selected subscriptions" }).getByRole("link", { name: "Enable AI workloads…" }).click();
  await page.getByRole("checkbox", { name: "Enable data security for AI interactions" }).check();
  const summary = page.getByText(/will change, [\d,]+ already as asked, [\d,]+ can't be changed\.$/);
  await summary.waitFor({ timeout: 300_000 });
  const reviewed = (await summary.textContent()) ?? "";
  const reviewTime = Date.now() - reviewStarted;
  const targets = await page.evaluate(() => {
    const stored = JSON.parse(sessionStorage.getItem("defender-ai.selection") ?? "{}") as { selected?: Record<string, Target> };
    return Object.values(stored.selected ?? {});
  });
  const before = await readAll(targets);

  // The run, from the click to its end, with what went over the network meanwhile: as Playwright
  // sees it anyway. (A devtools session of our own with its network domain on would cost the page a
  // sixth of its time, and it alone would show the CORS preflights.)
  const cdp = await context.newCDPSession(page);
  const requests = new Map<string, number>();
  const statuses = new Map<number, number>();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.port !== "8443") return;
    const kind = `${request.method()} ${url.pathname.replace(/^\/subscriptions\/[^/]+/i, "/subscriptions/{id}")}`;
    requests.set(kind, (requests.get(kind) ?? 0) + 1);
  });
  page.on("response", (response) => {
    if (new URL(response.url()).port === "8443") statuses.set(response.status(), (statuses.get(response.status()) ?? 0) + 1);
  });
  const start = page.getByRole("button", { name: /^Enable AI workloads on [\d,]+ subscriptions?$/ });
  const writing = Number(((await start.textContent()) ?? "").replace(/\D/g, ""));
  // The page's main-thread time (Chromium's own counters), which the run shares with drawing its progress.
  await cdp.send("Performance.enable");
  const metrics = async () => {
    const { metrics: values } = await cdp.send("Performance.getMetrics");
    return new Map(values.map((metric) => [metric.name, metric.value]));
  };
  const busyBefore = await metrics();
  const cpuBefore = cpuSeconds();
  const started = Date.now();
  await start.click();
  await page
    .getByRole("status")
    .filter({ hasText: /Enable AI workloads ended:/ })
    .waitFor({ timeout: 3_600_000 });
  const wall = Date.now() - started;
  const busyAfter = await metrics();
  const cpuAfter = cpuSeconds();
  const cpu = (who: "emulator" | "chromium" | "other") => (cpuAfter[who] - cpuBefore[who]).toFixed(1);
  const busy = (name: string) => ((busyAfter.get(name) ?? 0) - (busyBefore.get(name) ?? 0)).toFixed(1);
  const ended =
    (await page
      .getByRole("status")
      .filter({ hasText: /Enable AI workloads ended:/ })
      .textContent()) ?? "";

  // What ARM holds now, against what it held and what the report says.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download report (CSV)" }).click();
  const [, ...lines] = csvRows(readFileSync(await (await download).path(), "utf8"));
  const report = new Map(lines.map((cells) => [(cells[1] ?? "").toLowerCase(), { outcome: cells[3] ?? "", error: cells[6] ?? "" }]));
  const after = await readAll(targets);
  const lost: string[] = [];
  for (const target of targets) {
    const id = target.subscriptionId.toLowerCase();
    const row = report.get(id);
    const was = before.get(id) ?? [];
    const now = after.get(id) ?? [];
    const others = (pricings: Pricing[]) => JSON.stringify(pricings.filter((pricing) => pricing.name !== "AI").map(comparable));
    const ai = (pricings: Pricing[]) => JSON.stringify(comparable(pricings.find((pricing) => pricing.name === "AI"))?.slice(1));
    const askedAi = JSON.stringify([
      "Standard",
      Object.entries(asked)
        .map(([name, isEnabled]) => `${name}=${isEnabled}`)
        .sort(),
    ]);
    if (!row) lost.push(`${target.name}: not in the report`);
    else if (others(was) !== others(now)) lost.push(`${target.name}: another plan changed`);
    else if (row.outcome === "Changed" || row.outcome === "Already as asked") {
      if (ai(now) !== askedAi) lost.push(`${target.name}: reported ${row.outcome} but holds ${ai(now)}`);
    } else if (row.outcome.startsWith("Skipped")) {
      if (ai(now) !== ai(was)) lost.push(`${target.name}: skipped but changed`);
    } else if (!row.error) lost.push(`${target.name}: ${row.outcome} without a reason`);
  }

  // The floor: the least time the limits allow. Each subscription is written by two PUTs, one after
  // the other (tier, then the component list), each holding its write lock for putDurationMs; the
  // buckets are per subscription, so subscriptions do not wait on each other, and a subscription's
  // 2 writes and 3 reads are far below its buckets. The limits alone allow every subscription at once.
  const writesPerSubscription = 2;
  const bucketWait = (needed: number, bucket: { capacity: number; refillPerSecond: number }) =>
    settings.rateLimits.enabled ? (Math.max(0, needed - bucket.capacity) / bucket.refillPerSecond) * 1000 : 0;
  const floor = writesPerSubscription * settings.putDurationMs + bucketWait(writesPerSubscription, settings.rateLimits.writes);
  const count = (pattern: RegExp) => [...requests].filter(([kind]) => pattern.test(kind)).reduce((sum, [, n]) => sum + n, 0);

  console.log(`\nBulk enable of AI workloads (built app, emulator in its own process, Chromium)\n`);
  console.log(
    `| Subscriptions | ${size.toLocaleString("en")} generated; ${String(targets.length)} selected; review in ${(reviewTime / 1000).toFixed(1)} s: ${reviewed} |`,
  );
  console.log("| --- | --- |");
  console.log(`| Written | ${writing.toLocaleString("en")} subscriptions; ${ended.trim()} |`);
  console.log(
    `| Limits | pricing PUT ${String(settings.putDurationMs)} ms; writes ${String(settings.rateLimits.writes.capacity)} + ${String(settings.rateLimits.writes.refillPerSecond)}/s, reads ${String(settings.rateLimits.reads.capacity)} + ${String(settings.rateLimits.reads.refillPerSecond)}/s per subscription and principal |`,
  );
  console.log(`| Wall time | ${(wall / 1000).toFixed(1)} s (${(writing / (wall / 1000)).toFixed(1)} subscriptions/s) |`);
  console.log(
    `| Page main thread | busy ${busy("TaskDuration")} s: script ${busy("ScriptDuration")} s, style ${busy("RecalcStyleDuration")} s, layout ${busy("LayoutDuration")} s |`,
  );
  console.log(
    `| CPU time (2 cores: ${(wall / 500).toFixed(0)} s available) | Chromium ${cpu("chromium")} s, emulator ${cpu("emulator")} s, other processes ${cpu("other")} s |`,
  );
  console.log(`| Floor (the limits) | ${(floor / 1000).toFixed(2)} s; wall time = ${(wall / floor).toFixed(1)} × floor |`);
  console.log(
    `| Requests | ${String(count(/^GET .*pricings/))} pricing GETs, ${String(count(/^PUT .*pricings/))} pricing PUTs, ${String(count(/^(?!GET .*pricings|PUT .*pricings)/))} other |`,
  );
  console.log(`| 429 / 409 | ${String(statuses.get(429) ?? 0)} / ${String(statuses.get(409) ?? 0)} |`);
  console.log(`| Lost updates | ${String(lost.length)}${lost.length ? `: ${lost.slice(0, 5).join("; ")}` : ""} |`);
  console.log(`\nRequests by kind during the run:\n\n| Requests | Method and path |\n| ---: | --- |`);
  for (const [kind, n] of [...requests].sort((a, b) => b[1] - a[1])) console.log(`| ${String(n)} | ${kind} |`);
} finally {
  await browser.close();
  await server.close();
  await api.dispose();
  await emulator.stop();
}

/**
 * CPU seconds used so far (user + system, from /proc) by the emulator, by Chromium's processes and by
 * every other process: the machine's two cores are shared by the page, the browser and the emulator.
 */
function cpuSeconds(): Record<"emulator" | "chromium" | "other", number> {
  const used = { emulator: 0, chromium: 0, other: 0 };
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces, in parentheses): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      const who = Number(pid) === emulator.pid ? "emulator" : stat.includes("(chromium") || stat.includes("(chrome") ? "chromium" : "other";
      used[who] += seconds;
    } catch {
      // The process ended meanwhile.
    }
  }
  return used;
}

/** Every subscription's plans, as its Owner reads them, sixteen subscriptions at a time. */
async function readAll(targets: Target[]): Promise<Map<string, Pricing[]>> {
  const tokens = new Map<string, string>();
  for (const tenantId of new Set(targets.map((target) => target.tenantId))) {
    const minted = await api.post("/__emulator/token", { data: { upn: "adele@contoso.onmicrosoft.com", tenantId } });
    if (!minted.ok()) throw new Error(`No token for ${tenantId}: ${await minted.text()}`);
    tokens.set(tenantId, ((await minted.json()) as { access_token: string }).access_token);
  }
  const result = new Map<string, Pricing[]>();
  const queue = [...targets];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let target = queue.shift(); target; target = queue.shift()) {
        const response = await api.get(
          `/subscriptions/${target.subscriptionId}/providers/Microsoft.Security/pricings?api-version=2024-01-01`,
          {
            headers: { Authorization: `Bearer ${tokens.get(target.tenantId) ?? ""}` },
          },
        );
        // A subscription without Defender for Cloud has no plans (404 "Subscription Not Registered").
        if (!response.ok() && response.status() !== 404)
          throw new Error(`${target.name}: ${String(response.status())} ${await response.text()}`);
        result.set(target.subscriptionId.toLowerCase(), response.ok() ? ((await response.json()) as { value: Pricing[] }).value : []);
      }
    }),
  );
  return result;
}

/** What a plan is, as the comparison sees it: tier and each extension on or off. */
function comparable(pricing: Pricing | undefined) {
  if (!pricing) return null;
  const { pricingTier, extensions } = pricing.properties;
  return [pricing.name, pricingTier, (extensions ?? []).map((extension) => `${extension.name}=${extension.isEnabled}`).sort()];
}
