// An unknown tenant is AADSTS90002 `invalid_tenant` on every Entra endpoint, as Entra answers it.
import { beforeEach, describe, expect, it } from "vitest";
import { authorizeParams, base, pkce, testEmulator, tokenRequest, type TestEmulator } from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const unknown = "nowhere.onmicrosoft.com";

/** Entra's error body: the error name, AADSTS code in the description and error_codes, ids and time. */
function expectInvalidTenant(body: unknown, tenant: string) {
  const b = body as Record<string, string>;
  expect(b).toMatchObject({ error: "invalid_tenant", error_codes: [90002], error_uri: `${base}/error?code=90002` });
  expect(b["timestamp"]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(b["trace_id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(b["correlation_id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(b["error_description"]).toMatch(
    new RegExp(`^AADSTS90002: Tenant '${tenant.replace(/\./g, "\\.")}' not found\\. .* Trace ID: .* Correlation ID: .* Timestamp: `),
  );
}

describe("unknown tenant", () => {
  it("answers the v1 and v2 discovery documents with 400 invalid_tenant", async () => {
    for (const path of ["/v2.0/.well-known/openid-configuration", "/.well-known/openid-configuration"]) {
      const correlation = crypto.randomUUID();
      const res = await emu.fetch(new Request(`${base}/${unknown}${path}`, { headers: { "client-request-id": correlation } }));
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as Record<string, string>;
      expectInvalidTenant(body, unknown);
      // Entra echoes the client's request id as the correlation id.
      expect(body["correlation_id"], path).toBe(correlation);
    }
  });

  it("answers the token endpoint with 400 invalid_tenant, whatever the grant", async () => {
    const spa = await tokenRequest(emu, unknown, { grant_type: "authorization_code", code: "x", code_verifier: "y" });
    expect(spa.status).toBe(400);
    expectInvalidTenant(spa.body, unknown);
    const app = await tokenRequest(
      emu,
      unknown,
      {
        client_id: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c",
        grant_type: "client_credentials",
        scope: "https://management.azure.com/.default",
      },
      null,
    );
    expect(app.status).toBe(400);
    expectInvalidTenant(app.body, unknown);
  });

  it("shows AADSTS90002 on the authorize page instead of redirecting", async () => {
    const { challenge } = pkce();
    const res = await emu.fetch(new Request(`${base}/${unknown}/oauth2/v2.0/authorize?${authorizeParams(challenge).toString()}`));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain(`AADSTS90002: Tenant &#39;${unknown}&#39; not found.`);
  });
});
