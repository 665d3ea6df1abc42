// The client_credentials grant of the seeded service principal, and how ARM authorises its
// app-only tokens through the service principal's own role assignments.
import { beforeEach, describe, expect, it } from "vitest";
import {
  base,
  call,
  claims,
  errorOf,
  pricingPath,
  subs,
  tenants,
  testEmulator,
  type JsonResponse,
  type TestEmulator,
} from "../test-support";

const sp = {
  clientId: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c",
  objectId: "4f5a6b7c-8d9e-4f0a-b1c2-d3e4f5a6b7c8",
  secret: "local-emulator-only~NOT-A-REAL-SECRET~8Q",
} as const;

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

/** A confidential client's request: no Origin header (a server or script, not a browser). */
async function appToken(tenant: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await emu.fetch(
    new Request(`${base}/${tenant}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(params),
    }),
  );
  const body: unknown = await res.json();
  return { status: res.status, headers: res.headers, body, json: body as Record<string, unknown> };
}

const grant = (overrides: Record<string, string> = {}) => ({
  grant_type: "client_credentials",
  client_id: sp.clientId,
  client_secret: sp.secret,
  scope: "https://management.azure.com/.default",
  ...overrides,
});

async function armAppToken(): Promise<string> {
  const res = await appToken(tenants.contoso, grant());
  return res.json["access_token"] as string;
}

describe("client_credentials grant", () => {
  it("issues an app-only v1 token for the service principal", async () => {
    const res = await appToken(tenants.contoso, grant());
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["access_token", "expires_in", "ext_expires_in", "token_type"]);
    const c = claims(res.json["access_token"] as string);
    expect(c).toMatchObject({
      aud: "https://management.azure.com/",
      iss: `${base}/${tenants.contoso}/`,
      tid: tenants.contoso,
      oid: sp.objectId,
      sub: sp.objectId,
      appid: sp.clientId,
      appidacr: "1",
      idtyp: "app",
      ver: "1.0",
    });
    for (const absent of ["scp", "upn", "unique_name", "name", "roles"]) expect(c).not.toHaveProperty(absent);
    expect(c["exp"]).toBe((c["iat"] as number) + 3600);
    expect(c["nbf"]).toBe(c["iat"]);
  });

  it("accepts client_secret_basic and a tenant domain as authority", async () => {
    const basic = Buffer.from(`${sp.clientId}:${encodeURIComponent(sp.secret)}`).toString("base64");
    const res = await appToken(
      "contoso.onmicrosoft.com",
      { grant_type: "client_credentials", scope: "https://management.core.windows.net//.default" },
      { Authorization: `Basic ${basic}` },
    );
    expect(res.status).toBe(200);
    expect(claims(res.json["access_token"] as string)["aud"]).toBe("https://management.core.windows.net/");
  });

  it("takes the emulator's own origin as ARM's resource id (what SDK clients given only an endpoint ask for)", async () => {
    const res = await appToken(tenants.contoso, grant({ scope: `${base}/.default` }));
    expect(res.status).toBe(200);
    const token = res.json["access_token"] as string;
    expect(claims(token)["aud"]).toBe(`${base}/`);
    expect((await call(emu, "GET", pricingPath(subs.production), { token })).status).toBe(200);
  });

  it("refuses a wrong secret with invalid_client AADSTS7000215 (HTTP 401)", async () => {
    const res = await appToken(tenants.contoso, grant({ client_secret: "wrong" }));
    expect(res.status).toBe(401);
    expect(res.json["error"]).toBe("invalid_client");
    expect(res.json["error_codes"]).toEqual([7000215]);
    expect(res.json["error_description"]).toMatch(new RegExp(`^AADSTS7000215: Invalid client secret provided\\..*app '${sp.clientId}'`));
  });

  it("refuses a missing secret with AADSTS7000218", async () => {
    const withoutSecret: Record<string, string> = grant();
    delete withoutSecret["client_secret"];
    const res = await appToken(tenants.contoso, withoutSecret);
    expect(res.status).toBe(401);
    expect(res.json["error_codes"]).toEqual([7000218]);
  });

  it("requires <resource>/.default as the scope", async () => {
    const res = await appToken(tenants.contoso, grant({ scope: "https://management.azure.com/user_impersonation" }));
    expect(res.status).toBe(400);
    expect(res.json["error"]).toBe("invalid_scope");
    expect(res.json["error_codes"]).toEqual([1002012]);
  });

  it("refuses an unknown resource, and /organizations (no tenant for an app token)", async () => {
    const unknown = await appToken(tenants.contoso, grant({ scope: "https://vault.example/.default" }));
    expect(unknown.json["error_codes"]).toEqual([500011]);
    const multi = await appToken("organizations", grant());
    expect(multi.status).toBe(400);
    expect(multi.json["error_codes"]).toEqual([50059]);
  });

  it("knows the single-tenant app only in its own directory", async () => {
    const res = await appToken(tenants.fabrikam, grant());
    expect(res.json["error"]).toBe("unauthorized_client");
    expect(res.json["error_codes"]).toEqual([700016]);
  });

  it("gives the SPA client no app-only tokens", async () => {
    const res = await appToken(tenants.contoso, grant({ client_id: "5f6a3b4e-1c2d-4e8f-9a0b-7c6d5e4f3a21" }));
    expect(res.json["error"]).toBe("invalid_client");
  });
});

describe("ARM with an app-only token", () => {
  it("lists the service principal's directory and the subscriptions it has a role on", async () => {
    const token = await armAppToken();
    const tenantList = await call(emu, "GET", "/tenants?api-version=2022-12-01", { token });
    expect((tenantList.json["value"] as { tenantId: string }[]).map((t) => t.tenantId)).toEqual([tenants.contoso]);
    const subscriptions = await call(emu, "GET", "/subscriptions?api-version=2022-12-01", { token });
    expect((subscriptions.json["value"] as { subscriptionId: string }[]).map((s) => s.subscriptionId)).toEqual([
      subs.production,
      subs.aiResearch,
    ]);
  });

  it("reads pricings where it is Reader but may not write them; the denial names the app", async () => {
    const token = await armAppToken();
    expect((await call(emu, "GET", pricingPath(subs.production), { token })).status).toBe(200);
    const put = await call(emu, "PUT", pricingPath(subs.production, "AI"), { token, body: { properties: { pricingTier: "Standard" } } });
    expect(put.status).toBe(403);
    expect(errorOf(put)).toEqual({
      code: "AuthorizationFailed",
      message: `The client '${sp.clientId}' with object id '${sp.objectId}' does not have authorization to perform action 'Microsoft.Security/pricings/write' over scope '/subscriptions/${subs.production}/providers/Microsoft.Security/pricings/AI' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
  });

  it("writes pricings as Security Admin, with role-assigning extensions failing partially", async () => {
    const token = await armAppToken();
    const off = await call(emu, "PUT", pricingPath(subs.aiResearch, "AI"), { token, body: { properties: { pricingTier: "Free" } } });
    expect(off.status).toBe(200);
    const on = await call(emu, "PUT", pricingPath(subs.aiResearch, "AI"), { token, body: { properties: { pricingTier: "Standard" } } });
    expect(on.status).toBe(200);
    const extensions = (on.json["properties"] as { extensions: { name: string; operationStatus?: { code: string } }[] }).extensions;
    expect(extensions.find((e) => e.name === "AIModelScanner")?.operationStatus?.code).toBe("Failed");
  });

  it("has no access to subscriptions without a role assignment", async () => {
    const token = await armAppToken();
    expect((await call(emu, "GET", `/subscriptions/${subs.sandbox}?api-version=2022-12-01`, { token })).status).toBe(404);
    expect((await call(emu, "GET", pricingPath(subs.sandbox), { token })).status).toBe(403);
  });
});
