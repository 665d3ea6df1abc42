// The emulator's command-line flags, shared by `npm run emulator` (emulator/main.ts) and `npm start`
// (scripts/start.ts): `--host <address>` (or EMULATOR_HOST), `--subscriptions N [--seed-number S]`,
// and the request log `--verbose` (stdout) and `--log-file <path>` (appended).
import { parseArgs } from "node:util";
import { describeGeneratedSeed, generateOptionsFromFlags, generateSeed } from "./fixtures/generate";
import { loadSeed, type Seed } from "./fixtures/seed";
import { hostSetting } from "./listen-address";
import type { RequestLogOptions } from "./request-log";

export type EmulatorFlags = { host?: string; seed?: Seed; summary?: string; log?: RequestLogOptions };

export function emulatorFlags(argv: string[], env: NodeJS.ProcessEnv): EmulatorFlags {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      subscriptions: { type: "string" },
      "seed-number": { type: "string" },
      verbose: { type: "boolean" },
      "log-file": { type: "string" },
    },
  });
  const host = hostSetting(flags.host === undefined ? [] : [`--host=${flags.host}`], env);
  const logFile = nonEmpty(flags["log-file"], "--log-file");
  const common: EmulatorFlags = {
    ...(host !== undefined && { host }),
    ...((flags.verbose === true || logFile !== undefined) && {
      log: { ...(flags.verbose === true && { console: true }), ...(logFile !== undefined && { file: logFile }) },
    }),
  };
  const generate = generateOptionsFromFlags(flags);
  if (!generate) return common;
  const seed = generateSeed(loadSeed(), generate);
  return { ...common, seed, summary: describeGeneratedSeed(seed, generate) };
}

/** A path given empty (`--log-file ""`) is a mistake, not "the current folder". */
function nonEmpty(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new Error(`${name}: a path is required`);
  return value;
}
