import { SignJWT, UnsecuredJWT } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { createSigningKey } from "../certificate";
import { armToken, base, call, claims, errorOf, pricingPath, subs, tenants, testEmulator, users, type TestEmulator } from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const aiPath = pricingPath(subs.production, "AI");

describe("ARM authentication", () => {
  it("refuses a call without Authorization header (401 AuthenticationFailed)", async () => {
    const res = await call(emu, "GET", aiPath);
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({
      code: "AuthenticationFailed",
      message: "Authentication failed. The 'Authorization' header is missing.",
    });
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a malformed token", async () => {
    const res = await call(emu, "GET", aiPath, { token: "not.a.jwt" });
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({ code: "InvalidAuthenticationToken", message: "The access token is invalid." });
  });

  it("refuses a non-Bearer Authorization header", async () => {
    const res = await call(emu, "GET", aiPath, { headers: { Authorization: "Basic YWRtaW46YWRtaW4=" } });
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe("AuthenticationFailed");
  });

  it("refuses alg none even with valid-looking claims", async () => {
    const good = claims(await armToken(emu, users.adele.upn));
    const unsigned = new UnsecuredJWT(good).encode();
    const res = await call(emu, "GET", aiPath, { token: unsigned });
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe("InvalidAuthenticationToken");
  });

  it("refuses a token signed by another key with the emulator's kid", async () => {
    const good = claims(await armToken(emu, users.adele.upn));
    const other = await createSigningKey();
    const forged = await new SignJWT(good)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: emu.context.signingKey.kid })
      .sign(other.privateKey);
    const res = await call(emu, "GET", aiPath, { token: forged });
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe("InvalidAuthenticationToken");
  });

  it("refuses an expired token with ExpiredAuthenticationToken and WWW-Authenticate", async () => {
    const token = await armToken(emu, users.adele.upn, undefined, { issuedAt: Date.now() - 3 * 3600_000, lifetimeSeconds: 3600 });
    const res = await call(emu, "GET", aiPath, { token });
    expect(res.status).toBe(401);
    const error = errorOf(res);
    expect(error.code).toBe("ExpiredAuthenticationToken");
    expect(error.message).toMatch(
      /^The access token expiry UTC time '\d+\/\d+\/\d{4} \d+:\d{2}:\d{2} [AP]M' is earlier than current UTC time '.+'\.$/,
    );
    expect(res.headers.get("www-authenticate")).toBe(
      `Bearer authorization_uri="https://localhost:8443/${tenants.contoso}", error="invalid_token", error_description="The access token has expired."`,
    );
  });

  it("refuses a token that is not yet valid (nbf beyond the clock skew)", async () => {
    const token = await armToken(emu, users.adele.upn, undefined, { issuedAt: Date.now() + 3600_000 });
    const res = await call(emu, "GET", aiPath, { token });
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe("InvalidAuthenticationToken");
  });

  it("refuses a token for another audience (e.g. Microsoft Graph)", async () => {
    const token = await armToken(emu, users.adele.upn, undefined, { audience: "https://graph.microsoft.com" });
    const res = await call(emu, "GET", aiPath, { token });
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe("InvalidAuthenticationTokenAudience");
    expect(errorOf(res).message).toContain("'https://graph.microsoft.com'");
  });

  it("accepts the management.core.windows.net audience too", async () => {
    const token = await armToken(emu, users.adele.upn, undefined, { audience: "https://management.core.windows.net/" });
    expect((await call(emu, "GET", aiPath, { token })).status).toBe(200);
  });

  it("refuses a token of another tenant for a subscription (InvalidAuthenticationTokenTenant)", async () => {
    const token = await armToken(emu, users.adele.upn); // Contoso token
    const res = await call(emu, "GET", pricingPath(subs.fabrikamShared, "AI"), { token });
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({
      code: "InvalidAuthenticationTokenTenant",
      message: `The access token is from the wrong issuer 'https://localhost:8443/${tenants.contoso}/'. It must match the tenant 'https://localhost:8443/${tenants.fabrikam}/' associated with this subscription. Please use the authority (URL) 'https://localhost:8443/${tenants.fabrikam}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
    });
  });

  it("accepts the guest token of the right tenant", async () => {
    const token = await armToken(emu, users.adele.upn, tenants.fabrikam);
    expect(claims(token)["oid"]).toBe(users.adele.fabrikamOid);
    expect((await call(emu, "GET", pricingPath(subs.fabrikamShared, "AI"), { token })).status).toBe(200);
  });

  it("echoes the client's correlation and client request ids", async () => {
    const token = await armToken(emu, users.adele.upn);
    const res = await call(emu, "GET", aiPath, {
      token,
      headers: { "x-ms-correlation-request-id": "corr-1", "x-ms-client-request-id": "client-1" },
    });
    expect(res.headers.get("x-ms-correlation-request-id")).toBe("corr-1");
    expect(res.headers.get("x-ms-client-request-id")).toBe("client-1");
    expect(res.headers.get("x-ms-ratelimit-remaining-subscription-reads")).toBe("249");
  });
});

describe("ARM authorization", () => {
  it("refuses a Reader writing pricings with the exact AuthorizationFailed message", async () => {
    const token = await armToken(emu, users.lynne.upn);
    const res = await call(emu, "PUT", aiPath, { token, body: { properties: { pricingTier: "Standard" } } });
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({
      code: "AuthorizationFailed",
      message: `The client 'lynne@contoso.onmicrosoft.com' with object id '${users.lynne.oid}' does not have authorization to perform action 'Microsoft.Security/pricings/write' over scope '/subscriptions/${subs.production}/providers/Microsoft.Security/pricings/AI' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
    // and nothing changed
    const after = await call(emu, "GET", aiPath, { token });
    expect((after.json["properties"] as { pricingTier: string }).pricingTier).toBe("Free");
  });

  it("lets a Reader read pricings", async () => {
    const token = await armToken(emu, users.lynne.upn);
    expect((await call(emu, "GET", aiPath, { token })).status).toBe(200);
  });

  it("refuses a Reader registering Microsoft.Security", async () => {
    const token = await armToken(emu, users.lynne.upn);
    const res = await call(emu, "POST", `/subscriptions/${subs.sandbox}/providers/Microsoft.Security/register?api-version=2021-04-01`, {
      token,
    });
    expect(res.status).toBe(403);
    expect(errorOf(res).message).toContain("'Microsoft.Security/register/action' over scope '/subscriptions/" + subs.sandbox + "'");
  });

  it("hides a subscription from a principal with no role: 404 on GET, 403 on provider routes", async () => {
    const token = await armToken(emu, users.adele.upn, tenants.fabrikam);
    // Adele's guest account without its only role assignment.
    const noRole = await testEmulator({}, (seed) => {
      seed.roleAssignments = seed.roleAssignments.filter((ra) => ra.principalId !== users.adele.fabrikamOid);
    });
    const t = await armToken(noRole, users.adele.upn, tenants.fabrikam);
    const get = await call(noRole, "GET", `/subscriptions/${subs.fabrikamShared}?api-version=2022-12-01`, { token: t });
    expect(get.status).toBe(404);
    expect(errorOf(get)).toEqual({
      code: "SubscriptionNotFound",
      message: `The subscription '${subs.fabrikamShared}' could not be found.`,
    });
    const list = await call(noRole, "GET", pricingPath(subs.fabrikamShared), { token: t });
    expect(list.status).toBe(403);
    expect(errorOf(list).code).toBe("AuthorizationFailed");
    expect(errorOf(list).message).toContain(`with object id '${users.adele.fabrikamOid}'`);
    const subsList = await call(noRole, "GET", "/subscriptions?api-version=2022-12-01", { token: t });
    expect(subsList.json["value"]).toEqual([]);
    // the original emulator still shows it
    expect((await call(emu, "GET", `/subscriptions/${subs.fabrikamShared}?api-version=2022-12-01`, { token })).status).toBe(200);
  });

  it("returns the caller's permissions, one entry per role assignment", async () => {
    const token = await armToken(emu, users.alex.upn);
    const res = await call(
      emu,
      "GET",
      `/subscriptions/${subs.production}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
      { token },
    );
    expect(res.status).toBe(200);
    const value = res.json["value"] as Array<{ actions: string[]; notActions: string[]; dataActions: string[] }>;
    expect(value).toHaveLength(1);
    expect(value[0]?.actions).toContain("Microsoft.Security/*");
    expect(value[0]?.dataActions).toEqual([]);
  });
});

describe("ARM's required token claims", () => {
  const invalidTokenChallenge = `Bearer authorization_uri="https://localhost:8443/", error="invalid_token", error_description="The access token is invalid."`;

  /** Signs `claims` with the emulator's own key, as a token it minted would be: only the claims differ. */
  const sign = (body: Record<string, unknown>) =>
    new SignJWT(body)
      .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: emu.context.signingKey.kid, x5t: emu.context.signingKey.kid })
      .sign(emu.context.signingKey.privateKey);
  const without = (body: Record<string, unknown>, name: string) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== name));

  async function expectInvalidToken(token: string, why: string) {
    const res = await call(emu, "GET", aiPath, { token });
    expect(res.status, why).toBe(401);
    expect(errorOf(res), why).toEqual({ code: "InvalidAuthenticationToken", message: "The access token is invalid." });
    expect(res.headers.get("www-authenticate"), why).toBe(invalidTokenChallenge);
    expect(res.headers.get("x-ms-ratelimit-remaining-subscription-reads"), why).toBeNull();
  }

  /** An app-only token of the seeded service principal (Reader on Contoso Production), through the real grant. */
  async function appOnlyClaims(): Promise<Record<string, unknown>> {
    const res = await emu.fetch(
      new Request(`${base}/${tenants.contoso}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c",
          client_secret: "local-emulator-only~NOT-A-REAL-SECRET~8Q",
          scope: "https://management.azure.com/.default",
        }),
      }),
    );
    return claims(((await res.json()) as { access_token: string }).access_token);
  }

  it("are all in the tokens the emulator mints, delegated and app-only", async () => {
    const user = claims(await armToken(emu, users.adele.upn));
    for (const name of ["exp", "iat", "nbf", "tid", "oid"]) expect(user, name).toHaveProperty(name);
    expect(user["scp"]).toBe("user_impersonation");
    const app = await appOnlyClaims();
    for (const name of ["exp", "iat", "nbf", "tid", "oid"]) expect(app, name).toHaveProperty(name);
    // As Entra issues them for ARM: no scp, no roles (ARM exposes no app roles), idtyp "app".
    expect(app["idtyp"]).toBe("app");
    expect(app).not.toHaveProperty("scp");
    expect(app).not.toHaveProperty("roles");
  });

  it("accept a hand-signed copy of a good token (the forging itself is sound)", async () => {
    const good = claims(await armToken(emu, users.adele.upn));
    expect((await call(emu, "GET", aiPath, { token: await sign(good) })).status).toBe(200);
    expect((await call(emu, "GET", aiPath, { token: await sign(await appOnlyClaims()) })).status).toBe(200);
  });

  it("refuse a delegated token without exp, iat, nbf, tid, oid or scp (401 InvalidAuthenticationToken)", async () => {
    const good = claims(await armToken(emu, users.adele.upn));
    for (const name of ["exp", "iat", "nbf", "tid", "oid", "scp"])
      await expectInvalidToken(await sign(without(good, name)), `without ${name}`);
  });

  it("refuse a delegated token whose scp does not grant ARM, or that carries roles instead", async () => {
    const good = claims(await armToken(emu, users.adele.upn));
    await expectInvalidToken(await sign({ ...good, scp: "User.Read openid profile" }), "scp without user_impersonation");
    await expectInvalidToken(await sign({ ...good, scp: "" }), "empty scp");
    await expectInvalidToken(await sign({ ...without(good, "scp"), roles: ["user_impersonation"] }), "roles instead of scp");
    // Several scopes, one of them ARM's: accepted, whatever its case.
    expect((await call(emu, "GET", aiPath, { token: await sign({ ...good, scp: "openid User_Impersonation" }) })).status).toBe(200);
  });

  it("refuse an app-only token without exp, iat, nbf, tid or oid, and a user's token posing as app-only without idtyp", async () => {
    const app = await appOnlyClaims();
    for (const name of ["exp", "iat", "nbf", "tid", "oid"])
      await expectInvalidToken(await sign(without(app, name)), `app-only without ${name}`);
    // Without idtyp "app" a token is delegated, and then needs scp.
    await expectInvalidToken(await sign(without(app, "idtyp")), "app-only without idtyp");
  });
});
