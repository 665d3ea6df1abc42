// `npm start`: the local Entra ID + ARM emulator and the app's dev server in one process, then the one
// URL to open and the accounts to sign in with. The emulator listens on loopback only unless
// `--host <address>` (or EMULATOR_HOST) says otherwise; `--subscriptions N` serves a generated population;
// `--verbose`, `--log-file <path>` and `--location <folder>` as for `npm run emulator` (emulator/cli.ts).
import { createServer } from "vite";
import { printEmulatorBanner } from "../emulator/banner";
import { emulatorFlags, exitOnStateFileError } from "../emulator/cli";
import { startEmulator } from "../emulator/server";

const appUrl = "http://localhost:5173/";
const { host, seed, summary, log, location } = emulatorFlags(process.argv.slice(2), process.env);
const emulator = await startEmulator({
  port: 8443,
  appUrl,
  ...(host !== undefined && { host }),
  ...(seed && { seed }),
  ...(log && { log }),
  ...(location !== undefined && { location }),
}).catch(exitOnStateFileError);
const vite = await createServer({ server: { port: 5173, strictPort: true } });
await vite.listen();

printEmulatorBanner(emulator);
if (summary) console.log(`\n${summary}`);
console.log(`
────────────────────────────────────────────────────────────────────
  Open ${appUrl} and sign in with one of the accounts above.
  First time only: if the app says it can't reach the emulator, open
  ${emulator.url}/ and accept its development certificate.
  Press Ctrl+C to stop.
────────────────────────────────────────────────────────────────────
`);

const stop = () => {
  void Promise.all([vite.close(), emulator.close()]).finally(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
