import { beforeEach, describe, expect, it } from "vitest";
import { armToken, base, claims, subs, tenants, testEmulator, users, type TestEmulator } from "../../../emulator/test-support";
import { listSubscriptions } from "./directories";
import { ArmError } from "./errors";
import { listPricings } from "./pricings";
import { emulatedArm } from "./test-support";

let emu: TestEmulator;
let arm: ReturnType<typeof emulatedArm>;
beforeEach(async () => {
  emu = await testEmulator();
  arm = emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) });
});

const production = { tenantId: tenants.contoso, subscriptionId: subs.production };
const pricingsGet = { method: "GET", path: `/subscriptions/${subs.production}/providers/Microsoft.Security/pricings` };
const tokenSent = (index: number) => arm.sent[index]?.authorization?.replace(/^Bearer /, "") ?? "";
const refreshes = () => arm.tokenRequests.filter((request) => request.refresh).length;

describe("tenant token policy", () => {
  it("renews a token ARM finds expired once, through MSAL's refresh token, and later calls use the new one", async () => {
    await listPricings(arm.client, production);
    // Past the token's lifetime and ARM's five minutes of clock skew; MSAL's own clock has not moved.
    emu.clock.advance((3600 + 301) * 1000);

    await listPricings(arm.client, production);
    await listPricings(arm.client, production);
    // Requests within a second share MSAL's answer; the renewed token replaces the refused one for all.
    expect(arm.tokenRequests.map((request) => request.refresh)).toEqual([false, true]);
    expect(tokenSent(1)).toBe(tokenSent(0));
    expect(tokenSent(2)).not.toBe(tokenSent(1));
    expect(tokenSent(3)).toBe(tokenSent(2));
    expect(arm.sent).toHaveLength(4);
  });

  it("renews also when the browser cannot read WWW-Authenticate (ARM's CORS answer need not expose it)", async () => {
    const withoutChallengeHeader = async (request: Request) => {
      const response = await emu.fetch(request);
      const headers = new Headers(response.headers);
      headers.delete("www-authenticate");
      return new Response(response.body, { status: response.status, headers });
    };
    const browserView = emulatedArm(
      { fetch: withoutChallengeHeader },
      { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) },
    );
    await listPricings(browserView.client, production);
    emu.clock.advance((3600 + 301) * 1000);

    await listPricings(browserView.client, production);
    expect(browserView.tokenRequests.map((request) => request.refresh)).toEqual([false, true]);
    const sentToken = (index: number) => browserView.sent[index]?.authorization ?? "";
    expect(browserView.sent).toHaveLength(3);
    expect(sentToken(2)).not.toBe(sentToken(1));
  });

  it("throws the 401 that comes back after the one renewal", async () => {
    emu.faults.add({ match: pricingsGet, count: 2, fault: { kind: "status", status: 401, code: "ExpiredAuthenticationToken" } });
    const listing = listPricings(arm.client, production);
    await expect(listing).rejects.toBeInstanceOf(ArmError);
    await expect(listing).rejects.toMatchObject({ status: 401, code: "ExpiredAuthenticationToken" });
    expect(refreshes()).toBe(1);
    expect(arm.sent).toHaveLength(2);
  });

  it("does not renew for a 401 a fresh token would not fix", async () => {
    emu.faults.add({ match: pricingsGet, count: 1, fault: { kind: "status", status: 401, code: "InvalidAuthenticationTokenTenant" } });
    await expect(listPricings(arm.client, production)).rejects.toMatchObject({ status: 401, code: "InvalidAuthenticationTokenTenant" });
    expect(refreshes()).toBe(0);
    expect(arm.sent).toHaveLength(1);
  });

  it("sends each directory's calls with that directory's token", async () => {
    await listSubscriptions(arm.client, tenants.fabrikam);
    await listPricings(arm.client, production);
    await listSubscriptions(arm.client, tenants.fabrikam);
    expect(arm.sent.map((_, index) => claims(tokenSent(index))["tid"])).toEqual([tenants.fabrikam, tenants.contoso, tenants.fabrikam]);
    // The third call, within a second of the first, shares the first's token.
    expect(arm.tokenRequests.map((request) => request.tenantId)).toEqual([tenants.fabrikam, tenants.contoso]);
  });

  it("asks MSAL again once a second has passed, so a token MSAL renewed is picked up", async () => {
    await listPricings(arm.client, production);
    await listPricings(arm.client, production);
    expect(arm.tokenRequests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await listPricings(arm.client, production);
    expect(arm.tokenRequests).toHaveLength(2);
  });
});
