// Where the emulator listens. Its sign-in needs no password and, in test mode, its control API
// resets state and injects faults, so by default only this machine can reach it: both loopback
// addresses, because clients resolve `localhost` to 127.0.0.1 or ::1 depending on the system.
// Any other address only when asked for (`--host`, EMULATOR_HOST), and the banner warns.
import { parseArgs } from "node:util";

const loopbackAddresses = ["127.0.0.1", "::1"] as const;

/** The `--host` flag, else EMULATOR_HOST; undefined (the default) means loopback only. */
export function hostSetting(args: string[], env: NodeJS.ProcessEnv): string | undefined {
  const { values } = parseArgs({ args, options: { host: { type: "string" } } });
  const host = values.host ?? env["EMULATOR_HOST"];
  return host === undefined || host.trim() === "" ? undefined : host.trim();
}

export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === "localhost" || a === "::1" || a.startsWith("127.") || a.startsWith("::ffff:127.");
}

/** The addresses to listen on for a `host` setting: `localhost` (or none) means both loopbacks. */
export function addressesFor(host: string | undefined): readonly string[] {
  return host === undefined || host.toLowerCase() === "localhost" ? loopbackAddresses : [host];
}

/** Host of the emulator's URLs: `localhost` whenever it reaches the server (loopback or every interface). */
export function urlHostFor(host: string | undefined): string {
  if (host === undefined || isLoopback(host) || host === "0.0.0.0" || host === "::") return "localhost";
  return host.includes(":") ? `[${host}]` : host;
}
