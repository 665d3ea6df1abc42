// `npm run emulator`: the Entra ID + ARM emulator on https://localhost:8443, reachable from this
// machine only. EMULATOR_PORT changes the port; EMULATOR_MODE=test enables the /__emulator/ control
// API; EMULATOR_STATE_DIR keeps its certificate and signing key in another folder than .emulator/ (two
// emulators started at once must not write the same files); `--host <address>` (or EMULATOR_HOST)
// listens on another address instead, e.g. 0.0.0.0;
// `--subscriptions N [--seed-number S]` serves a generated population (emulator/fixtures/generate.ts);
// `--verbose` / `--log-file <path>` log each request (emulator/request-log.ts); `--location <folder>`
// (or EMULATOR_LOCATION) keeps the state across restarts (emulator/persistence.ts).
import { printEmulatorBanner } from "./banner";
import { emulatorFlags, exitOnStateFileError } from "./cli";
import { startEmulator } from "./server";

const port = Number(process.env["EMULATOR_PORT"] ?? "8443");
if (!Number.isInteger(port) || port <= 0 || port > 65535)
  throw new Error(`EMULATOR_PORT: invalid port ${process.env["EMULATOR_PORT"] ?? ""}`);
const mode = process.env["EMULATOR_MODE"] === "test" ? "test" : "dev";
const { host, seed, summary, log, location } = emulatorFlags(process.argv.slice(2), process.env);

const stateDir = process.env["EMULATOR_STATE_DIR"];
const running = await startEmulator({
  port,
  mode,
  ...(host !== undefined && { host }),
  ...(seed && { seed }),
  ...(stateDir && { stateDir }),
  ...(log && { log }),
  ...(location !== undefined && { location }),
}).catch(exitOnStateFileError);
printEmulatorBanner(running);
if (summary) console.log(`\n${summary}`);

const stop = () => {
  void running.close().finally(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
