import { beforeEach, describe, expect, it, vi } from "vitest";
import { armToken, base, claims, subs, tenants, testEmulator, users, type TestEmulator } from "../../../emulator/test-support";
import { listSubscriptions } from "./directories";
import { ArmError, ForeignOriginError, UnexpectedResponseError } from "./errors";
import { listPricings } from "./pricings";
import { emulatedArm, emulatorConfig } from "./test-support";

const connectivity = vi.hoisted(() => [] as string[]);
vi.mock("./notices", () => ({
  showRetryNotice: () => () => undefined,
  reportThrottled: () => undefined,
  reportConnectivity: (state: string) => connectivity.push(state),
}));

let emu: TestEmulator;
let arm: ReturnType<typeof emulatedArm>;
beforeEach(async () => {
  connectivity.length = 0;
  emu = await testEmulator();
  arm = emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) });
});

const production = { tenantId: tenants.contoso, subscriptionId: subs.production };
const pricingsGet = { method: "GET", path: `/subscriptions/${subs.production}/providers/Microsoft.Security/pricings` };
const answer = (match: { method: string; path: string }, body: string) =>
  emu.faults.add({ match, count: 1, fault: { kind: "body", body } });

describe("ARM client", () => {
  it("follows a nextLink on the ARM origin, with the directory's token on every page", async () => {
    const subscriptions = await listSubscriptions(arm.client, tenants.contoso);
    expect(subscriptions.map((subscription) => subscription.subscriptionId)).toEqual(
      expect.arrayContaining([subs.production, subs.aiResearch, subs.sandbox, subs.legacy]),
    );
    // The emulator pages three subscriptions at a time.
    expect(arm.sent.length).toBeGreaterThan(1);
    expect(arm.sent.every((request) => new URL(request.url).origin === base)).toBe(true);
    expect(arm.sent.map((request) => claims(request.authorization?.replace("Bearer ", "") ?? "")["tid"])).toEqual(
      arm.sent.map(() => tenants.contoso),
    );
  });

  it("lets the browser reuse CORS preflights: fetch's default cache mode, not the SDK's no-store", async () => {
    await listPricings(arm.client, production);
    expect(arm.sent.map((request) => request.cache)).toEqual(["default"]);
  });

  it.each([
    "https://attacker.example/subscriptions?api-version=2022-12-01",
    "//attacker.example/subscriptions",
    "https://localhost.attacker.example:8443/subscriptions",
    "https://localhost:8444/subscriptions",
  ])("refuses a nextLink to %s before a token is attached, without retrying", async (nextLink) => {
    answer({ method: "GET", path: "/subscriptions" }, JSON.stringify({ value: [], nextLink }));
    await expect(listSubscriptions(arm.client, tenants.contoso)).rejects.toBeInstanceOf(ForeignOriginError);
    expect(arm.sent.map((request) => new URL(request.url).origin)).toEqual([base]);
    expect(arm.tokenRequests).toHaveLength(1);
  });

  it("sends no token over http: the request is refused before a token is asked for", async () => {
    const config = emulatorConfig(base);
    const insecure = emulatedArm(emu, {
      endpoint: base,
      mint: (tenantId) => armToken(emu, users.adele.upn, tenantId),
      config: { ...config, arm: { ...config.arm, endpoint: "http://localhost:8443" } },
    });
    await expect(listPricings(insecure.client, production)).rejects.toThrow(/non-https/);
    expect(insecure.tokenRequests).toEqual([]);
    expect(insecure.sent).toEqual([]);
  });

  it("throws ARM's error with its code, message and request id", async () => {
    const sandbox = listPricings(arm.client, { tenantId: tenants.contoso, subscriptionId: subs.sandbox });
    await expect(sandbox).rejects.toBeInstanceOf(ArmError);
    await expect(sandbox).rejects.toMatchObject({
      status: 404,
      code: "Subscription Not Registered",
      message: "Please register to Microsoft.Security in order to view your security status",
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
  });

  it("refuses a body that is not JSON, naming the operation and the request id", async () => {
    answer(pricingsGet, "{ this is not json");
    const listing = listPricings(arm.client, production);
    await expect(listing).rejects.toBeInstanceOf(UnexpectedResponseError);
    await expect(listing).rejects.toMatchObject({
      message: "Unexpected response from the Defender plans: the body is not JSON",
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
  });

  it("refuses a body of the wrong shape, saying where it is wrong", async () => {
    answer(pricingsGet, JSON.stringify({ value: [{ id: "/x/AI", name: "AI", properties: {} }] }));
    await expect(listPricings(arm.client, production)).rejects.toThrow(
      /^Unexpected response from the Defender plans: value\.0\.properties\.pricingTier: /,
    );
  });

  it("says Azure is reachable once it answers, even with an error", async () => {
    await listPricings(arm.client, production);
    await expect(listPricings(arm.client, { tenantId: tenants.contoso, subscriptionId: subs.sandbox })).rejects.toBeInstanceOf(ArmError);
    expect(connectivity).toEqual(["online", "online"]);
  });
});
