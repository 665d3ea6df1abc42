// The emulator's command-line flags, shared by `npm run emulator` (emulator/main.ts) and `npm start`
// (scripts/start.ts): `--host <address>` (or EMULATOR_HOST) and `--subscriptions N [--seed-number S]`.
import { parseArgs } from "node:util";
import { describeGeneratedSeed, generateOptionsFromFlags, generateSeed } from "./fixtures/generate";
import { loadSeed, type Seed } from "./fixtures/seed";
import { hostSetting } from "./listen-address";

export type EmulatorFlags = { host?: string; seed?: Seed; summary?: string };

export function emulatorFlags(argv: string[], env: NodeJS.ProcessEnv): EmulatorFlags {
  const { values: flags } = parseArgs({
    args: argv,
    options: { host: { type: "string" }, subscriptions: { type: "string" }, "seed-number": { type: "string" } },
  });
  const host = hostSetting(flags.host === undefined ? [] : [`--host=${flags.host}`], env);
  const generate = generateOptionsFromFlags(flags);
  if (!generate) return host === undefined ? {} : { host };
  const seed = generateSeed(loadSeed(), generate);
  return { ...(host !== undefined && { host }), seed, summary: describeGeneratedSeed(seed, generate) };
}
