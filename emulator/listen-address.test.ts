// The emulator listens on loopback only unless told otherwise, and says so when it is not.
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { printEmulatorBanner } from "./banner";
import { hostSetting, isLoopback, urlHostFor } from "./listen-address";
import { startEmulator } from "./server";
import { testEmulator } from "./test-support";

const dir = mkdtempSync(join(tmpdir(), "emulator-listen-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** GET / on one address (the home page), without trusting the development certificate. */
const statusAt = (host: string, port: number) =>
  new Promise<number>((resolve, reject) => {
    https
      .get({ host, port, path: "/", rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", reject);
  });

describe("listen address", () => {
  it("is both loopback addresses by default, on one port", async () => {
    const running = await startEmulator({ port: 0, stateDir: dir, signingKey: "memory" });
    try {
      const addresses = running.addresses.map((a) => a.address);
      expect(addresses[0]).toBe("127.0.0.1");
      // ::1 too, unless this machine has no IPv6.
      expect(["127.0.0.1", "::1"]).toEqual(expect.arrayContaining(addresses));
      expect(addresses.every(isLoopback)).toBe(true);
      const port = running.addresses[0]?.port ?? 0;
      expect(running.addresses.every((a) => a.port === port)).toBe(true);
      expect(running.url).toBe(`https://localhost:${port}`);
      for (const address of addresses) expect(await statusAt(address, port)).toBe(200);
    } finally {
      await running.close();
    }
  });

  it("is only the address asked for", async () => {
    const running = await startEmulator({ port: 0, host: "127.0.0.1", stateDir: dir, signingKey: "memory" });
    try {
      expect(running.addresses.map((a) => a.address)).toEqual(["127.0.0.1"]);
      expect(running.url).toBe(`https://localhost:${running.addresses[0]?.port ?? 0}`);
    } finally {
      await running.close();
    }
  });

  it("comes from --host, else EMULATOR_HOST", () => {
    expect(hostSetting([], {})).toBeUndefined();
    expect(hostSetting([], { EMULATOR_HOST: " " })).toBeUndefined();
    expect(hostSetting([], { EMULATOR_HOST: "0.0.0.0" })).toBe("0.0.0.0");
    expect(hostSetting(["--host", "::"], { EMULATOR_HOST: "0.0.0.0" })).toBe("::");
    expect(hostSetting(["--host=192.168.1.20"], {})).toBe("192.168.1.20");
    expect(() => hostSetting(["--hots", "0.0.0.0"], {})).toThrow();
  });

  it("names localhost in URLs whenever localhost reaches it", () => {
    expect(urlHostFor(undefined)).toBe("localhost");
    expect(urlHostFor("0.0.0.0")).toBe("localhost");
    expect(urlHostFor("::")).toBe("localhost");
    expect(urlHostFor("127.0.0.1")).toBe("localhost");
    expect(urlHostFor("192.168.1.20")).toBe("192.168.1.20");
    expect(urlHostFor("fd00::1")).toBe("[fd00::1]");
  });
});

describe("banner", () => {
  const printed = async (address: string, family: string) => {
    const emulator = await testEmulator();
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      printEmulatorBanner({ url: "https://localhost:8443", emulator, addresses: [{ address, family, port: 8443 }], close: async () => {} });
      return log.mock.calls.map((call) => call.join(" ")).join("\n");
    } finally {
      log.mockRestore();
    }
  };

  it("names the addresses, and warns when other machines can reach the emulator", async () => {
    const loopback = await printed("::1", "IPv6");
    expect(loopback).toContain("listening on https://localhost:8443 ([::1]:8443)");
    expect(loopback).not.toContain("WARNING");
    const everywhere = await printed("0.0.0.0", "IPv4");
    expect(everywhere).toContain(
      "WARNING: 0.0.0.0:8443 can be reached from other machines. Anyone who reaches it can sign in as any seeded account without a password",
    );
    expect(everywhere).toContain("control API");
  });
});
