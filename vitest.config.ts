import { defineConfig } from "vitest/config";

// Unit tests: the app's pure logic (src/**), the emulator in-process (emulator/**) and repository checks (scripts/**).
// End-to-end tests live in e2e/ and run under Playwright, not here.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "emulator/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
  },
});
