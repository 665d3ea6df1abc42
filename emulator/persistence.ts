// `--location <folder>` (or EMULATOR_LOCATION), like Azurite's: the state is kept in
// <folder>/emulator-state.json and loaded again on the next start. Without it the state lives in
// memory only. What is kept, and the file's format, are in emulator/state-file.ts; how a file is
// replaced without ever leaving half of one, in emulator/atomic-file.ts.
//
// When: every request that is not a read (any method but GET, HEAD and OPTIONS) may have changed
// the state, and the few reads that change it say so (ctx.stateChanged: alerts made on first read,
// codes issued by a silent sign-in). A change is saved within saveDelayMs, together with the other
// changes of that moment, and a save that would write the same state is skipped. A crash can lose
// the changes of that last moment (about a fifth of a second); closing the emulator (Ctrl-C,
// RunningEmulator.close) saves what is pending first, and a reset is saved before it is answered.
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { MiddlewareHandler } from "hono";
import { nodeAtomicWriteSteps, writeFileAtomic, type AtomicWriteSteps } from "./atomic-file";
import type { Seed, SeedPlan, Settings } from "./fixtures/seed";
import { parseStateFile, savedStateJson, seedDigest, StateFileError, stateFileText, subscriptionEntry } from "./state-file";
import type { EmulatorState } from "./store";

export const stateFileName = "emulator-state.json";

/** How long a change waits for the others of the same moment before it is saved. */
export const saveDelayMs = 200;

const reads = new Set(["GET", "HEAD", "OPTIONS"]);

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

export type SavedState = { state: EmulatorState; changedSubscriptions: string[] };

/**
 * The state saved in `folder` (made if missing), or undefined when there is none yet. Throws
 * StateFileError for a folder that cannot be used or a file that cannot be loaded.
 */
export async function loadSavedState(folder: string, seed: Seed, settings: Settings): Promise<SavedState | undefined> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (err) {
    throw new StateFileError(`emulator: cannot keep the state in ${folder} (--location): ${reason(err)}`);
  }
  const file = join(folder, stateFileName);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return undefined;
    throw new StateFileError(
      `emulator: cannot read the saved state ${file}: ${reason(err)}. Make it readable, or delete it to start again from the seed.`,
    );
  }
  return parseStateFile(text, file, seed, settings);
}

export type StateSaverOptions = {
  folder: string;
  seed: Seed;
  /** The state as it is now (reset() replaces the object). */
  current: () => EmulatorState;
  /** What was loaded: its changed subscriptions stay saved, and a save of the same state is skipped. */
  loaded: SavedState | undefined;
  /** Tests: the file steps, to fail between the write and the rename. */
  steps?: AtomicWriteSteps | undefined;
  delayMs?: number;
};

export class StateSaver {
  readonly file: string;
  readonly #digest: string;
  readonly #plans: readonly SeedPlan[];
  readonly #current: () => EmulatorState;
  readonly #steps: AtomicWriteSteps;
  readonly #delayMs: number;
  #timer: NodeJS.Timeout | undefined;
  #dirty = false;
  #closed = false;
  /**
   * The saved form (subscriptionEntry) of each subscription changed since the seed, by id: a save
   * serializes again only those changed since the last one (#stale), not all 10,000.
   */
  readonly #entries = new Map<string, string>();
  readonly #stale = new Set<string>();
  /** The state #entries describe: reset() replaces it, and then none of them holds any more. */
  #entriesOf: EmulatorState | undefined;
  /** savedStateJson of what the file holds. */
  #saved: string | undefined;
  /** Saves run one after the other. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: StateSaverOptions) {
    this.file = join(options.folder, stateFileName);
    this.#digest = seedDigest(options.seed);
    this.#plans = options.seed.plans;
    this.#current = options.current;
    this.#steps = options.steps ?? nodeAtomicWriteSteps;
    this.#delayMs = options.delayMs ?? saveDelayMs;
    if (options.loaded) {
      const { state, changedSubscriptions } = options.loaded;
      this.#entriesOf = state;
      for (const id of changedSubscriptions) this.#refresh(state, id);
      this.#saved = savedStateJson(this.#entries.values(), state);
    }
  }

  /** The state changed (a subscription's, when named): save it soon. */
  changed(subscriptionId?: string): void {
    if (this.#closed) return;
    if (subscriptionId !== undefined) this.#stale.add(subscriptionId.toLowerCase());
    this.#dirty = true;
    // Not pushed back by later changes: under a steady stream of writes a save still happens every delay.
    this.#timer ??= setTimeout(() => void this.flush(), this.#delayMs);
    // A pending save never keeps a process alive on its own; close() saves it.
    this.#timer.unref();
  }

  /** Saves a pending change now; resolves once it (and any save under way) is on disk or has failed. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = this.#queue.then(() => this.#save());
    return this.#queue;
  }

  /** Saves what is pending; later changes are not saved. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }

  /** Marks the state changed after each request that is not a read (Entra's sign-in records; the ARM pipeline names subscriptions). */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      await next();
      if (!reads.has(c.req.method.toUpperCase())) this.changed();
    };
  }

  #refresh(state: EmulatorState, subscriptionId: string): void {
    const sub = state.subscriptions.get(subscriptionId);
    const entry = sub && subscriptionEntry(sub, this.#plans);
    if (entry === undefined) this.#entries.delete(subscriptionId);
    else this.#entries.set(subscriptionId, entry);
  }

  async #save(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    const state = this.#current();
    if (state !== this.#entriesOf) {
      this.#entries.clear();
      this.#entriesOf = state;
    }
    for (const id of this.#stale) this.#refresh(state, id);
    this.#stale.clear();
    const json = savedStateJson(this.#entries.values(), state);
    if (json === this.#saved) return;
    try {
      await writeFileAtomic(this.file, stateFileText(json, this.#digest, new Date()), this.#steps);
      this.#saved = json;
    } catch (err) {
      // The previous file is still whole; the next change (or close) tries again.
      this.#dirty = true;
      console.error(`emulator: could not save the state to ${this.file}: ${reason(err)}`);
    }
  }
}
