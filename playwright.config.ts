import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// End-to-end tests run the built app (vite preview) against the emulator in test mode, on ports of
// their own so that a running `npm start` (5173 / 8443) does not get in the way.
export const emulatorPort = 8444;
/** A second emulator with a generated population of 50 subscriptions, for runs over many. */
export const populationEmulatorPort = 8445;
export const appPort = 4173;
/** The development server (React's development build): only it reports React's warnings. */
export const devAppPort = 5174;

// Playwright cannot download its own browser here; use Debian's Chromium when it is installed.
const debianChromium = "/usr/bin/chromium";
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync(debianChromium) ? debianChromium : undefined);
/** How Chromium is launched, for the tests and for `npm run bench`. */
export const launchOptions = {
  ...(executablePath ? { executablePath } : {}),
  // The closed network refuses Chromium's own background calls.
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  // One emulator with shared state, reset before each test: tests run one at a time.
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://localhost:${String(appPort)}`,
    ignoreHTTPSErrors: true,
    // A failed test keeps its trace: the page's DOM at each step, and a screenshot at the end. Not a
    // screencast: Chromium recording one for every test (kept or not) cost the suite a sixth of its time.
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: true, sources: true },
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    { name: "e2e" },
    // `npm run screenshots`: pictures of every page for docs/, not a test.
    { name: "screenshots", testMatch: /\.screens\.ts$/ },
  ],
  webServer: [
    {
      command: "npx tsx emulator/main.ts",
      env: { EMULATOR_PORT: String(emulatorPort), EMULATOR_MODE: "test" },
      url: `https://localhost:${String(emulatorPort)}/`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "npx tsx emulator/main.ts --subscriptions 50",
      // Its own certificate and key: started at the same time as the first, in a fresh clone both would write .emulator/.
      env: { EMULATOR_PORT: String(populationEmulatorPort), EMULATOR_MODE: "test", EMULATOR_STATE_DIR: ".emulator/population" },
      url: `https://localhost:${String(populationEmulatorPort)}/`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite preview --port ${String(appPort)} --strictPort`,
      url: `http://localhost:${String(appPort)}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite --port ${String(devAppPort)} --strictPort`,
      url: `http://localhost:${String(devAppPort)}/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
