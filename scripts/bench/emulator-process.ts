import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * `npm run emulator [-- --subscriptions N]` in a process of its own on port 8443, as a user runs it:
 * in the benchmark's process its answers would wait for the benchmark's own work (Playwright's
 * protocol traffic, the preview server). Without a size it serves the seed. `mode: "test"` opens its
 * control API (tokens, settings).
 */
export async function startEmulatorProcess(size?: number, mode: "dev" | "test" = "dev") {
  if (await listening()) throw new Error("Port 8443 is taken: stop `npm start`, `npm run emulator` and the e2e tests first.");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "emulator/main.ts", ...(size === undefined ? [] : ["--subscriptions", String(size)])],
    {
      env: { ...process.env, EMULATOR_PORT: "8443", EMULATOR_MODE: mode },
      stdio: "ignore",
    },
  );
  process.once("exit", () => child.kill());
  // It listens once its population is generated and indexed.
  while (!(await listening())) {
    if (child.exitCode !== null) throw new Error(`The emulator exited (${String(child.exitCode)})`);
    await sleep(200);
  }
  return {
    url: "https://localhost:8443",
    pid: child.pid,
    async stop() {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** Whether something listens on the emulator's port. */
function listening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(8443, "localhost");
    const answer = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once("connect", () => answer(true));
    socket.once("error", () => answer(false));
  });
}
