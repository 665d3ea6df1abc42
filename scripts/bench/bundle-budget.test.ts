import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { routeSizes } from "./bundle-sizes";

// Bytes a page downloads before it runs are deterministic, so they are tested; times are not, so
// `npm run bench` prints them instead. Budgets from issue 8, in KB of 1,024 bytes, gzip level 9.
const budgetsKb: Record<string, number> = {
  "Sign-in": 175,
  // Everything up to an interactive Defender plans page (sign-in's download included).
  "Defender plans": 250,
};

const outDir = mkdtempSync(join(tmpdir(), "bundle-budget-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("bundle budgets", () => {
  it("each page's JavaScript and CSS stay within its gzip budget", { timeout: 120_000 }, async () => {
    // Vitest sets NODE_ENV to "test", which would make Vite bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({
        configFile: join(import.meta.dirname, "../../vite.config.ts"),
        logLevel: "error",
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const sizes = new Map(routeSizes(outDir).map((size) => [size.route, size.gzip / 1024]));
    const overBudget = Object.entries(budgetsKb)
      .filter(([route, budget]) => (sizes.get(route) ?? Infinity) > budget)
      .map(([route, budget]) => `${route}: ${(sizes.get(route) ?? NaN).toFixed(1)} KB gzip, budget ${String(budget)} KB`);
    expect(overBudget).toEqual([]);
  });
});
