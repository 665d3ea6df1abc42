import { beforeEach, describe, expect, it } from "vitest";
import {
  armScope,
  authorizeParams,
  base,
  call,
  claims,
  clientId,
  parseRedirect,
  pkce,
  pricingPath,
  redirectUri,
  signIn,
  subs,
  tenants,
  testEmulator,
  tokenRequest,
  users,
  type TestEmulator,
} from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const homeClientInfo = Buffer.from(JSON.stringify({ uid: users.adele.oid, utid: tenants.contoso })).toString("base64url");

async function codeFor(oid: string, tenant = "organizations") {
  const { verifier, challenge } = pkce();
  const { fragment, cookie, res } = await signIn(emu, oid, challenge, tenant);
  expect(res.status).toBe(302);
  return { code: fragment.get("code") ?? "", verifier, cookie, fragment };
}

const redeem = (code: string, verifier: string, tenant = "organizations", extra: Record<string, string> = {}) =>
  tokenRequest(emu, tenant, {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
    scope: `${armScope} openid profile offline_access`,
    ...extra,
  });

describe("metadata", () => {
  it("publishes openid-configuration per tenant and for organizations, with CORS", async () => {
    const res = await emu.fetch(
      new Request(`${base}/${tenants.contoso}/v2.0/.well-known/openid-configuration`, { headers: { Origin: "http://localhost:5173" } }),
    );
    const body = (await res.json()) as Record<string, string>;
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    // Entra lets clients keep discovery documents for a day (the browser's cache then answers MSAL).
    expect(res.headers.get("cache-control")).toBe("max-age=86400, private");
    expect(body["issuer"]).toBe(`${base}/${tenants.contoso}/v2.0`);
    expect(body["authorization_endpoint"]).toBe(`${base}/${tenants.contoso}/oauth2/v2.0/authorize`);
    expect(body["jwks_uri"]).toBe(`${base}/${tenants.contoso}/discovery/v2.0/keys`);
    const org = (await (await emu.fetch(new Request(`${base}/organizations/v2.0/.well-known/openid-configuration`))).json()) as Record<
      string,
      string
    >;
    expect(org["issuer"]).toBe(`${base}/{tenantid}/v2.0`);
    const keys = (await (await emu.fetch(new Request(`${base}/organizations/discovery/v2.0/keys`))).json()) as {
      keys: Array<{ kid: string; d?: string }>;
    };
    expect(keys.keys[0]?.kid).toBe(emu.context.signingKey.kid);
    expect(keys.keys[0]?.d).toBeUndefined();
  });
});

describe("authorize", () => {
  it("shows the account picker, escaping what it renders", async () => {
    const { challenge } = pkce();
    const params = authorizeParams(challenge, { state: '"><script>alert(1)</script>' });
    const res = await emu.fetch(new Request(`${base}/organizations/oauth2/v2.0/authorize?${params.toString()}`));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Adele Vance");
    expect(html).toContain("Security Admin on Contoso Production");
    expect(html).not.toContain("<script>alert(1)</script>");
  });

  it("refuses an unregistered redirect URI with an error page, never a redirect", async () => {
    const { challenge } = pkce();
    const params = authorizeParams(challenge, { redirect_uri: "https://evil.example/cb" });
    const res = await emu.fetch(new Request(`${base}/organizations/oauth2/v2.0/authorize?${params.toString()}`));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("AADSTS50011");
  });

  it("requires PKCE S256", async () => {
    const params = authorizeParams("x", {});
    params.delete("code_challenge");
    const res = await emu.fetch(new Request(`${base}/organizations/oauth2/v2.0/authorize?${params.toString()}`));
    const { fragment } = parseRedirect(res);
    expect(fragment.get("error")).toBe("invalid_request");
    expect(fragment.get("error_description")).toContain("AADSTS9002325");
  });

  it("prompt=none without a session answers login_required, with the state", async () => {
    const { challenge } = pkce();
    const params = authorizeParams(challenge, { prompt: "none" });
    const res = await emu.fetch(new Request(`${base}/organizations/oauth2/v2.0/authorize?${params.toString()}`));
    expect(res.status).toBe(302);
    const { location, fragment } = parseRedirect(res);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(fragment.get("error")).toBe("login_required");
    expect(fragment.get("error_description")).toMatch(/^AADSTS50058: /);
    expect(fragment.get("state")).toBe("eyJpZCI6IjEyMyJ9|custom+state/=");
  });

  it("prompt=none with a session answers a code (SSO), and a session for a non-member is interaction_required", async () => {
    const { cookie } = await codeFor(users.alex.oid);
    expect(cookie).toMatch(/^ESTSAUTH=/);
    const { challenge } = pkce();
    const silent = await emu.fetch(
      new Request(`${base}/organizations/oauth2/v2.0/authorize?${authorizeParams(challenge, { prompt: "none" }).toString()}`, {
        headers: { Cookie: cookie ?? "" },
      }),
    );
    const { fragment } = parseRedirect(silent);
    expect(fragment.get("code")).toBeTruthy();
    expect(fragment.get("state")).toBe("eyJpZCI6IjEyMyJ9|custom+state/=");
    expect(fragment.get("session_state")).toBeTruthy();

    const fabrikam = await emu.fetch(
      new Request(`${base}/${tenants.fabrikam}/oauth2/v2.0/authorize?${authorizeParams(challenge, { prompt: "none" }).toString()}`, {
        headers: { Cookie: cookie ?? "" },
      }),
    );
    expect(parseRedirect(fabrikam).fragment.get("error")).toBe("interaction_required");
  });

  it("sets the session cookie HttpOnly, Secure, SameSite=None and logout clears it", async () => {
    const { challenge } = pkce();
    const { res, cookie } = await signIn(emu, users.adele.oid, challenge);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(res.headers.get("set-cookie")).toMatch(/Secure/);
    expect(res.headers.get("set-cookie")).toMatch(/SameSite=None/);
    const out = await emu.fetch(
      new Request(
        `${base}/organizations/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent("http://localhost:5173/")}&state=s1`,
        { headers: { Cookie: cookie ?? "" } },
      ),
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("http://localhost:5173/?state=s1");
    const silent = await emu.fetch(
      new Request(`${base}/organizations/oauth2/v2.0/authorize?${authorizeParams(challenge, { prompt: "none" }).toString()}`, {
        headers: { Cookie: cookie ?? "" },
      }),
    );
    expect(parseRedirect(silent).fragment.get("error")).toBe("login_required");
    const evil = await emu.fetch(
      new Request(`${base}/organizations/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`),
    );
    expect(evil.status).toBe(200);
  });
});

describe("token endpoint", () => {
  it("redeems a code with the PKCE verifier: ARM token, id_token, refresh token, client_info", async () => {
    const { code, verifier, fragment } = await codeFor(users.adele.oid);
    expect(fragment.get("client_info")).toBe(homeClientInfo);
    const res = await redeem(code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const body = res.json as Record<string, string | number>;
    expect(body["token_type"]).toBe("Bearer");
    expect(body["scope"]).toBe(armScope);
    expect(body["expires_in"]).toBe(3600);
    expect(body["ext_expires_in"]).toBe(3600);
    expect(body["client_info"]).toBe(homeClientInfo);
    expect(typeof body["refresh_token"]).toBe("string");
    const access = claims(String(body["access_token"]));
    expect(access).toMatchObject({
      aud: "https://management.azure.com/",
      iss: `${base}/${tenants.contoso}/`,
      tid: tenants.contoso,
      oid: users.adele.oid,
      upn: users.adele.upn,
      scp: "user_impersonation",
      appid: clientId,
      ver: "1.0",
    });
    const id = claims(String(body["id_token"]));
    expect(id).toMatchObject({
      aud: clientId,
      iss: `${base}/${tenants.contoso}/v2.0`,
      tid: tenants.contoso,
      oid: users.adele.oid,
      preferred_username: users.adele.upn,
      name: "Adele Vance",
      nonce: "nonce-123",
      ver: "2.0",
    });
    // the token works against ARM
    expect((await call(emu, "GET", pricingPath(subs.production, "AI"), { token: String(body["access_token"]) })).status).toBe(200);
  });

  it("refuses a wrong verifier (AADSTS501481) and a reused code (AADSTS54005)", async () => {
    const { code, verifier } = await codeFor(users.adele.oid);
    const wrong = await redeem(code, `${verifier}x`);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ error: "invalid_grant", error_codes: [501481] });
    expect(String(wrong.json["error_description"])).toMatch(/^AADSTS501481: /);
    for (const key of ["timestamp", "trace_id", "correlation_id"]) expect(typeof wrong.json[key]).toBe("string");
    expect((await redeem(code, verifier)).status).toBe(200);
    const again = await redeem(code, verifier);
    expect(again.json).toMatchObject({ error: "invalid_grant", error_codes: [54005] });
  });

  it("refuses an expired code (AADSTS70008), another redirect URI, a request without Origin", async () => {
    const a = await codeFor(users.adele.oid);
    emu.clock.advance(11 * 60_000);
    expect((await redeem(a.code, a.verifier)).json).toMatchObject({ error: "invalid_grant", error_codes: [70008] });
    const b = await codeFor(users.adele.oid);
    expect((await redeem(b.code, b.verifier, "organizations", { redirect_uri: "http://localhost:4173/redirect.html" })).json).toMatchObject(
      { error_codes: [500112] },
    );
    const c = await codeFor(users.adele.oid);
    const noOrigin = await tokenRequest(
      emu,
      "organizations",
      { grant_type: "authorization_code", code: c.code, code_verifier: c.verifier, redirect_uri: redirectUri, scope: armScope },
      null,
    );
    expect(noOrigin.json).toMatchObject({ error: "invalid_request", error_codes: [9002327] });
  });

  it("refuses an unknown resource (AADSTS500011)", async () => {
    const { code, verifier } = await codeFor(users.adele.oid);
    const res = await redeem(code, verifier, "organizations", { scope: "https://vault.azure.net/user_impersonation openid" });
    expect(res.json).toMatchObject({ error: "invalid_resource", error_codes: [500011] });
  });

  it("redeems a home refresh token at another tenant: that tenant's tid/oid, client_info stays home", async () => {
    const { code, verifier } = await codeFor(users.adele.oid);
    const home = await redeem(code, verifier);
    const refresh = await tokenRequest(emu, tenants.fabrikam, {
      grant_type: "refresh_token",
      refresh_token: String(home.json["refresh_token"]),
      scope: `${armScope} openid profile offline_access`,
    });
    expect(refresh.status).toBe(200);
    const access = claims(String(refresh.json["access_token"]));
    expect(access).toMatchObject({ tid: tenants.fabrikam, oid: users.adele.fabrikamOid, iss: `${base}/${tenants.fabrikam}/` });
    expect(access["upn"]).toBeUndefined(); // guest: unique_name + idp instead
    expect(access["unique_name"]).toBe(users.adele.upn);
    expect(refresh.json["client_info"]).toBe(homeClientInfo);
    expect(claims(String(refresh.json["id_token"]))["tid"]).toBe(tenants.fabrikam);
    const arm = await call(emu, "GET", `/subscriptions?api-version=2022-12-01`, { token: String(refresh.json["access_token"]) });
    expect((arm.json["value"] as Array<{ subscriptionId: string }>).map((s) => s.subscriptionId)).toEqual([subs.fabrikamShared]);
  });

  it("refuses a refresh at a tenant the user does not belong to", async () => {
    const { code, verifier } = await codeFor(users.alex.oid);
    const home = await redeem(code, verifier);
    const res = await tokenRequest(emu, tenants.fabrikam, {
      grant_type: "refresh_token",
      refresh_token: String(home.json["refresh_token"]),
      scope: armScope,
    });
    expect(res.json).toMatchObject({ error: "invalid_grant", error_codes: [50020] });
  });

  it("issues a Graph token when only OIDC scopes are requested, which ARM refuses", async () => {
    const { code, verifier } = await codeFor(users.adele.oid);
    const res = await redeem(code, verifier, "organizations", { scope: "openid profile offline_access" });
    expect(res.status).toBe(200);
    expect(claims(String(res.json["access_token"]))["aud"]).toBe("https://graph.microsoft.com");
    const arm = await call(emu, "GET", "/subscriptions?api-version=2022-12-01", { token: String(res.json["access_token"]) });
    expect(arm.status).toBe(401);
  });

  it("signs in at a specific tenant as a guest", async () => {
    const { code, verifier } = await codeFor(users.adele.oid, tenants.fabrikam);
    const res = await redeem(code, verifier, tenants.fabrikam);
    expect(claims(String(res.json["access_token"]))["oid"]).toBe(users.adele.fabrikamOid);
    expect(res.json["client_info"]).toBe(homeClientInfo);
  });
});
