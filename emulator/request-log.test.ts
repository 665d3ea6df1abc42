// The request log: the line format, and the lines real requests make: successes, ARM and Entra
// refusals, injected faults, the control API; and that no token, secret or code ever shows in one.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { formatLogLine, redactedPath, type RequestLogEntry } from "./request-log";
import {
  armToken,
  base,
  call,
  pricingPath,
  signIn,
  subs,
  tenants,
  testEmulator,
  tokenRequest,
  users,
  armScope,
  authorizeParams,
  parseRedirect,
  pkce,
  type TestEmulator,
} from "./test-support";

const dir = mkdtempSync(join(tmpdir(), "emulator-request-log-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const entry = (overrides: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  service: "arm",
  method: "GET",
  path: "/subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01",
  status: 200,
  durationMs: 12.4,
  requestId: "0b3c5d7e-1f2a-4b6c-8d9e-0a1b2c3d4e5f",
  caller: "adele@contoso.onmicrosoft.com",
  tenant: "8a3c2f1e-5b4d-4c6a-9e7f-1d2b3c4a5e6f",
  error: undefined,
  fault: undefined,
  ...overrides,
});

describe("formatLogLine", () => {
  it("writes a success as time, service, method, path, status, duration, request id, caller, tenant and no error", () => {
    expect(formatLogLine(entry())).toBe(
      "2026-01-02T03:04:05.678Z arm GET /subscriptions/25e0e7f5-7698-4b2a-8bd4-587ccdc9bc1c/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01 200 12ms id=0b3c5d7e-1f2a-4b6c-8d9e-0a1b2c3d4e5f caller=adele@contoso.onmicrosoft.com tenant=8a3c2f1e-5b4d-4c6a-9e7f-1d2b3c4a5e6f error=-",
    );
  });

  it("names the error of a refusal, and shows what is unknown as -", () => {
    expect(formatLogLine(entry({ status: 401, caller: undefined, tenant: undefined, error: "InvalidAuthenticationToken" }))).toMatch(
      / 401 12ms id=\S+ caller=- tenant=- error=InvalidAuthenticationToken$/,
    );
    expect(
      formatLogLine(
        entry({
          service: "entra",
          method: "POST",
          path: "/organizations/oauth2/v2.0/token",
          status: 400,
          error: "invalid_grant/AADSTS54005",
        }),
      ),
    ).toMatch(/ entra POST \/organizations\/oauth2\/v2\.0\/token 400 .* error=invalid_grant\/AADSTS54005$/);
  });

  it("marks an injected fault, and a dropped connection in place of the status", () => {
    expect(formatLogLine(entry({ status: 503, error: "ServiceUnavailable", fault: "fault-1:status" }))).toMatch(
      / 503 12ms .* error=ServiceUnavailable fault=fault-1:status$/,
    );
    expect(formatLogLine(entry({ status: "dropped", requestId: undefined, fault: "fault-2:drop" }))).toMatch(
      / dropped 12ms id=- .* fault=fault-2:drop$/,
    );
  });

  it("keeps each field one token: values with spaces or line breaks are quoted", () => {
    const line = formatLogLine(entry({ status: 404, error: "Subscription Not Registered", caller: "app:a\nb" }));
    expect(line).toContain('error="Subscription Not Registered"');
    expect(line).toContain('caller="app:a\\nb"');
    expect(line).not.toContain("\n");
  });
});

describe("redactedPath", () => {
  it("redacts codes, secrets, assertions, tokens and passwords and keeps the rest as sent", () => {
    const url = new URL(
      `${base}/x/oauth2/v2.0/token?code=abc&client_secret=s%3D1&client_assertion=eyJ&refresh_token=r&access_token=a&id_token=i&password=p&code_verifier=v&Client_Secret=S&state=a%2Fb&api-version=1`,
    );
    expect(redactedPath(url)).toBe(
      "/x/oauth2/v2.0/token?code=REDACTED&client_secret=REDACTED&client_assertion=REDACTED&refresh_token=REDACTED&access_token=REDACTED&id_token=REDACTED&password=REDACTED&code_verifier=REDACTED&Client_Secret=REDACTED&state=a%2Fb&api-version=1",
    );
    expect(redactedPath(new URL(`${base}/subscriptions`))).toBe("/subscriptions");
    // code_challenge (public by design) and similar names are not codes.
    expect(redactedPath(new URL(`${base}/a?code_challenge=x&client_id=y`))).toBe("/a?code_challenge=x&client_id=y");
  });
});

describe("the request log of an emulator", () => {
  let emu: TestEmulator;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    emu = await testEmulator({}, () => {}, { log: { sink: (line) => lines.push(line) } });
  });
  const only = () => {
    expect(lines).toHaveLength(1);
    return lines.pop() ?? "";
  };

  it("logs an ARM success with the request id it answered with and the verified caller", async () => {
    const token = await armToken(emu, users.adele.upn);
    const res = await call(emu, "GET", pricingPath(subs.production, "AI"), { token });
    expect(res.status).toBe(200);
    const line = only();
    expect(line).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z arm GET /subscriptions/${subs.production}/providers/Microsoft\\.Security/pricings/AI\\?api-version=2024-01-01 200 \\d+ms `,
      ),
    );
    expect(line).toContain(`id=${res.headers.get("x-ms-request-id") ?? "?"} `);
    expect(line).toContain(`caller=${users.adele.upn} tenant=${tenants.contoso} error=-`);
  });

  it("logs an ARM 403 with AuthorizationFailed and the Reader who was refused, and a 401 without a caller", async () => {
    const reader = await armToken(emu, users.lynne.upn);
    const refused = await call(emu, "PUT", pricingPath(subs.production, "AI"), {
      token: reader,
      body: { properties: { pricingTier: "Standard" } },
    });
    expect(refused.status).toBe(403);
    expect(only()).toMatch(
      new RegExp(
        `arm PUT \\S+ 403 \\d+ms id=${refused.headers.get("x-ms-request-id") ?? "?"} caller=${users.lynne.upn} tenant=${tenants.contoso} error=AuthorizationFailed$`,
      ),
    );

    const anonymous = await call(emu, "GET", pricingPath(subs.production));
    expect(anonymous.status).toBe(401);
    expect(only()).toMatch(/ 401 \d+ms id=[0-9a-f-]{36} caller=- tenant=- error=AuthenticationFailed$/);
  });

  it("logs an Entra refusal with its error, AADSTS code, trace id and client id", async () => {
    const clientId = "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c";
    const res = await tokenRequest(
      emu,
      tenants.contoso,
      { grant_type: "client_credentials", client_id: clientId, client_secret: "wrong", scope: "https://management.azure.com/.default" },
      null,
    );
    expect(res.status).toBe(401);
    expect(only()).toMatch(
      new RegExp(
        `entra POST /${tenants.contoso}/oauth2/v2\\.0/token 401 \\d+ms id=${String(res.json["trace_id"])} caller=app:${clientId} tenant=- error=invalid_client/AADSTS7000215$`,
      ),
    );
  });

  it("logs an Entra refusal sent back through the redirect URI", async () => {
    const { challenge } = pkce();
    const form = authorizeParams(challenge);
    form.set("emulator_action", "cancel");
    const res = await emu.fetch(
      new Request(`${base}/organizations/oauth2/v2.0/authorize`, {
        method: "POST",
        body: form,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    const { fragment } = parseRedirect(res);
    expect(fragment.get("error")).toBe("access_denied");
    expect(res.status).toBe(302);
    const traceId = /Trace ID: (\S+)/.exec(fragment.get("error_description") ?? "")?.[1] ?? "?";
    expect(only()).toMatch(
      new RegExp(
        `entra POST /organizations/oauth2/v2\\.0/authorize 302 \\d+ms id=${traceId} caller=app:\\S+ tenant=- error=access_denied/AADSTS65004$`,
      ),
    );
  });

  it("marks the requests an injected fault answered, and logs the control API as control", async () => {
    const token = await armToken(emu, users.adele.upn);
    const install = (fault: unknown) =>
      emu.fetch(
        new Request(`${base}/__emulator/faults`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(fault),
        }),
      );
    expect((await install({ match: { service: "arm" }, fault: { kind: "status", status: 503 } })).status).toBe(201);
    expect(only()).toMatch(/ control POST \/__emulator\/faults 201 \d+ms id=- caller=- tenant=- error=-$/);

    const res = await call(emu, "GET", pricingPath(subs.production), { token });
    expect(res.status).toBe(503);
    expect(only()).toMatch(/ arm GET \S+ 503 \d+ms id=[0-9a-f-]{36} caller=- tenant=- error=ServiceUnavailable fault=fault-1:status$/);

    await install({ match: { service: "arm" }, fault: { kind: "drop" } });
    lines.length = 0;
    await expect(call(emu, "GET", pricingPath(subs.production), { token })).rejects.toThrow("fetch failed");
    expect(only()).toMatch(/ arm GET \S+ dropped \d+ms id=- caller=- tenant=- error=- fault=fault-2:drop$/);

    await install({ match: { grantType: "refresh_token" }, fault: { kind: "oauth-error", error: "invalid_grant" } });
    lines.length = 0;
    await tokenRequest(emu, "organizations", { grant_type: "refresh_token", refresh_token: "r", scope: armScope });
    expect(only()).toMatch(
      / entra POST \S+ 400 \d+ms id=[0-9a-f-]{36} caller=- tenant=- error=invalid_grant\/AADSTS700082 fault=fault-3:oauth-error$/,
    );
  });

  it("never logs a token, a secret, a code or a code verifier, wherever the client sent it", async () => {
    const secrets: string[] = [];
    // A bearer token, on a success and on a refusal.
    const token = await armToken(emu, users.adele.upn);
    secrets.push(token);
    await call(emu, "GET", pricingPath(subs.production), { token });
    await call(emu, "GET", pricingPath(subs.production), { token: `${token}x` });
    // A client secret in the body, in HTTP Basic, and (wrongly) in the query string.
    const secret = "local-emulator-only~NOT-A-REAL-SECRET~8Q";
    secrets.push(secret);
    const app = {
      grant_type: "client_credentials",
      client_id: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c",
      scope: "https://management.azure.com/.default",
    };
    const appToken = await tokenRequest(emu, tenants.contoso, { ...app, client_secret: secret }, null);
    secrets.push(String(appToken.json["access_token"]));
    await emu.fetch(
      new Request(`${base}/${tenants.contoso}/oauth2/v2.0/token`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Authorization: `Basic ${Buffer.from(`${app.client_id}:${secret}`).toString("base64")}`,
        },
        body: new URLSearchParams({ grant_type: app.grant_type, scope: app.scope }),
      }),
    );
    await emu.fetch(
      new Request(`${base}/${tenants.contoso}/oauth2/v2.0/token?client_secret=${encodeURIComponent(secret)}&code=query-code-1234`, {
        method: "POST",
        body: new URLSearchParams(app),
      }),
    );
    secrets.push("query-code-1234");
    // An authorization code in the redirect, redeemed with its verifier; the refresh token redeemed too.
    const { verifier, challenge } = pkce();
    const { fragment, cookie } = await signIn(emu, users.adele.oid, challenge);
    const code = fragment.get("code") ?? "";
    secrets.push(code, verifier);
    const redeemed = await tokenRequest(emu, "organizations", {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: "http://localhost:5173/redirect.html",
      scope: `${armScope} openid profile offline_access`,
    });
    const refreshToken = String(redeemed.json["refresh_token"]);
    secrets.push(refreshToken, String(redeemed.json["access_token"]), String(redeemed.json["id_token"]));
    await tokenRequest(emu, "organizations", { grant_type: "refresh_token", refresh_token: refreshToken, scope: armScope });
    // Single sign-on: a code issued on a GET.
    const silent = new URLSearchParams({
      client_id: "5f6a3b4e-1c2d-4e8f-9a0b-7c6d5e4f3a21",
      scope: armScope,
      redirect_uri: "http://localhost:5173/redirect.html",
      response_type: "code",
      code_challenge: challenge,
      code_challenge_method: "S256",
      prompt: "none",
    });
    const sso = await emu.fetch(
      new Request(`${base}/organizations/oauth2/v2.0/authorize?${silent.toString()}`, { headers: { Cookie: cookie ?? "" } }),
    );
    secrets.push(new URL(sso.headers.get("location") ?? "").searchParams.get("code") ?? "no code");
    // And the session cookie.
    secrets.push(cookie?.split("=")[1] ?? "no cookie");

    expect(lines.length).toBeGreaterThanOrEqual(9);
    const log = lines.join("\n");
    for (const value of secrets) {
      expect(value.length).toBeGreaterThan(8);
      expect(log).not.toContain(value);
    }
    expect(log).toContain("client_secret=REDACTED&code=REDACTED");
  });

  it("is off by default: nothing is written", async () => {
    const write = vi.spyOn(process.stdout, "write");
    try {
      const quiet = await testEmulator();
      await call(quiet, "GET", pricingPath(subs.production), { token: await armToken(quiet, users.adele.upn) });
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });

  it("prints to stdout with console (--verbose) and appends to a file (--log-file), from one start to the next", async () => {
    const file = join(dir, "logs", "requests.log");
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      for (const run of [1, 2]) {
        const logged = await testEmulator({}, () => {}, { log: { console: true, file } });
        await call(logged, "GET", `/subscriptions?api-version=2022-12-01&run=${run}`);
        await logged.close();
      }
    } finally {
      write.mockRestore();
    }
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/ arm GET \/subscriptions\?api-version=2022-12-01&run=1 401 \d+ms .* error=AuthenticationFailed\n$/);
    expect(readFileSync(file, "utf8")).toBe(printed.join(""));
  });
});
