// The v1 and v2 OpenID discovery documents: their shape, and that every endpoint they name is one
// the emulator answers (each is fetched and must do its job), for a tenant, organizations and common.
import { beforeEach, describe, expect, it } from "vitest";
import { serviceOf } from "../faults";
import { authorizeParams, base, claims, pkce, tenants, testEmulator, type TestEmulator } from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const sp = { clientId: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c", secret: "local-emulator-only~NOT-A-REAL-SECRET~8Q" } as const;

type Discovery = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
} & Record<string, unknown>;

const documentPath = { v1: "/.well-known/openid-configuration", v2: "/v2.0/.well-known/openid-configuration" } as const;

async function discover(
  tenant: string,
  version: "v1" | "v2",
  headers: Record<string, string> = {},
): Promise<{ res: Response; doc: Discovery }> {
  const res = await emu.fetch(new Request(`${base}/${tenant}${documentPath[version]}`, { headers }));
  return { res, doc: (await res.json()) as Discovery };
}

/** Every value of the document that is a URL of the emulator, but the issuer (an identifier, as Entra's sts.windows.net one). */
function emulatorUrls(doc: Discovery): string[] {
  return Object.entries(doc)
    .filter(([key]) => key !== "issuer")
    .map(([, v]) => v)
    .filter((v): v is string => typeof v === "string" && v.startsWith(`${base}/`));
}

/** The service principal's client_credentials request at a token endpoint, as MSAL Python sends it. */
function appTokenAt(tokenEndpoint: string): Promise<Response> {
  return emu.fetch(
    new Request(tokenEndpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: sp.clientId,
        client_secret: sp.secret,
        grant_type: "client_credentials",
        scope: "https://management.core.windows.net//.default",
      }),
    }),
  );
}

describe("v1 discovery document", () => {
  it("describes a tenant in Entra's v1 shape, with the v1 access tokens' issuer", async () => {
    for (const tenant of [tenants.contoso, "contoso.onmicrosoft.com", "CONTOSO.onmicrosoft.com"]) {
      const { res, doc } = await discover(tenant, "v1", { Origin: "http://localhost:5173" });
      expect(res.status, tenant).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
      expect(res.headers.get("cache-control")).toBe("max-age=86400, private");
      expect(doc).toMatchObject({
        // Entra: https://sts.windows.net/{tid}/, the iss of v1 access tokens; the emulator's are on its own origin.
        issuer: `${base}/${tenants.contoso}/`,
        jwks_uri: `${base}/common/discovery/keys`,
        authorization_endpoint: `${base}/${tenants.contoso}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/${tenants.contoso}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/${tenants.contoso}/oauth2/v2.0/logout`,
        scopes_supported: ["openid"],
        microsoft_multi_refresh_token: true,
        cloud_instance_name: "microsoftonline.com",
      });
      // Not emulated, so not named.
      for (const absent of ["device_authorization_endpoint", "userinfo_endpoint", "check_session_iframe", "kerberos_endpoint"])
        expect(doc[absent], absent).toBeUndefined();
    }
  });

  it("publishes the {tenantid} issuer for organizations and common", async () => {
    for (const tenant of ["organizations", "common"]) {
      const { res, doc } = await discover(tenant, "v1");
      expect(res.status).toBe(200);
      expect(doc.issuer).toBe(`${base}/{tenantid}/`);
      expect(doc.token_endpoint).toBe(`${base}/${tenant}/oauth2/v2.0/token`);
    }
  });

  it("names the issuer that the token endpoint it names puts in access tokens", async () => {
    const { doc } = await discover("contoso.onmicrosoft.com", "v1");
    const res = await appTokenAt(doc.token_endpoint);
    expect(res.status).toBe(200);
    expect(claims(((await res.json()) as { access_token: string }).access_token)["iss"]).toBe(doc.issuer);
  });

  it("names v2 endpoints: a v1-style request (resource, no scope) is told the scope is missing", async () => {
    const { doc } = await discover(tenants.contoso, "v1");
    const res = await emu.fetch(
      new Request(doc.token_endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: sp.clientId,
          client_secret: sp.secret,
          grant_type: "client_credentials",
          resource: "https://management.core.windows.net/",
        }),
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request", error_codes: [900144] });
  });

  it("answers a CORS preflight and counts as Entra for fault injection", async () => {
    const res = await emu.fetch(new Request(`${base}/organizations/.well-known/openid-configuration`, { method: "OPTIONS" }));
    expect(res.status).toBe(204);
    expect(serviceOf("/organizations/.well-known/openid-configuration")).toBe("entra");
    expect(serviceOf("/common/discovery/keys")).toBe("entra");
    expect(serviceOf("/common/discovery/keysx")).toBeUndefined();
  });
});

describe("every endpoint a discovery document names", () => {
  for (const version of ["v1", "v2"] as const) {
    for (const tenant of [tenants.contoso, "organizations", "common"]) {
      it(`is answered by the emulator (${version}, ${tenant})`, async () => {
        const { doc } = await discover(tenant, version);
        const urls = emulatorUrls(doc);
        // A URL this test does not exercise would fail here.
        expect(urls.sort()).toEqual([doc.authorization_endpoint, doc.token_endpoint, doc.jwks_uri, doc.end_session_endpoint].sort());

        const keys = (await (await emu.fetch(new Request(doc.jwks_uri))).json()) as { keys: Array<{ kid: string }> };
        expect(keys.keys.map((k) => k.kid)).toEqual([emu.context.signingKey.kid]);

        const { challenge } = pkce();
        const page = await emu.fetch(new Request(`${doc.authorization_endpoint}?${authorizeParams(challenge).toString()}`));
        expect(page.status).toBe(200);
        expect(await page.text()).toContain("Pick an account");

        const token = await appTokenAt(doc.token_endpoint);
        const body = (await token.json()) as Record<string, unknown>;
        if (tenant === tenants.contoso) {
          expect(token.status).toBe(200);
          expect(body["access_token"]).toEqual(expect.any(String));
        } else {
          // An app-only token needs a tenant: organizations and common answer Entra's AADSTS50059.
          expect(token.status).toBe(400);
          expect(body["error_codes"]).toEqual([50059]);
        }

        const logout = await emu.fetch(new Request(doc.end_session_endpoint));
        expect(logout.status).toBe(200);
        expect(await logout.text()).toContain("You signed out");
      });
    }
  }
});
