import { chromium, type Page } from "@playwright/test";
import { preview } from "vite";
import { launchOptions } from "../../playwright.config";
import { startEmulatorProcess } from "./emulator-process";

// `npm run bench:scale [-- 1000 10000]`: Environment settings with N generated subscriptions, the
// built app against the emulator (its default limits) in a real Chromium. Prints numbers; nothing
// here passes or fails. Needs ports 8443 and 4173: stop `npm start` and the e2e tests first.

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const appUrl = "http://localhost:4173";
const pagePath = "/defender/environment-settings";
const rows: string[] = [];

for (const size of sizes.length ? sizes : [1_000, 10_000]) rows.push(await measure(size));

console.log(`\nEnvironment settings at scale (built app, emulator, Chromium; ms after navigation start unless said)\n`);
console.log(
  "| Subscriptions | Shown to the user | Directories | First visit: first rows / complete | After directories are known, first visit: first rows / complete | Later visits (median of 3), after directories are known: first rows / complete | Resource Graph requests | Management-group requests | Other ARM requests | CORS preflights | 429s | JS heap | Longest task scrolling | Longest frame scrolling | Search: input to rows, worst key | Longest task typing |",
);
console.log("| ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) console.log(row);

async function measure(size: number): Promise<string> {
  const emulator = await startEmulatorProcess(size);
  const server = await preview({ logLevel: "silent" });
  const browser = await chromium.launch(launchOptions);
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Main-thread tasks over 50 ms (Long Tasks API) and the gaps between animation frames.
    // (Page scripts are strings: tsx adds a helper to named functions that the page does not have.)
    await page.addInitScript(`
      const probe = { tasks: [], frames: [] };
      window.__probe = probe;
      new PerformanceObserver((list) => { for (const entry of list.getEntries()) probe.tasks.push(entry.duration); })
        .observe({ type: "longtask", buffered: true });
      let last = performance.now();
      requestAnimationFrame(function frame(now) { probe.frames.push(now - last); last = now; requestAnimationFrame(frame); });
    `);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const counts = { graph: 0, groups: 0, arm: 0, preflights: 0, throttled: 0 };
    let counting = true;
    cdp.on("Network.requestWillBeSent", (event: { request: { url: string; method: string } }) => {
      if (!counting) return;
      const url = new URL(event.request.url);
      if (url.port !== "8443" || !url.search.includes("api-version")) return;
      if (event.request.method === "OPTIONS") counts.preflights++;
      else if (url.pathname.includes("Microsoft.ResourceGraph")) counts.graph++;
      else if (url.pathname.includes("Microsoft.Management")) counts.groups++;
      else counts.arm++;
    });
    cdp.on("Network.responseReceived", (event: { response: { status: number } }) => {
      if (event.response.status === 429) counts.throttled++;
    });

    await page.goto(`${appUrl}/`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: /Adele Vance/ }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    Object.assign(counts, { graph: 0, groups: 0, arm: 0, preflights: 0, throttled: 0 });

    // The first visit after the emulator started (its query engine not yet warmed by a run), then
    // three more, each a fresh load of the page: requests are counted on the first, 429s on all. A
    // user's Resource Graph quota (15 queries in 5 s by default) is spent by two visits at 10,000
    // subscriptions; like a user's next visit, each starts with a fresh window.
    const visits: Array<{ firstRows: number; complete: number; tenants: number }> = [];
    for (let visit = 0; visit < 4; visit++) {
      counting = visit === 0;
      if (visit > 0) await page.waitForTimeout(5_000);
      await page.goto(`${appUrl}${pagePath}`);
      await page.waitForFunction(() => performance.getEntriesByName("environment-settings:complete").length > 0, undefined, {
        timeout: 120_000,
      });
      visits.push(
        await page.evaluate(() => ({
          firstRows: performance.getEntriesByName("environment-settings:first-rows")[0]?.startTime ?? NaN,
          complete: performance.getEntriesByName("environment-settings:complete")[0]?.startTime ?? NaN,
          tenants:
            performance
              .getEntriesByType("resource")
              .filter((entry): entry is PerformanceResourceTiming => entry instanceof PerformanceResourceTiming)
              .find((entry) => entry.name.includes("/tenants?"))?.responseEnd ?? NaN,
        })),
      );
    }
    const [first, ...later] = visits as [(typeof visits)[number], ...typeof visits];
    const median = (pick: (visit: (typeof visits)[number]) => number) =>
      later.map(pick).sort((a, b) => a - b)[Math.floor(later.length / 2)] ?? NaN;
    const shown = (await page.getByText(/^Showing [\d,]+ subscriptions?$/).textContent())?.replace(/\D/g, "") ?? "?";
    // The Directory filter offers every directory (and "All").
    const directories = (await page.getByRole("combobox", { name: "Directory" }).locator("option").count()) - 1;

    await cdp.send("HeapProfiler.collectGarbage");
    const heap = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };

    // Scroll to the bottom of the tree as a user does, with the mouse wheel: a screen per wheel event,
    // the next one as soon as a frame has been drawn. (window.scrollBy from a script would lay the page
    // out inside the script's own task, which a user's scrolling never does.)
    await resetProbe(page);
    await page.mouse.move(640, 600);
    const atBottom = "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2";
    while (!(await page.evaluate<boolean>(atBottom))) {
      await page.mouse.wheel(0, 900);
      await page.evaluate("new Promise((done) => requestAnimationFrame(() => done()))");
    }
    const scrolling = await readProbe(page);

    // Type a search term key by key; per key, from the input event to the filtered view painted (the
    // page marks each view it commits).
    await page.evaluate(() => window.scrollTo(0, 0));
    // The moment a user takes to reach the search box (the browser collects the scroll's garbage meanwhile).
    await page.waitForTimeout(1000);
    await resetProbe(page);
    await page.getByRole("searchbox", { name: "Search by name" }).click();
    await page.evaluate(`document.addEventListener("input", (event) => (window.__input = event.timeStamp), { capture: true })`);
    const perKey: number[] = [];
    for (const key of "0042") {
      const before = await page.evaluate<number>("performance.now()");
      await page.keyboard.press(key);
      perKey.push(
        await page.evaluate<number>(`new Promise((done) => {
          const give = setTimeout(() => done(NaN), 5000);
          requestAnimationFrame(function check() {
            const start = window.__input ?? 0;
            const view = performance.getEntriesByName("environment-settings:view").at(-1);
            if (start > ${String(before)} && view && view.startTime > start)
              requestAnimationFrame(() => { clearTimeout(give); done(performance.now() - start); });
            else requestAnimationFrame(check);
          });
        })`),
      );
    }
    const typing = await readProbe(page);

    const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(0) : "–");
    return `| ${size.toLocaleString("en")} | ${Number(shown).toLocaleString("en")} | ${String(directories)} | ${fmt(first.firstRows)} / ${fmt(first.complete)} | ${fmt(first.firstRows - first.tenants)} / ${fmt(first.complete - first.tenants)} | ${fmt(median((visit) => visit.firstRows - visit.tenants))} / ${fmt(median((visit) => visit.complete - visit.tenants))} | ${String(counts.graph)} | ${String(counts.groups)} | ${String(counts.arm)} | ${String(counts.preflights)} | ${String(counts.throttled)} | ${(heap.usedSize / 1024 / 1024).toFixed(0)} MB | ${scrolling.task} | ${fmt(scrolling.frame)} | ${fmt(Math.max(...perKey))} | ${typing.task} |`;
  } finally {
    await browser.close();
    await server.close();
    await emulator.stop();
  }
}

async function resetProbe(page: Page) {
  await page.evaluate(() => {
    const probe = (window as never as { __probe: { tasks: number[]; frames: number[] } }).__probe;
    probe.tasks.length = 0;
    probe.frames.length = 0;
  });
}

/** The longest task over 50 ms ("none" when there was none) and the longest gap between frames. */
async function readProbe(page: Page) {
  const { tasks, frames } = await page.evaluate(() => (window as never as { __probe: { tasks: number[]; frames: number[] } }).__probe);
  return { task: tasks.length ? `${Math.max(...tasks).toFixed(0)} ms` : "none > 50 ms", frame: Math.max(...frames) };
}
