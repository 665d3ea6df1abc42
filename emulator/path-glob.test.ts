import { describe, expect, it } from "vitest";
import { matchesPathGlob, maxPathGlobLength, pathGlobProblem } from "./path-glob";

const ai = "/subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c/providers/Microsoft.Security/pricings/AI";
const list = "/subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c/providers/Microsoft.Security/pricings";

describe("fault path globs", () => {
  it("compare the whole path, case-insensitively, trailing slashes ignored", () => {
    expect(matchesPathGlob(ai, ai)).toBe(true);
    expect(matchesPathGlob(ai.toUpperCase(), `${ai.toLowerCase()}//`)).toBe(true);
    expect(matchesPathGlob("/subscriptions", "/subscriptions")).toBe(true);
    expect(matchesPathGlob("/subscriptions", "/subscriptions/x")).toBe(false);
    expect(matchesPathGlob("/subscriptions/x", "/subscriptions")).toBe(false);
    expect(matchesPathGlob("/pricings", list)).toBe(false);
    // `.` is literal.
    expect(matchesPathGlob("/**/Microsoft.Security/pricings", list)).toBe(true);
    expect(matchesPathGlob("/**/MicrosoftxSecurity/pricings", list.replace(".", "x"))).toBe(true);
    expect(matchesPathGlob("/**/Microsoft.Security/pricings", list.replace(".", "x"))).toBe(false);
  });

  it("* stays within one segment", () => {
    expect(matchesPathGlob("/subscriptions/*/providers/Microsoft.Security/pricings/AI", ai)).toBe(true);
    expect(matchesPathGlob("/subscriptions/*/pricings/AI", ai)).toBe(false);
    expect(matchesPathGlob("/subscriptions/*/providers/Microsoft.Security/pricings/*", ai)).toBe(true);
    expect(matchesPathGlob("/subscriptions/*/providers/Microsoft.Security/pricings/*", list)).toBe(false);
    expect(matchesPathGlob("/subscriptions/25e0*", "/subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c")).toBe(true);
    expect(matchesPathGlob("/subscriptions/*bc1c", "/subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c")).toBe(true);
    expect(matchesPathGlob("/subscriptions/*-*-*-*-*", "/subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c")).toBe(true);
    expect(matchesPathGlob("/subscriptions/*-*-*-*-*-*", "/subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c")).toBe(false);
    expect(matchesPathGlob("/subscriptions/*", "/subscriptions")).toBe(false);
    expect(matchesPathGlob("/*", "/tenants")).toBe(true);
  });

  it("** stands for any number of segments, none included", () => {
    expect(matchesPathGlob("/**/pricings/AI", ai)).toBe(true);
    expect(matchesPathGlob("/**/pricings", list)).toBe(true);
    expect(matchesPathGlob("/**/pricings", ai)).toBe(false);
    expect(matchesPathGlob("/**/pricings/**", ai)).toBe(true);
    expect(matchesPathGlob("/**/pricings/**", list)).toBe(true);
    expect(matchesPathGlob("/**", "/")).toBe(true);
    expect(matchesPathGlob("/**", ai)).toBe(true);
    expect(matchesPathGlob("/subscriptions/**", "/subscriptions")).toBe(true);
    expect(matchesPathGlob("/subscriptions/**/AI", ai)).toBe(true);
    expect(matchesPathGlob("/**/providers/**/AI", ai)).toBe(true);
    expect(matchesPathGlob("/**/providers/**/VirtualMachines", ai)).toBe(false);
    expect(matchesPathGlob("/**/pricings/*/x", `${ai}/x`)).toBe(true);
    expect(matchesPathGlob("/tenants/**", "/subscriptions")).toBe(false);
  });

  it("takes time proportional to pattern × path, where a regular expression would backtrack exponentially", () => {
    const started = performance.now();
    const pattern = `/${"*a".repeat(150)}*b${"/**/*a*a".repeat(25)}/c`;
    expect(pathGlobProblem(pattern)).toBeUndefined();
    expect(matchesPathGlob(pattern, `/${"a".repeat(16_000)}`)).toBe(false);
    expect(matchesPathGlob(pattern, `/${"a".repeat(5_000)}b/${"aa/".repeat(4_000)}d`)).toBe(false);
    expect(matchesPathGlob(`/**${"/**/a".repeat(80)}/b`, `${"/a".repeat(8_000)}/c`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses regular expressions, a relative pattern, ** inside a segment and overlong patterns", () => {
    expect(pathGlobProblem("/**/pricings/AI")).toBeUndefined();
    expect(pathGlobProblem("^/(a+)+$")).toMatch(/not a regular expression: remove '\^'/);
    expect(pathGlobProblem("/pricings/AI$")).toMatch(/remove '\$'/);
    expect(pathGlobProblem("/providers/Microsoft\\.Security")).toMatch(/remove '\\'/);
    expect(pathGlobProblem("/pricings/(AI|Api)")).toMatch(/remove '\('/);
    expect(pathGlobProblem("pricings/AI")).toMatch(/must start with '\/'/);
    expect(pathGlobProblem("/**pricings")).toMatch(/'\*\*' only as a whole segment/);
    expect(pathGlobProblem(`/${"a".repeat(maxPathGlobLength)}`)).toMatch(/at most 512 characters/);
  });
});
