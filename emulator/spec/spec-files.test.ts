// The specification files are the contract only while they are the official ones: each copy must
// match its manifest entry byte for byte, and every file in the folder must be listed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const specDir = new URL("./", import.meta.url);
const manifest = z
  .object({ files: z.array(z.object({ file: z.string(), source_repo: z.string(), source_path: z.string(), sha256: z.string() })) })
  .parse(JSON.parse(readFileSync(new URL("MANIFEST.json", specDir), "utf8")));

const ownFiles = new Set(["README.md", "LICENSE", "MANIFEST.json", "spec-files.test.ts", "operations.test.ts"]);

describe("official specification copies", () => {
  it.each(manifest.files)("$file is unchanged from $source_repo", ({ file, sha256 }) => {
    const digest = createHash("sha256")
      .update(readFileSync(new URL(file, specDir)))
      .digest("hex");
    expect(digest).toBe(sha256);
  });

  it("lists every copied file in the manifest", () => {
    const copied = readdirSync(specDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(fileURLToPath(specDir), join(entry.parentPath, entry.name)).split(sep).join("/"))
      .filter((file) => !ownFiles.has(file));
    expect(copied.sort()).toEqual(manifest.files.map((f) => f.file).sort());
  });
});
