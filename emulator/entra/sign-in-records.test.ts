// Expired authorization codes, sessions and refresh tokens are dropped, so memory does not grow with
// every sign-in; the injectable clock moves time forward.
import { beforeEach, describe, expect, it } from "vitest";
import {
  armScope,
  authorizeParams,
  base,
  parseRedirect,
  pkce,
  redirectUri,
  signIn,
  testEmulator,
  tokenRequest,
  users,
  type TestEmulator,
} from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3_600_000;

/** Signs in (a session and a code) and redeems the code (a refresh token). */
async function signInFully(oid: string) {
  const { verifier, challenge } = pkce();
  const { fragment, cookie } = await signIn(emu, oid, challenge);
  const code = fragment.get("code") ?? "";
  const tokens = await tokenRequest(emu, "organizations", {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
    scope: `${armScope} openid profile offline_access`,
  });
  expect(tokens.status).toBe(200);
  return { code, sessionId: (cookie ?? "").split("=")[1] ?? "", cookie: cookie ?? "", refreshToken: String(tokens.json["refresh_token"]) };
}

const refresh = (refreshToken: string) =>
  tokenRequest(emu, "organizations", { grant_type: "refresh_token", refresh_token: refreshToken, scope: `${armScope} offline_access` });

function silentSignIn(cookie: string) {
  const { challenge } = pkce();
  const query = authorizeParams(challenge, { prompt: "none" }).toString();
  return emu.fetch(new Request(`${base}/organizations/oauth2/v2.0/authorize?${query}`, { headers: { Cookie: cookie } }));
}

describe("expired sign-in records", () => {
  it("are dropped on the next sign-in; records still valid stay and keep working", async () => {
    const first = await signInFully(users.adele.oid);
    emu.clock.advance(minutes(11));
    const second = await signInFully(users.alex.oid);
    // The first code expired after 10 minutes; the first session and refresh token have 24 hours.
    expect(emu.state.codes.has(first.code)).toBe(false);
    expect(emu.state.codes.has(second.code)).toBe(true);
    expect([...emu.state.sessions.keys()]).toEqual([first.sessionId, second.sessionId]);
    expect(emu.state.refreshTokens.has(first.refreshToken)).toBe(true);
    expect((await refresh(first.refreshToken)).status).toBe(200);
    expect(parseRedirect(await silentSignIn(first.cookie)).fragment.get("code")).toEqual(expect.any(String));
  });

  it("keep answering Entra's expiry errors until swept, then are gone", async () => {
    const old = await signInFully(users.adele.oid);
    emu.clock.advance(hours(25));
    // Expired but not swept yet (no sign-in since): the specific errors.
    expect((await refresh(old.refreshToken)).json).toMatchObject({ error: "invalid_grant", error_codes: [700084] });
    expect(parseRedirect(await silentSignIn(old.cookie)).fragment.get("error")).toBe("login_required");

    // The next sign-in sweeps: only its own records are left.
    const current = await signInFully(users.adele.oid);
    expect([...emu.state.codes.keys()]).toEqual([current.code]);
    expect([...emu.state.sessions.keys()]).toEqual([current.sessionId]);
    expect(emu.state.refreshTokens.has(old.refreshToken)).toBe(false);
    expect(emu.state.refreshTokens.has(current.refreshToken)).toBe(true);
    expect((await refresh(old.refreshToken)).json).toMatchObject({ error: "invalid_grant", error_codes: [9002313] });
    expect((await refresh(current.refreshToken)).status).toBe(200);
  });

  it("are swept at most once a minute (a sweep walks every record)", async () => {
    emu = await testEmulator({ authorizationCodeLifetimeSeconds: 1 });
    const first = await signInFully(users.adele.oid);
    emu.clock.advance(2_000);
    await signInFully(users.adele.oid);
    expect(emu.state.codes.has(first.code)).toBe(true);
    emu.clock.advance(minutes(1));
    await signInFully(users.adele.oid);
    expect(emu.state.codes.has(first.code)).toBe(false);
    expect(emu.state.codes.size).toBe(1);
  });

  it("sessions end after sessionLifetimeSeconds", async () => {
    const session = await signInFully(users.adele.oid);
    await emu.fetch(
      new Request(`${base}/__emulator/settings`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sessionLifetimeSeconds: 3600 }),
      }),
    );
    emu.clock.advance(minutes(59));
    expect(parseRedirect(await silentSignIn(session.cookie)).fragment.get("code")).toEqual(expect.any(String));
    emu.clock.advance(minutes(2));
    expect(parseRedirect(await silentSignIn(session.cookie)).fragment.get("error")).toBe("login_required");
  });
});
