import { beforeEach, describe, expect, it } from "vitest";
import { armToken, base, call, errorOf, pricingPath, subs, tenants, testEmulator, users, type TestEmulator } from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

describe("tenants and subscriptions", () => {
  it("lists the user's directories, home and guest", async () => {
    const token = await armToken(emu, users.adele.upn);
    const res = await call(emu, "GET", "/tenants?api-version=2022-12-01", { token });
    expect(res.status).toBe(200);
    expect(res.json["value"]).toEqual([
      {
        id: `/tenants/${tenants.contoso}`,
        tenantId: tenants.contoso,
        countryCode: "US",
        displayName: "Contoso",
        domains: ["contoso.onmicrosoft.com"],
        tenantCategory: "Home",
        defaultDomain: "contoso.onmicrosoft.com",
        tenantType: "AAD",
      },
      {
        id: `/tenants/${tenants.fabrikam}`,
        tenantId: tenants.fabrikam,
        countryCode: "US",
        displayName: "Fabrikam",
        domains: ["fabrikam.onmicrosoft.com"],
        tenantCategory: "Home",
        defaultDomain: "fabrikam.onmicrosoft.com",
        tenantType: "AAD",
      },
    ]);
    const lynne = await call(emu, "GET", "/tenants?api-version=2022-12-01", { token: await armToken(emu, users.lynne.upn) });
    expect((lynne.json["value"] as unknown[]).length).toBe(1);
  });

  it("pages the token tenant's subscriptions with a full-URL nextLink", async () => {
    const token = await armToken(emu, users.adele.upn);
    const first = await call(emu, "GET", "/subscriptions?api-version=2022-12-01", { token });
    expect(first.status).toBe(200);
    const page1 = first.json["value"] as Array<{ displayName: string; state: string; tenantId: string }>;
    expect(page1.map((s) => s.displayName)).toEqual(["Contoso Production", "Contoso AI Research", "Contoso Sandbox"]);
    const nextLink = first.json["nextLink"];
    expect(typeof nextLink).toBe("string");
    expect(String(nextLink).startsWith(`${base}/subscriptions?`)).toBe(true);
    const second = await call(emu, "GET", String(nextLink).slice(base.length), { token });
    const page2 = second.json["value"] as Array<{ displayName: string; state: string }>;
    expect(page2.map((s) => [s.displayName, s.state])).toEqual([["Contoso Legacy", "Disabled"]]);
    expect(second.json["nextLink"]).toBeUndefined();

    const fabrikam = await call(emu, "GET", "/subscriptions?api-version=2022-12-01", {
      token: await armToken(emu, users.adele.upn, tenants.fabrikam),
    });
    expect((fabrikam.json["value"] as Array<{ displayName: string }>).map((s) => s.displayName)).toEqual(["Fabrikam Shared Services"]);
  });

  it("builds nextLink from the emulator's public URL, never from the request's Host", async () => {
    const token = await armToken(emu, users.adele.upn);
    // Over a socket, the request's URL is made from its Host header, which any client sets.
    const res = await emu.fetch(
      new Request("https://attacker.example:9999/subscriptions?api-version=2022-12-01", {
        headers: { Authorization: `Bearer ${token}`, Host: "attacker.example:9999" },
      }),
    );
    expect(res.status).toBe(200);
    const nextLink = String(((await res.json()) as { nextLink?: string }).nextLink);
    expect(nextLink.startsWith(`${base}/subscriptions?api-version=2022-12-01&%24skiptoken=`)).toBe(true);

    // Another configured public URL (say, behind a proxy) is what the link names.
    const proxied = await testEmulator({}, () => {}, { publicUrl: "https://emulator.test:7443" });
    const proxiedToken = await armToken(proxied, users.adele.upn);
    const behindProxy = await proxied.fetch(
      new Request("https://localhost:8443/subscriptions?api-version=2022-12-01", { headers: { Authorization: `Bearer ${proxiedToken}` } }),
    );
    expect(((await behindProxy.json()) as { nextLink?: string }).nextLink).toMatch(/^https:\/\/emulator\.test:7443\/subscriptions\?/);
  });

  it("shows Contoso Security Operations to Megan alone: the other accounts see the same subscriptions as before", async () => {
    const names = async (upn: string) => {
      const token = await armToken(emu, upn);
      const seen: string[] = [];
      for (let path: string | undefined = "/subscriptions?api-version=2022-12-01"; path !== undefined;) {
        const res = await call(emu, "GET", path, { token });
        seen.push(...(res.json["value"] as Array<{ displayName: string }>).map((s) => s.displayName));
        path = typeof res.json["nextLink"] === "string" ? res.json["nextLink"].slice(base.length) : undefined;
      }
      return seen;
    };
    const contoso = ["Contoso Production", "Contoso AI Research", "Contoso Sandbox", "Contoso Legacy"];
    for (const user of [users.adele, users.alex, users.lynne]) expect(await names(user.upn), user.upn).toEqual(contoso);
    expect(await names(users.megan.upn)).toEqual(["Contoso Security Operations"]);
    // No one else holds a role there, at the subscription or above it (the tenant's root group).
    const others = emu.context.seed.roleAssignments.map((ra) => ra.principalId).filter((id) => id !== users.megan.oid);
    for (const id of others) expect(emu.context.directory.rolesAt(id, `/subscriptions/${subs.securityOps}`), id).toEqual([]);
    const hidden = await call(emu, "GET", `/subscriptions/${subs.securityOps}?api-version=2022-12-01`, {
      token: await armToken(emu, users.adele.upn),
    });
    expect(errorOf(hidden).code).toBe("SubscriptionNotFound");
  });

  it("gets one subscription; another tenant's subscription is refused", async () => {
    const token = await armToken(emu, users.lynne.upn);
    const res = await call(emu, "GET", `/SUBSCRIPTIONS/${subs.production}?api-version=2020-01-01`, { token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: `/subscriptions/${subs.production}`,
      subscriptionId: subs.production,
      tenantId: tenants.contoso,
      displayName: "Contoso Production",
      state: "Enabled",
      authorizationSource: "RoleBased",
    });
    const other = await call(emu, "GET", `/subscriptions/${subs.fabrikamShared}?api-version=2022-12-01`, { token });
    expect(other.status).toBe(401);
    expect(errorOf(other).code).toBe("InvalidAuthenticationTokenTenant");
    const unknown = await call(emu, "GET", "/subscriptions/00000000-0000-0000-0000-000000000000?api-version=2022-12-01", { token });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe("SubscriptionNotFound");
  });
});

describe("api-version", () => {
  it("requires it", async () => {
    const res = await call(emu, "GET", "/subscriptions", { token: await armToken(emu, users.adele.upn) });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: "MissingApiVersionParameter",
      message: "The api-version query parameter (?api-version=) is required for all requests.",
    });
  });

  it("refuses an unsupported one on ARM-owned routes with InvalidApiVersionParameter", async () => {
    const res = await call(emu, "GET", "/subscriptions?api-version=2099-01-01", { token: await armToken(emu, users.adele.upn) });
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe("InvalidApiVersionParameter");
    expect(errorOf(res).message).toMatch(/^The api-version '2099-01-01' is invalid\. The supported versions are '.*2022-12-01.*'\.$/);
  });

  it("refuses an unsupported one on pricings with NoRegisteredProviderFound", async () => {
    const res = await call(emu, "GET", pricingPath(subs.production, "AI", "2021-01-01"), { token: await armToken(emu, users.adele.upn) });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: "NoRegisteredProviderFound",
      message:
        "No registered resource provider found for location 'global' and API version '2021-01-01' for type 'pricings'. The supported api-versions are '2022-03-01, 2023-01-01, 2024-01-01, 2026-07-01'.",
    });
  });
});

describe("routing and CORS", () => {
  it("answers preflight requests", async () => {
    const res = await emu.fetch(
      new Request(`${base}${pricingPath(subs.production, "AI")}`, {
        method: "OPTIONS",
        headers: {
          Origin: "http://localhost:5173",
          "Access-Control-Request-Method": "PUT",
          "Access-Control-Request-Headers": "authorization,content-type,x-ms-client-request-id",
        },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization, content-type, x-ms-client-request-id");
  });

  it("exposes the ARM headers on real responses", async () => {
    const res = await call(emu, "GET", "/subscriptions?api-version=2022-12-01", {
      token: await armToken(emu, users.adele.upn),
      headers: { Origin: "http://localhost:5173" },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-expose-headers")).toContain("x-ms-request-id");
    expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });

  it("never answers an unknown operation with 200", async () => {
    const token = await armToken(emu, users.adele.upn);
    const res = await call(emu, "GET", `/subscriptions/${subs.production}/resourceGroups?api-version=2021-04-01`, { token });
    expect(res.status).toBe(501);
    expect(errorOf(res).message).toContain(`does not implement GET /subscriptions/${subs.production}/resourceGroups`);
    const other = await call(emu, "GET", "/nothing-here");
    expect(other.status).toBe(404);
  });

  it("throttles reads per subscription and principal with 429 and Retry-After", async () => {
    const token = await armToken(emu, users.adele.upn);
    let last = await call(emu, "GET", pricingPath(subs.production, "AI"), { token });
    for (let i = 0; i < 500 && last.status === 200; i++) last = await call(emu, "GET", pricingPath(subs.production, "AI"), { token });
    expect(last.status).toBe(429);
    expect(errorOf(last).code).toBe("SubscriptionRequestsThrottled");
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // another principal is not affected
    expect((await call(emu, "GET", pricingPath(subs.production, "AI"), { token: await armToken(emu, users.lynne.upn) })).status).toBe(200);
  });
});

describe("control API", () => {
  it("mints ARM tokens for seeded users, and is absent outside test mode", async () => {
    const res = await emu.fetch(
      new Request(`${base}/__emulator/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ upn: users.adele.upn, tenantId: tenants.fabrikam }),
      }),
    );
    const body = (await res.json()) as { access_token: string; objectId: string };
    expect(body.objectId).toBe(users.adele.fabrikamOid);
    expect(
      (await call(emu, "GET", `/subscriptions/${subs.fabrikamShared}?api-version=2022-12-01`, { token: body.access_token })).status,
    ).toBe(200);

    const settings = await emu.fetch(
      new Request(`${base}/__emulator/settings`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ putDurationMs: 5 }),
      }),
    );
    expect(((await settings.json()) as { putDurationMs: number }).putDurationMs).toBe(5);

    const { createEmulator } = await import("../server");
    const dev = await createEmulator({ signingKey: emu.context.signingKey });
    expect((await dev.fetch(new Request(`${base}/__emulator/reset`, { method: "POST" }))).status).toBe(404);
  });
});
