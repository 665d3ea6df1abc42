// `--location`: the state survives a restart, a crash between the write and the rename leaves the
// previous file whole, a reset resets the saved state, and a file that cannot be loaded stops the
// start with a message naming it and the fix.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { nodeAtomicWriteSteps, writeFileAtomic, type AtomicWriteSteps } from "./atomic-file";
import { stateFileName } from "./persistence";
import { startEmulator, type EmulatorConfig } from "./server";
import { StateFileError } from "./state-file";
import { armToken, base, call, pricingPath, signInAndRedeem, subs, testEmulator, tokenRequest, users, armScope } from "./test-support";

const root = mkdtempSync(join(tmpdir(), "emulator-location-"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
let folders = 0;
const newFolder = () => join(root, `location-${String(++folders)}`);

const open = (location: string, config: EmulatorConfig = {}) => testEmulator({}, () => {}, { location, ...config });
type Open = Awaited<ReturnType<typeof open>>;

const aiTier = async (emu: Open) => {
  const res = await call(emu, "GET", pricingPath(subs.production, "AI"), { token: await armToken(emu, users.adele.upn) });
  return (res.json["properties"] as { pricingTier: string }).pricingTier;
};
const setAiTier = async (emu: Open, pricingTier: string) => {
  const res = await call(emu, "PUT", pricingPath(subs.production, "AI"), {
    token: await armToken(emu, users.adele.upn),
    body: { properties: { pricingTier } },
  });
  expect(res.status).toBe(200);
};
const fileOf = (folder: string) => join(folder, stateFileName);
const savedState = (folder: string) =>
  JSON.parse(readFileSync(fileOf(folder), "utf8")) as {
    version: number;
    seedDigest: string;
    savedAt: string;
    state: Record<string, unknown[]>;
  };

describe("--location", () => {
  it("keeps a pricing written through ARM across a restart, in a versioned file of the changes only", async () => {
    const folder = newFolder();
    const first = await open(folder);
    expect(first.stateFile).toBe(fileOf(folder));
    expect(await aiTier(first)).toBe("Free");
    await setAiTier(first, "Standard");
    await first.close();

    const saved = savedState(folder);
    expect(saved).toMatchObject({ version: 1, seedDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as string });
    expect(Date.parse(saved.savedAt)).not.toBeNaN();
    // One subscription, one plan: what differs from the seed.
    expect(saved.state["subscriptions"]).toEqual([
      expect.objectContaining({
        subscriptionId: subs.production,
        pricings: [["ai", expect.objectContaining({ pricingTier: "Standard" })]],
      }),
    ]);

    const second = await open(folder);
    expect(await aiTier(second)).toBe("Standard");
    await second.close();
  });

  it("keeps registrations, alerts with their statuses and times, and sign-ins across a restart", async () => {
    const folder = newFolder();
    const first = await open(folder);
    const owner = await armToken(first, users.adele.upn);
    const register = `/subscriptions/${subs.sandbox}/providers/Microsoft.Security`;
    expect((await call(first, "POST", `${register}/register?api-version=2021-04-01`, { token: owner })).status).toBe(200);
    // Alerts are made on their first read, a GET, with the time of that read.
    const alertsPath = `/subscriptions/${subs.aiResearch}/providers/Microsoft.Security/alerts?api-version=2022-01-01`;
    const alerts = (await call(first, "GET", alertsPath, { token: owner })).json["value"] as Array<{ id: string }>;
    const alert = alerts[0];
    if (!alert) throw new Error("no alert");
    const signedIn = await signInAndRedeem(first, users.adele.oid);
    const refreshToken = String(signedIn.json["refresh_token"]);
    await first.close();

    const second = await open(folder);
    second.clock.advance(60_000); // past the register delay, and a minute later than the first read
    const provider = await call(second, "GET", `${register}?api-version=2021-04-01`, { token: owner });
    expect(provider.json["registrationState"]).toBe("Registered");
    expect((await call(second, "GET", alertsPath, { token: owner })).json["value"]).toEqual(alerts);
    expect((await call(second, "POST", `${alert.id}/dismiss?api-version=2022-01-01`, { token: owner })).status).toBe(204);
    const refreshed = await tokenRequest(second, "organizations", {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      scope: armScope,
    });
    expect(refreshed.status).toBe(200);
    await second.close();

    const third = await open(folder);
    const after = (await call(third, "GET", alertsPath, { token: owner })).json["value"] as Array<{ properties: { status: string } }>;
    expect(after[0]?.properties.status).toBe("Dismissed");
    await third.close();
  });

  it("saves within the save delay without waiting for a close", async () => {
    const folder = newFolder();
    const emu = await open(folder);
    await setAiTier(emu, "Standard");
    await vi.waitFor(() => expect(savedState(folder).state["subscriptions"]).toHaveLength(1), { timeout: 3000, interval: 50 });
    await emu.close();
  });

  it("without a location keeps the state in memory only", async () => {
    const emu = await testEmulator();
    expect(emu.stateFile).toBeUndefined();
    await emu.close();
  });

  it("after a crash between the write and the rename, starts from the previous file, whole; leftover temporary files are ignored", async () => {
    const folder = newFolder();
    const first = await open(folder);
    await setAiTier(first, "Standard");
    await first.close();
    const before = readFileSync(fileOf(folder), "utf8");

    // The new state is written and flushed, then the process "dies" before the rename.
    const crashing: AtomicWriteSteps = {
      writeDurably: nodeAtomicWriteSteps.writeDurably,
      rename: () => Promise.reject(new Error("simulated crash before the rename")),
    };
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const second = await open(folder, { locationSteps: crashing });
      await setAiTier(second, "Free");
      await second.close();
      expect(error).toHaveBeenCalledWith(expect.stringContaining(`could not save the state to ${fileOf(folder)}: simulated crash`));
    } finally {
      error.mockRestore();
    }
    expect(readFileSync(fileOf(folder), "utf8")).toBe(before);
    // As a real crash would leave it: half a new file next to the old one.
    writeFileSync(join(folder, `${stateFileName}.0123456789ab.tmp`), before.slice(0, before.length / 2));

    const third = await open(folder);
    expect(await aiTier(third)).toBe("Standard");
    await third.close();
  });

  it("writes atomically: a failed write or rename leaves the old file and no temporary file", async () => {
    const folder = newFolder();
    mkdirSync(folder);
    const file = join(folder, "f.json");
    await writeFileAtomic(file, "old");
    const partial: AtomicWriteSteps = {
      writeDurably: async (path, text) => {
        await nodeAtomicWriteSteps.writeDurably(path, text.slice(0, 1));
        throw new Error("disk full");
      },
      rename: nodeAtomicWriteSteps.rename,
    };
    await expect(writeFileAtomic(file, "new", partial)).rejects.toThrow("disk full");
    await expect(
      writeFileAtomic(file, "new", { ...nodeAtomicWriteSteps, rename: () => Promise.reject(new Error("EXDEV")) }),
    ).rejects.toThrow("EXDEV");
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(readdirSync(folder)).toEqual(["f.json"]);
    await writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
  });

  it("resets the saved state with POST /__emulator/reset, on disk before the 204", async () => {
    const folder = newFolder();
    const emu = await open(folder);
    await setAiTier(emu, "Standard");
    await emu.close(); // saved: Standard
    const running = await open(folder);
    expect(await aiTier(running)).toBe("Standard");
    const reset = await running.fetch(new Request(`${base}/__emulator/reset`, { method: "POST" }));
    expect(reset.status).toBe(204);
    expect(savedState(folder).state["subscriptions"]).toEqual([]);
    // Another start from the folder (the first one still running) finds the seed's state.
    const next = await open(folder);
    expect(await aiTier(next)).toBe("Free");
    await Promise.all([running.close(), next.close()]);
  });

  it("refuses a corrupt, truncated, foreign or malformed file with a message naming it and the fix, and leaves it as it was", async () => {
    const folder = newFolder();
    const emu = await open(folder);
    await setAiTier(emu, "Standard");
    await emu.close();
    const good = readFileSync(fileOf(folder), "utf8");
    const parsed = JSON.parse(good) as { state: { subscriptions: Array<{ subscriptionId: string }> } };

    const refusal = async (text: string, editSeed?: Parameters<typeof testEmulator>[1]) => {
      writeFileSync(fileOf(folder), text);
      const err: unknown = await testEmulator({}, editSeed, { location: folder }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StateFileError);
      const message = (err as Error).message;
      expect(message).toContain(fileOf(folder));
      expect(message).toContain(`Delete ${fileOf(folder)} to start again from the seed`);
      expect(readFileSync(fileOf(folder), "utf8")).toBe(text);
      return message;
    };

    expect(await refusal("{ not json")).toContain("it is not valid JSON");
    expect(await refusal(good.slice(0, good.length / 2))).toContain("it is not valid JSON");
    expect(await refusal("[]")).toContain("it is not an emulator state file");
    expect(await refusal(good.replace('"version":1', '"version":2'))).toContain("it has version 2; this emulator reads version 1");
    const other = {
      ...parsed,
      state: { ...parsed.state, subscriptions: [{ ...parsed.state.subscriptions[0], subscriptionId: "no-such" }] },
    };
    expect(await refusal(JSON.stringify(other))).toContain("it names subscription no-such, which the seed does not have");
    const malformed = { ...parsed, state: { ...parsed.state, sessions: "none" } };
    expect(await refusal(JSON.stringify(malformed))).toContain("its state is malformed");
    expect(
      await refusal(good, (seed) => {
        const first = seed.subscriptions[0];
        if (first) first.displayName = "Renamed";
      }),
    ).toContain("belongs to another seed");
  });

  it("refuses a location that is not a folder", async () => {
    const file = join(root, "a-file");
    writeFileSync(file, "");
    await expect(open(file)).rejects.toThrow(new RegExp(`cannot keep the state in ${file} \\(--location\\)`));
  });

  it("saves what is pending when the running emulator closes", async () => {
    const folder = newFolder();
    const running = await startEmulator({
      port: 0,
      host: "127.0.0.1",
      stateDir: join(root, "tls"),
      signingKey: "memory",
      location: folder,
    });
    const emu = Object.assign(running.emulator, { clock: { advance: () => undefined } });
    await setAiTier(emu, "Standard");
    await running.close();
    expect(existsSync(fileOf(folder))).toBe(true);
    expect(savedState(folder).state["subscriptions"]).toHaveLength(1);
  });
});
