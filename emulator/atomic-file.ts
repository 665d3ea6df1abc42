// Replacing a file so that a crash at any moment leaves either the old or the new one, whole: the
// text goes to a temporary file in the same folder (a rename is atomic only within one file
// system), is flushed to the disk (fsync), and is then renamed over the old file. A crash before
// the rename leaves the old file and a stray temporary file, which readers never look at (they
// open the file by its own name).
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The two steps, replaceable so that tests can fail between them (a crash after the write, before the rename). */
export type AtomicWriteSteps = {
  /** Writes `text` to the new file `path` and flushes it to the disk. */
  writeDurably: (path: string, text: string) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
};

/** Owner-only: a saved state holds refresh tokens. */
const fileMode = 0o600;

export const nodeAtomicWriteSteps: AtomicWriteSteps = {
  writeDurably: async (path, text) => {
    const handle = await open(path, "wx", fileMode);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: async (from, to) => {
    await rename(from, to);
    // The rename itself is durable once the folder is flushed; not every platform can (Windows).
    try {
      const folder = await open(dirname(to), "r");
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    } catch {
      // Best effort: the data is on disk either way, only the new name might be lost in a power cut.
    }
  },
};

/** Writes `text` as `file`, through `<file>.<random>.tmp` next to it. */
export async function writeFileAtomic(file: string, text: string, steps: AtomicWriteSteps = nodeAtomicWriteSteps): Promise<void> {
  const temporary = join(dirname(file), `${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await steps.writeDurably(temporary, text);
    await steps.rename(temporary, file);
  } catch (err) {
    // A failed write (disk full, no permission) tidies up; a crash cannot, and its leftover is ignored.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw err;
  }
}
