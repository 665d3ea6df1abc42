// GET /{tenant}/oauth2/v2.0/logout: ends the session and returns to the app, if the app registered
// where it asks to return.
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { compactVerify, createLocalJWKSet } from "jose";
import type { EmulatorContext } from "../context";
import type { SeedApplication } from "../fixtures/seed";
import { sessionCookie } from "./authorize";
import { signedOutPage } from "./pages";

/**
 * The applications whose redirect URIs a post_logout_redirect_uri may be: the one `client_id`
 * names, else the audience of a genuine `id_token_hint` (its expiry does not matter: a hint is often
 * an old id token), else, as Entra does not document how it picks the application when neither is
 * sent (MSAL sends neither), every registered application.
 */
async function applicationsFor(ctx: EmulatorContext, c: Context): Promise<readonly SeedApplication[]> {
  const byId = (clientId: string) => ctx.seed.applications.filter((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
  const clientId = c.req.query("client_id");
  if (clientId !== undefined) return byId(clientId);
  const hint = c.req.query("id_token_hint");
  if (hint !== undefined) {
    try {
      // The signature only: no time claim is checked.
      const { payload } = await compactVerify(hint, createLocalJWKSet({ keys: [ctx.signingKey.publicJwk] }), { algorithms: ["RS256"] });
      const { aud } = JSON.parse(new TextDecoder().decode(payload)) as { aud?: unknown };
      return typeof aud === "string" ? byId(aud) : [];
    } catch {
      // A hint the emulator did not sign names no application.
      return [];
    }
  }
  return ctx.seed.applications;
}

export async function logoutHandler(ctx: EmulatorContext, c: Context): Promise<Response> {
  const id = getCookie(c, sessionCookie);
  if (id !== undefined) ctx.state.sessions.delete(id);
  const headers = new Headers({
    "Set-Cookie": `${sessionCookie}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`,
    "Cache-Control": "no-store",
  });
  const target = c.req.query("post_logout_redirect_uri");
  // Only to a redirect URI the application registered, exactly, as Entra requires: never an open
  // redirect. Any other is not followed, and the user sees the signed-out page (still signed out).
  if (target !== undefined && (await applicationsFor(ctx, c)).some((a) => a.spaRedirectUris.includes(target))) {
    const url = new URL(target);
    const state = c.req.query("state");
    if (state !== undefined) url.searchParams.set("state", state);
    headers.set("Location", url.toString());
    return new Response(null, { status: 302, headers });
  }
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(signedOutPage(), { status: 200, headers });
}
