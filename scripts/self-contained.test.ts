// A user's clone has nothing beside it: no tracked file may reach for the reference folder that
// only exists next to the developers' checkouts. (The name is assembled so this file does not match.)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const outside = ["..", "shared"].join("/");

describe("the repository is self-contained", () => {
  it(`no tracked file refers to ${outside}`, () => {
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);
    expect(tracked.length).toBeGreaterThan(50);
    const offenders = tracked.filter((file) => file !== "package-lock.json" && readFileSync(new URL(file, root), "utf8").includes(outside));
    expect(offenders).toEqual([]);
  });
});
