// The emulator's command-line flags, shared by `npm run emulator` (emulator/main.ts) and `npm start`
// (scripts/start.ts): `--host <address>` (or EMULATOR_HOST), `--subscriptions N [--seed-number S]`,
// the request log `--verbose` (stdout) and `--log-file <path>` (appended), and `--location <folder>`
// (or EMULATOR_LOCATION) to keep the state across restarts.
import { parseArgs } from "node:util";
import { describeGeneratedSeed, generateOptionsFromFlags, generateSeed } from "./fixtures/generate";
import { loadSeed, type Seed } from "./fixtures/seed";
import { hostSetting } from "./listen-address";
import type { RequestLogOptions } from "./request-log";
import { StateFileError } from "./state-file";

export type EmulatorFlags = { host?: string; seed?: Seed; summary?: string; log?: RequestLogOptions; location?: string };

export function emulatorFlags(argv: string[], env: NodeJS.ProcessEnv): EmulatorFlags {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      subscriptions: { type: "string" },
      "seed-number": { type: "string" },
      verbose: { type: "boolean" },
      "log-file": { type: "string" },
      location: { type: "string" },
    },
  });
  const host = hostSetting(flags.host === undefined ? [] : [`--host=${flags.host}`], env);
  // A blank EMULATOR_LOCATION is unset, as a blank EMULATOR_HOST is.
  const location = nonEmpty(flags.location, "--location") ?? (env["EMULATOR_LOCATION"]?.trim() || undefined);
  const logFile = nonEmpty(flags["log-file"], "--log-file");
  const common: EmulatorFlags = {
    ...(host !== undefined && { host }),
    ...((flags.verbose === true || logFile !== undefined) && {
      log: { ...(flags.verbose === true && { console: true }), ...(logFile !== undefined && { file: logFile }) },
    }),
    ...(location !== undefined && { location }),
  };
  const generate = generateOptionsFromFlags(flags);
  if (!generate) return common;
  const seed = generateSeed(loadSeed(), generate);
  return { ...common, seed, summary: describeGeneratedSeed(seed, generate) };
}

/** A flag's path given empty (`--location ""`) is a mistake, not "the current folder". */
function nonEmpty(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new Error(`${name}: a path is required`);
  return value;
}

/** A saved state that cannot be loaded is for the user to fix: its message alone, without a stack trace. */
export function exitOnStateFileError(err: unknown): never {
  if (!(err instanceof StateFileError)) throw err;
  console.error(err.message);
  process.exit(1);
}
