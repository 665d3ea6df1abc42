// GET /{tenant}/oauth2/v2.0/logout: the session ends whatever is asked; the browser is sent back
// only to a redirect URI the application registered, exactly (never an open redirect).
import { SignJWT } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { createSigningKey } from "../certificate";
import {
  authorizeParams,
  base,
  claims,
  clientId,
  parseRedirect,
  pkce,
  signIn,
  signInAndRedeem,
  testEmulator,
  users,
  type TestEmulator,
} from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const appRoot = "http://localhost:5173/";

async function logout(params: Record<string, string>, cookie?: string): Promise<Response> {
  return emu.fetch(
    new Request(`${base}/organizations/oauth2/v2.0/logout?${new URLSearchParams(params).toString()}`, {
      headers: cookie === undefined ? {} : { Cookie: cookie },
    }),
  );
}

async function expectSignedOutPage(res: Response, why: string) {
  expect(res.status, why).toBe(200);
  expect(res.headers.get("location"), why).toBeNull();
  expect(res.headers.get("content-type"), why).toBe("text/html; charset=utf-8");
  expect(await res.text(), why).toContain("You signed out of your account");
}

/** Whether the browser session still signs in silently. */
async function stillSignedIn(cookie: string | undefined, challenge: string): Promise<boolean> {
  const silent = await emu.fetch(
    new Request(`${base}/organizations/oauth2/v2.0/authorize?${authorizeParams(challenge, { prompt: "none" }).toString()}`, {
      headers: { Cookie: cookie ?? "" },
    }),
  );
  return parseRedirect(silent).fragment.get("error") !== "login_required";
}

describe("logout's post_logout_redirect_uri", () => {
  it("returns to a registered redirect URI (the app's root, as MSAL sends it), with the state", async () => {
    const { challenge } = pkce();
    const { cookie } = await signIn(emu, users.adele.oid, challenge);
    const res = await logout({ post_logout_redirect_uri: appRoot, state: "s1" }, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${appRoot}?state=s1`);
    expect(await stillSignedIn(cookie, challenge)).toBe(false);
    expect((await logout({ post_logout_redirect_uri: "http://localhost:4173/redirect.html" })).headers.get("location")).toBe(
      "http://localhost:4173/redirect.html",
    );
  });

  it("does not redirect to an unregistered URI, even on a registered origin, and still signs out", async () => {
    const { challenge } = pkce();
    const { cookie } = await signIn(emu, users.adele.oid, challenge);
    await expectSignedOutPage(await logout({ post_logout_redirect_uri: "https://evil.example/", state: "s1" }, cookie), "another site");
    expect(await stillSignedIn(cookie, challenge)).toBe(false);
    for (const uri of [
      "http://localhost:5173/somewhere-else",
      "http://localhost:5173",
      "http://LOCALHOST:5173/redirect.html?next=https://evil.example/",
      "http://localhost:9999/",
      "javascript:alert(1)",
      "not a url",
    ])
      await expectSignedOutPage(await logout({ post_logout_redirect_uri: uri }), uri);
    await expectSignedOutPage(await logout({}), "no post_logout_redirect_uri");
  });

  it("matches the redirect URIs of the application client_id names", async () => {
    expect((await logout({ post_logout_redirect_uri: appRoot, client_id: clientId })).status).toBe(302);
    expect((await logout({ post_logout_redirect_uri: appRoot, client_id: clientId.toUpperCase() })).status).toBe(302);
    // Another application (the scripts' confidential client registers no redirect URI), or none.
    await expectSignedOutPage(
      await logout({ post_logout_redirect_uri: appRoot, client_id: "7d2c4b1a-9e8f-4a6b-b5c4-3d2e1f0a9b8c" }),
      "the confidential client",
    );
    await expectSignedOutPage(
      await logout({ post_logout_redirect_uri: appRoot, client_id: "00000000-0000-0000-0000-000000000000" }),
      "unknown",
    );
  });

  it("matches the redirect URIs of the application an id_token_hint was issued to, expired or not; a forged hint names none", async () => {
    const tokens = await signInAndRedeem(emu, users.adele.oid);
    const idToken = String(tokens.json["id_token"]);
    expect(claims(idToken)["aud"]).toBe(clientId);
    emu.clock.advance(48 * 3600_000);
    expect((await logout({ post_logout_redirect_uri: appRoot, id_token_hint: idToken })).status).toBe(302);

    const other = await createSigningKey();
    const forged = await new SignJWT(claims(idToken))
      .setProtectedHeader({ alg: "RS256", kid: emu.context.signingKey.kid })
      .sign(other.privateKey);
    await expectSignedOutPage(await logout({ post_logout_redirect_uri: appRoot, id_token_hint: forged }), "forged hint");
    await expectSignedOutPage(await logout({ post_logout_redirect_uri: appRoot, id_token_hint: "not.a.jwt" }), "malformed hint");
  });
});
