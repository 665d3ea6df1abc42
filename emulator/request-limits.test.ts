// Malformed and oversized requests: each gets a 4xx in the error shape of the service it was sent
// to, leaves the state as it was, and the emulator keeps answering afterwards.
import { beforeEach, describe, expect, it } from "vitest";
import { armJsonLimits, JsonContentError, maxRequestBytes, parseJsonWithin } from "./request-limits";
import {
  appOrigin,
  armScope,
  armToken,
  authorizeParams,
  base,
  call,
  errorOf,
  parseRedirect,
  pkce,
  pricingPath,
  signInAndRedeem,
  subs,
  tenants,
  testEmulator,
  tokenRequest,
  users,
  type TestEmulator,
} from "./test-support";

let emu: TestEmulator;
let owner: string;
beforeEach(async () => {
  emu = await testEmulator({ putDurationMs: 0 });
  owner = await armToken(emu, users.adele.upn);
});

/** AI in Contoso AI Research is Standard, so a PUT there applies its extension list. */
const aiPath = pricingPath(subs.aiResearch, "AI");
const getAi = () => call(emu, "GET", aiPath, { token: owner });

/** `{"a":{"a":…1…}}` nested `depth` objects deep. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

const promptEvidenceWith = (additionalExtensionProperties: string) =>
  `{"properties":{"pricingTier":"Standard","extensions":[{"name":"AIPromptEvidence","isEnabled":"True","additionalExtensionProperties":${additionalExtensionProperties}}]}}`;

describe("JSON limits", () => {
  it("parse what is within them and refuse deeper nesting and longer strings, with the position", () => {
    const limits = { maxDepth: 3, maxStringLength: 5 };
    expect(parseJsonWithin('{"a":[{"b":"12345"}]}', limits)).toEqual({ a: [{ b: "12345" }] });
    // Brackets and quotes inside strings do not count.
    expect(parseJsonWithin('["[[[{", "\\"{{"]', { maxDepth: 1, maxStringLength: 10 })).toEqual(["[[[{", '"{{']);
    expect(() => parseJsonWithin('{"a":[{"b":[1]}]}', limits)).toThrow(
      new JsonContentError("The reader's MaxDepth of 3 has been exceeded at line 1, position 12."),
    );
    expect(() => parseJsonWithin('{\n "a": "123456"}', limits)).toThrow(/more than 5 characters starts at line 2, position 7/);
    expect(() => parseJsonWithin("{not json", limits)).toThrow(JsonContentError);
  });

  it("take linear time on a 4 MB body of brackets", () => {
    const started = performance.now();
    expect(() => parseJsonWithin("[".repeat(maxRequestBytes), armJsonLimits)).toThrow(/MaxDepth of 64/);
    expect(() => parseJsonWithin(`"${"x".repeat(maxRequestBytes - 2)}"`, armJsonLimits)).toThrow(/more than 65536 characters/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("ARM bodies", () => {
  it("refuses a deeply nested body with 400 InvalidRequestContent; the pricing stays readable and writable", async () => {
    const before = await getAi();
    const put = await call(emu, "PUT", aiPath, { token: owner, body: promptEvidenceWith(nested(6000)) });
    expect(put.status).toBe(400);
    expect(errorOf(put)).toEqual({
      code: "InvalidRequestContent",
      message: expect.stringMatching(
        /^The request content was invalid and could not be deserialized: 'The reader's MaxDepth of 64 has been exceeded at line 1, position \d+\.'\.$/,
      ) as string,
    });
    expect(put.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const after = await getAi();
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    // Nesting within the limit is stored and read back.
    const ok = await call(emu, "PUT", aiPath, { token: owner, body: promptEvidenceWith(nested(60)) });
    expect(ok.status).toBe(200);
    expect((await getAi()).status).toBe(200);
  });

  it("refuses a string longer than 64 Ki characters with 400 InvalidRequestContent", async () => {
    const before = await getAi();
    const put = await call(emu, "PUT", aiPath, {
      token: owner,
      body: promptEvidenceWith(JSON.stringify({ ExclusionTags: "x".repeat(100_000) })),
    });
    expect(put.status).toBe(400);
    expect(errorOf(put).code).toBe("InvalidRequestContent");
    expect(errorOf(put).message).toMatch(/A string of more than 65536 characters starts at line 1, position \d+/);
    expect((await getAi()).body).toEqual(before.body);
  });

  it("answers a body over 4 MB with 413 RequestContentTooLarge, without reading it into the state", async () => {
    const before = await getAi();
    const put = await call(emu, "PUT", aiPath, {
      token: owner,
      headers: { Origin: appOrigin },
      body: promptEvidenceWith(JSON.stringify({ ExclusionTags: "x".repeat(maxRequestBytes) })),
    });
    expect(put.status).toBe(413);
    expect(errorOf(put)).toEqual({ code: "RequestContentTooLarge", message: "The request content size exceeds the maximum size of 4 MB." });
    expect(put.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(put.headers.get("x-ms-correlation-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await getAi()).body).toEqual(before.body);
    // A body of exactly the limit is read (and here refused for what it is, not for its size).
    const atLimit = await call(emu, "PUT", aiPath, { token: owner, body: " ".repeat(maxRequestBytes) });
    expect(atLimit.status).toBe(400);
    expect(errorOf(atLimit).code).toBe("InvalidRequestContent");
  });

  it("leaves malformed percent-escapes in the URL undecoded: 400 with ARM's codes, never 500", async () => {
    const badSubscription = await call(emu, "GET", "/subscriptions/%E0%A4%A/providers/Microsoft.Security/pricings?api-version=2024-01-01", {
      token: owner,
    });
    expect(badSubscription.status).toBe(400);
    expect(errorOf(badSubscription)).toEqual({
      code: "InvalidSubscriptionId",
      message: "The provided subscription identifier '%E0%A4%A' is malformed or invalid.",
    });
    const badName = await call(emu, "PUT", pricingPath(subs.aiResearch, "A%zzI"), {
      token: owner,
      body: { properties: { pricingTier: "Free" } },
    });
    expect(badName.status).toBe(400);
    expect(errorOf(badName).code).toBe("InvalidResourceName");
    // Valid escapes still decode, and a bad one beside them stays as sent.
    const mixed = await call(emu, "GET", pricingPath(subs.aiResearch, "%41I%zz"), { token: owner });
    expect(errorOf(mixed).message).toMatch(/^The name 'AI%zz' is not a valid name\./);
    const badQuery = await call(emu, "GET", `/subscriptions?api-version=%E0%A4%A`, { token: owner });
    expect(badQuery.status).toBe(400);
    expect(errorOf(badQuery).code).toBe("InvalidApiVersionParameter");

    expect((await getAi()).status).toBe(200);
    expect((await call(emu, "GET", pricingPath(subs.aiResearch, "%41I"), { token: owner })).status).toBe(200);
  });

  it("answers a path of many trailing slashes quickly", async () => {
    const started = performance.now();
    const res = await call(emu, "GET", `/subscriptions/${"/".repeat(100_000)}x?api-version=2022-12-01`, { token: owner });
    expect(res.status).toBe(501);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("Entra bodies", () => {
  const tokenEndpoint = `${base}/organizations/oauth2/v2.0/token`;
  const signInRecords = () => ({
    codes: emu.state.codes.size,
    refreshTokens: emu.state.refreshTokens.size,
    sessions: emu.state.sessions.size,
  });

  it("answers a body over 4 MB with 413 and Entra's error JSON", async () => {
    await signInAndRedeem(emu, users.adele.oid);
    const before = signInRecords();
    const res = await emu.fetch(
      new Request(tokenEndpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: appOrigin },
        body: `grant_type=refresh_token&refresh_token=${"x".repeat(maxRequestBytes)}`,
      }),
    );
    expect(res.status).toBe(413);
    expect(res.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(await res.json()).toMatchObject({ error: "invalid_request", error_codes: [90015] });
    expect(signInRecords()).toEqual(before);
    expect((await signInAndRedeem(emu, users.adele.oid)).status).toBe(200);
  });

  it("answers malformed form bodies and Basic credentials with 4xx, never 500", async () => {
    const form = (body: string, headers: Record<string, string> = {}) =>
      emu.fetch(
        new Request(tokenEndpoint.replace("organizations", tenants.contoso), {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
          body,
        }),
      );
    const cases: Array<[string, Response]> = [
      ["bad escapes", await form("client_id=%zz&grant_type=%E0%A4%A&scope=%")],
      ["binary", await form("\u0000\uffff=&&==&")],
      ["JSON instead of a form", await form('{"grant_type":"client_credentials"}')],
      [
        "bad escapes in Basic credentials",
        await form("grant_type=client_credentials&scope=https%3A%2F%2Fmanagement.azure.com%2F.default", {
          Authorization: `Basic ${Buffer.from("%zz:%E0%A4").toString("base64")}`,
        }),
      ],
    ];
    for (const [what, res] of cases) {
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(((await res.json()) as { error_codes?: unknown }).error_codes, what).toEqual([expect.any(Number)]);
    }
  });

  it("answers malformed escapes in Entra URLs and cookies with 4xx", async () => {
    const get = (path: string, headers: Record<string, string> = {}) => emu.fetch(new Request(`${base}${path}`, { headers }));
    const authorize = await get("/organizations/oauth2/v2.0/authorize?client_id=%zz&redirect_uri=%E0%A4%A&scope=%");
    expect(authorize.status).toBe(400);
    expect(await authorize.text()).toContain("AADSTS700016");
    const metadata = await get("/organ%zzizations/v2.0/.well-known/openid-configuration");
    expect(metadata.status).toBe(400);
    expect(await metadata.json()).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
    const { challenge } = pkce();
    const silent = await get(`/organizations/oauth2/v2.0/authorize?${authorizeParams(challenge, { prompt: "none" }).toString()}`, {
      Cookie: "ESTSAUTH=%E0%A4%A; other=%zz",
    });
    expect(silent.status).toBe(302);
    expect(parseRedirect(silent).fragment.get("error")).toBe("login_required");
  });

  it("answers a scope with a long run of slashes quickly", async () => {
    const started = performance.now();
    const res = await tokenRequest(emu, "organizations", {
      grant_type: "refresh_token",
      refresh_token: "unknown",
      scope: `https://${"/".repeat(200_000)}x/user_impersonation ${armScope}`,
    });
    expect(res.status).toBe(400);
    const authorize = await emu.fetch(
      new Request(`${base}/organizations/oauth2/v2.0/authorize`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: "5f6a3b4e-1c2d-4e8f-9a0b-7c6d5e4f3a21",
          redirect_uri: "http://localhost:5173/redirect.html",
          response_type: "code",
          code_challenge: "x",
          code_challenge_method: "S256",
          scope: `https://${"/".repeat(200_000)}x/user_impersonation`,
        }),
      }),
    );
    expect(authorize.status).toBe(302);
    expect(new URL(authorize.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_resource");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
