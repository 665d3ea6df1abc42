import { mkdtempSync, rmSync } from "node:fs";
import http2 from "node:http2";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { mulberry32 } from "./faults";
import { createEmulator, startEmulator } from "./server";
import {
  appOrigin,
  armScope,
  armToken,
  base,
  call,
  claims,
  errorOf,
  pricingPath,
  signInAndRedeem,
  subs,
  tenants,
  testEmulator,
  tokenRequest,
  users,
  type JsonResponse,
  type TestEmulator,
} from "./test-support";

let emu: TestEmulator;
let token: string;
beforeEach(async () => {
  emu = await testEmulator();
  token = await armToken(emu, users.adele.upn);
});

const aiPath = pricingPath(subs.production, "AI");
const origin = { Origin: appOrigin };

async function control(method: string, path: string, body?: unknown): Promise<JsonResponse> {
  return call(emu, method, `/__emulator/${path}`, body === undefined ? {} : { body });
}

async function addFault(body: unknown): Promise<string> {
  const res = await control("POST", "faults", body);
  expect(res.status).toBe(201);
  return String(res.json["id"]);
}

const getAi = () => call(emu, "GET", aiPath, { token, headers: origin });

/** Signs in through the real flow and returns a refresh token. */
async function refreshTokenFor(oid: string): Promise<string> {
  const res = await signInAndRedeem(emu, oid);
  expect(res.status).toBe(200);
  return String(res.json["refresh_token"]);
}

const refresh = (refreshToken: string) =>
  tokenRequest(emu, "organizations", {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    scope: `${armScope} openid profile offline_access`,
  });

describe("status faults on ARM", () => {
  it("answers 429 with ARM's envelope, Retry-After, request ids and CORS, for the next `count` requests only", async () => {
    await addFault({ match: { service: "arm", path: "/**/pricings/ai" }, count: 2, fault: { kind: "status", status: 429 } });
    for (let i = 0; i < 2; i++) {
      const res = await getAi();
      expect(res.status).toBe(429);
      expect(errorOf(res).code).toBe("SubscriptionRequestsThrottled");
      expect(errorOf(res).message).toContain(`for subscription '${subs.production}' actor '${users.adele.oid}'`);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("x-ms-correlation-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
      expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
      expect(res.headers.get("content-type")).toContain("application/json");
    }
    const normal = await getAi();
    expect(normal.status).toBe(200);
    const list = await control("GET", "faults");
    expect(list.json["faults"]).toEqual([expect.objectContaining({ count: 2, remaining: 0, hits: 2, active: false })]);
  });

  it("uses ARM's defaults per status", async () => {
    const cases: Array<[number, string, string | RegExp]> = [
      [409, "Conflict", "Another update operation is in progress. Please retry in a few minutes"],
      [500, "InternalServerError", /^Encountered internal server error\. Diagnostic information: .*tracking id '[0-9a-f-]{36}'/],
      [503, "ServiceUnavailable", /temporar/],
      [401, "ExpiredAuthenticationToken", /^The access token expiry UTC time/],
      [
        403,
        "AuthorizationFailed",
        `The client '${users.adele.upn}' with object id '${users.adele.oid}' does not have authorization to perform action 'Microsoft.Security/pricings/write'`,
      ],
      [404, "NotFound", /HTTP 404/],
    ];
    for (const [status, code, message] of cases) {
      await addFault({ match: { method: "PUT" }, fault: { kind: "status", status } });
      const res = await call(emu, "PUT", aiPath, { token, headers: origin, body: { properties: { pricingTier: "Standard" } } });
      expect(res.status).toBe(status);
      expect(errorOf(res).code).toBe(code);
      if (typeof message === "string") expect(errorOf(res).message).toContain(message);
      else expect(errorOf(res).message).toMatch(message);
      expect(res.headers.get("retry-after")).toBe(status === 503 ? "1" : null);
      expect(res.headers.get("www-authenticate")).toBe(
        status === 401
          ? `Bearer authorization_uri="https://localhost:8443/${tenants.contoso}", error="invalid_token", error_description="The access token has expired."`
          : null,
      );
      expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
    }
  });

  it("takes a custom code, message and Retry-After", async () => {
    await addFault({
      match: {},
      fault: { kind: "status", status: 429, code: "ResourceRequestsThrottled", message: "slow down", retryAfterSeconds: 7 },
    });
    const res = await getAi();
    expect(errorOf(res)).toEqual({ code: "ResourceRequestsThrottled", message: "slow down" });
    expect(res.headers.get("retry-after")).toBe("7");
  });
});

describe("matching", () => {
  it("matches method, path (case-insensitive glob on the pathname) and service", async () => {
    await addFault({
      match: { method: "put", path: "/SUBSCRIPTIONS/*/providers/Microsoft.Security/PRICINGS/AI" },
      fault: { kind: "status", status: 500 },
    });
    await addFault({ match: { service: "entra" }, fault: { kind: "status", status: 503 } });
    expect((await getAi()).status).toBe(200); // GET: method differs
    expect((await call(emu, "GET", `/subscriptions?api-version=2022-12-01`, { token })).status).toBe(200); // arm, not entra
    expect((await call(emu, "PUT", aiPath, { token, body: { properties: { pricingTier: "Standard" } } })).status).toBe(500);

    const metadata = await emu.fetch(new Request(`${base}/${tenants.contoso}/v2.0/.well-known/openid-configuration`, { headers: origin }));
    expect(metadata.status).toBe(503);
    expect(metadata.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(metadata.headers.get("retry-after")).toBe("1");
    expect(((await metadata.json()) as { error: string }).error).toBe("temporarily_unavailable");
  });

  it("never consumes a fault with a preflight OPTIONS", async () => {
    await addFault({ match: { path: "/**/pricings/*" }, fault: { kind: "status", status: 500 } });
    const preflight = await emu.fetch(
      new Request(`${base}${aiPath}`, {
        method: "OPTIONS",
        headers: { ...origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization,content-type" },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect((await control("GET", "faults")).json["faults"]).toEqual([expect.objectContaining({ remaining: 1, hits: 0 })]);
    expect((await getAi()).status).toBe(500);
  });

  it("oauth-error on the refresh_token grant only, shaped like Entra's token endpoint", async () => {
    const refreshToken = await refreshTokenFor(users.adele.oid);
    await addFault({
      match: { service: "entra", grantType: "refresh_token" },
      count: 1,
      fault: { kind: "oauth-error", error: "interaction_required" },
    });
    // A code redemption is not matched (and the route handler still reads the form body).
    await refreshTokenFor(users.adele.oid);

    const res = await refresh(refreshToken);
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(res.json).toMatchObject({ error: "interaction_required", error_codes: [50076] });
    expect(String(res.json["error_description"])).toMatch(
      /^AADSTS50076: .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/,
    );
    for (const key of ["timestamp", "trace_id", "correlation_id"]) expect(res.json[key]).toEqual(expect.any(String));

    // Exhausted: the same refresh token works again.
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it("oauth-error keeps an AADSTS code given in the description, and a suberror", async () => {
    const refreshToken = await refreshTokenFor(users.adele.oid);
    await addFault({
      match: { grantType: "refresh_token" },
      fault: {
        kind: "oauth-error",
        error: "invalid_grant",
        description: "AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.",
        suberror: "bad_token",
      },
    });
    const res = await refresh(refreshToken);
    expect(res.json).toMatchObject({ error: "invalid_grant", error_codes: [70043], suberror: "bad_token" });
    expect(String(res.json["error_description"])).toMatch(
      /^AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access\. Trace ID/,
    );
  });
});

describe("latency, drop and body faults", () => {
  it("latency delays, then handles normally", async () => {
    await addFault({ match: { path: "/**/pricings/**" }, fault: { kind: "latency", ms: 120 } });
    const started = performance.now();
    const res = await getAi();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(res.status).toBe(200);
    expect(res.json["name"]).toBe("AI");
  });

  it("drop rejects an in-process fetch like a closed connection, once", async () => {
    await addFault({ match: { service: "arm" }, fault: { kind: "drop" } });
    await expect(getAi()).rejects.toThrow(TypeError);
    expect((await getAi()).status).toBe(200);
  });

  it("body returns the raw payload with CORS", async () => {
    await addFault({ match: { path: "/**/pricings/ai" }, fault: { kind: "body", body: '{"name":"AI","properties":' } });
    const res = await emu.fetch(new Request(`${base}${aiPath}`, { headers: { ...origin, Authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe('{"name":"AI","properties":');

    await addFault({ match: {}, fault: { kind: "body", status: 502, contentType: "text/html", body: "<html>Bad gateway</html>" } });
    const html = await emu.fetch(new Request(`${base}${aiPath}`, { headers: origin }));
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toBe("text/html");
  });
});

describe("fault control API", () => {
  it("lists, deletes one, clears all, and validates", async () => {
    const first = await addFault({ match: { method: "GET" }, count: 3, fault: { kind: "status", status: 500 } });
    const second = await addFault({ match: { method: "PUT" }, fault: { kind: "drop" } });
    expect(first).not.toBe(second);
    expect((await getAi()).status).toBe(500);
    const list = await control("GET", "faults");
    expect(list.json["faults"]).toEqual([
      { id: first, match: { method: "GET" }, fault: { kind: "status", status: 500 }, count: 3, remaining: 2, hits: 1, active: true },
      { id: second, match: { method: "PUT" }, fault: { kind: "drop" }, count: 1, remaining: 1, hits: 0, active: true },
    ]);
    expect((await control("DELETE", `faults/${second}`)).status).toBe(204);
    expect((await control("DELETE", `faults/${second}`)).status).toBe(404);
    expect((await control("DELETE", "faults")).status).toBe(204);
    expect((await control("GET", "faults")).json["faults"]).toEqual([]);
    expect((await getAi()).status).toBe(200);

    expect((await control("POST", "faults", { match: { path: "/pricings/AI$" }, fault: { kind: "drop" } })).status).toBe(400);
    expect((await control("POST", "faults", { match: {}, fault: { kind: "explode" } })).status).toBe(400);
    expect((await control("POST", "faults", { match: { service: "graph" }, fault: { kind: "drop" } })).status).toBe(400);
    expect((await control("POST", "faults", { match: {}, count: 0, fault: { kind: "drop" } })).status).toBe(400);
  });

  it("reset clears faults and chaos", async () => {
    await addFault({ match: {}, count: 5, fault: { kind: "status", status: 500 } });
    await control("POST", "chaos", { rate: 1, seed: 1 });
    expect((await control("POST", "reset")).status).toBe(204);
    expect((await control("GET", "faults")).json["faults"]).toEqual([]);
    expect((await control("GET", "chaos")).json).toMatchObject({ active: false, seen: 0 });
    expect((await getAi()).status).toBe(200);
  });

  it("is refused outside test mode", async () => {
    const dev = await createEmulator({ signingKey: emu.context.signingKey });
    for (const [method, path] of [
      ["POST", "faults"],
      ["GET", "faults"],
      ["DELETE", "faults"],
      ["POST", "chaos"],
      ["GET", "chaos"],
    ] as const) {
      const res = await dev.fetch(
        new Request(`${base}/__emulator/${path}`, {
          method,
          body: method === "POST" ? JSON.stringify({ rate: 1, seed: 1, match: {}, fault: { kind: "drop" } }) : null,
        }),
      );
      expect(res.status).toBe(404);
    }
    expect((await call(dev, "GET", aiPath, { token })).status).toBe(200);
  });
});

describe("chaos", () => {
  /** Unauthenticated GETs: cheap (no signature check); 401 is "not injected". */
  async function statuses(target: TestEmulator, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await call(target, "GET", aiPath)).status);
    return out;
  }

  it("is deterministic for a seed and injects at about the given rate", async () => {
    const other = await testEmulator();
    const body = { rate: 0.3, seed: 42 };
    expect((await control("POST", "chaos", body)).json).toMatchObject({
      active: true,
      rate: 0.3,
      seed: 42,
      statuses: [500, 503, 429],
      seen: 0,
      injected: 0,
    });
    expect((await call(other, "POST", "/__emulator/chaos", { body })).status).toBe(200);
    const a = await statuses(emu, 60);
    const b = await statuses(other, 60);
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([401, 500, 503, 429]));

    await control("POST", "chaos", { rate: 0.3, seed: 7 });
    expect(await statuses(emu, 60)).not.toEqual(a);

    await control("POST", "chaos", { rate: 0.25, seed: 123, statuses: [503] });
    const many = await statuses(emu, 1000);
    const injected = many.filter((s) => s === 503).length;
    expect(injected).toBeGreaterThan(200);
    expect(injected).toBeLessThan(300);
    expect((await control("GET", "chaos")).json).toMatchObject({ active: true, seen: 1000, injected, byStatus: { "503": injected } });
  });

  it("fails with ARM's bodies and headers, skips OPTIONS, control and Entra paths, and stops on DELETE", async () => {
    await control("POST", "chaos", { rate: 1, seed: 3, statuses: [429] });
    const res = await getAi();
    expect(res.status).toBe(429);
    expect(errorOf(res).code).toBe("SubscriptionRequestsThrottled");
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);

    const preflight = await emu.fetch(
      new Request(`${base}${aiPath}`, { method: "OPTIONS", headers: { ...origin, "Access-Control-Request-Method": "GET" } }),
    );
    expect(preflight.status).toBe(204);
    expect((await emu.fetch(new Request(`${base}/${tenants.contoso}/v2.0/.well-known/openid-configuration`))).status).toBe(200);
    expect((await control("GET", "settings")).status).toBe(200);

    const stopped = await control("DELETE", "chaos");
    expect(stopped.json).toMatchObject({ active: false, seen: 1, injected: 1 });
    expect((await getAi()).status).toBe(200);
  });

  it("honours match, and DELETE /__emulator/faults stops chaos too", async () => {
    await control("POST", "chaos", { rate: 1, seed: 3, match: { method: "PUT" } });
    expect((await getAi()).status).toBe(200);
    expect([500, 503, 429]).toContain(
      (await call(emu, "PUT", aiPath, { token, body: { properties: { pricingTier: "Standard" } } })).status,
    );
    await control("DELETE", "faults");
    expect((await control("GET", "chaos")).json).toMatchObject({ active: false });
  });

  it("uses mulberry32", () => {
    const r = mulberry32(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });
});

describe("rate limits", () => {
  it("are on by default with ARM's limits, from the settings", async () => {
    expect((await control("GET", "settings")).json["rateLimits"]).toEqual({
      enabled: true,
      reads: { capacity: 250, refillPerSecond: 25 },
      writes: { capacity: 200, refillPerSecond: 10 },
    });
    expect((await getAi()).headers.get("x-ms-ratelimit-remaining-subscription-reads")).toBe("249");
  });

  it("throttle with 429 once the bucket is empty, with decreasing headers, and refill over time", async () => {
    const updated = await control("PUT", "settings", { rateLimits: { reads: { capacity: 3, refillPerSecond: 1 } } });
    expect(updated.json["rateLimits"]).toEqual({
      enabled: true,
      reads: { capacity: 3, refillPerSecond: 1 },
      writes: { capacity: 200, refillPerSecond: 10 },
    });
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const res = await getAi();
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("x-ms-ratelimit-remaining-subscription-reads"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const throttled = await getAi();
    expect(throttled.status).toBe(429);
    expect(errorOf(throttled).code).toBe("SubscriptionRequestsThrottled");
    expect(throttled.headers.get("retry-after")).toBe("1");
    expect(throttled.headers.get("access-control-allow-origin")).toBe(appOrigin);
    // Writes have their own bucket.
    const put = await call(emu, "PUT", aiPath, { token, body: { properties: { pricingTier: "Standard" } } });
    expect(put.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("199");

    emu.clock.advance(1000);
    expect((await getAi()).status).toBe(200);
    expect((await getAi()).status).toBe(429);
  });

  it("can be switched off, and set through the settings config option", async () => {
    await control("PUT", "settings", { rateLimits: { enabled: false } });
    const res = await getAi();
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ms-ratelimit-remaining-subscription-reads")).toBeNull();
    expect((await control("PUT", "settings", { rateLimits: { reads: { capacity: 0 } } })).status).toBe(400);
    expect((await control("PUT", "settings", { rateLimits: { burst: 1 } })).status).toBe(400);

    const small = await testEmulator({
      rateLimits: { enabled: true, reads: { capacity: 1, refillPerSecond: 1 }, writes: { capacity: 1, refillPerSecond: 1 } },
    });
    const t = await armToken(small, users.adele.upn);
    expect((await call(small, "GET", aiPath, { token: t })).status).toBe(200);
    expect((await call(small, "GET", aiPath, { token: t })).status).toBe(429);
    // reset goes back to the configured limits, with full buckets.
    small.reset();
    expect((await call(small, "GET", aiPath, { token: t })).headers.get("x-ms-ratelimit-remaining-subscription-reads")).toBe("0");
  });
});

describe("access token lifetime", () => {
  it("applies PUT /__emulator/settings accessTokenLifetimeSeconds to tokens minted afterwards", async () => {
    await control("PUT", "settings", { accessTokenLifetimeSeconds: 900 });
    const res = await signInAndRedeem(emu, users.adele.oid);
    expect(res.json["expires_in"]).toBe(900);
    const access = claims(String(res.json["access_token"]));
    expect(Number(access["exp"]) - Number(access["iat"])).toBe(900);

    const minted = await control("POST", "token", { upn: users.adele.upn });
    expect(minted.json["expires_in"]).toBe(900);
    expect((await control("PUT", "settings", { accessTokenLifetimeSeconds: 30 })).status).toBe(400);
  });
});

describe("drop over a real socket", () => {
  const dir = mkdtempSync(join(tmpdir(), "emulator-faults-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) =>
    new Promise<number>((resolve, reject) => {
      const req = https.get(url, { rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
    });

  it("destroys the connection without a response, and the server keeps serving", async () => {
    const running = await startEmulator({ port: 0, mode: "test", stateDir: dir, signingKey: emu.context.signingKey });
    try {
      // In-process registration: Node's fetch would refuse the self-signed certificate.
      running.emulator.faults.add({ match: { path: "/tenants" }, count: 1, fault: { kind: "drop" } });
      await expect(get(`${running.url}/tenants?api-version=2022-12-01`)).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(await get(`${running.url}/tenants?api-version=2022-12-01`)).toBe(401);
    } finally {
      await running.close();
    }
  });

  it("closes although clients keep their HTTP/2 session and HTTP/1.1 connection open (as a browser does for minutes)", async () => {
    const running = await startEmulator({ port: 0, mode: "test", stateDir: dir, signingKey: emu.context.signingKey });
    const session = http2.connect(running.url, { rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      const stream = session.request({ ":path": "/tenants?api-version=2022-12-01" });
      stream.on("error", reject).on("end", resolve).resume();
    });
    const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      https.get(`${running.url}/tenants?api-version=2022-12-01`, { agent }, (res) => res.resume().on("end", resolve)).on("error", reject);
    });
    const closed = await Promise.race([
      running.close().then(() => "closed"),
      new Promise((resolve) => setTimeout(() => resolve("still open after 3 s"), 3000)),
    ]);
    session.destroy();
    agent.destroy();
    expect(closed).toBe("closed");
  });

  it("over HTTP/2 (as browsers speak to ARM) resets only that request's stream: the others on the connection are answered", async () => {
    const running = await startEmulator({ port: 0, mode: "test", stateDir: dir, signingKey: emu.context.signingKey });
    const session = http2.connect(running.url, { rejectUnauthorized: false });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const stream = session.request({ ":path": path });
        stream.on("response", (headers) => resolve(Number(headers[":status"])));
        stream.on("error", reject);
        stream.resume();
      });
    try {
      running.emulator.faults.add({ match: { path: "/tenants" }, count: 1, fault: { kind: "latency", ms: 200 } });
      running.emulator.faults.add({ match: { path: "/subscriptions" }, count: 1, fault: { kind: "drop" } });
      const slow = get("/tenants?api-version=2022-12-01");
      await expect(get("/subscriptions?api-version=2022-12-01")).rejects.toThrow(/NGHTTP2_INTERNAL_ERROR/);
      expect(await slow, "the request in flight beside it is answered").toBe(401);
      expect(await get("/subscriptions?api-version=2022-12-01"), "and the connection serves on").toBe(401);
    } finally {
      session.close();
      await running.close();
    }
  });
});
