// GET /{tenant}/oauth2/v2.0/logout: ends the session and returns to the app.
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { EmulatorContext } from "../context";
import { sessionCookie } from "./authorize";
import { signedOutPage } from "./pages";

export function logoutHandler(ctx: EmulatorContext, c: Context): Response {
  const id = getCookie(c, sessionCookie);
  if (id !== undefined) ctx.state.sessions.delete(id);
  const headers = new Headers({
    "Set-Cookie": `${sessionCookie}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`,
    "Cache-Control": "no-store",
  });
  const target = c.req.query("post_logout_redirect_uri");
  // Only back to an origin the app registered as a redirect URI: never an open redirect.
  const allowed = new Set(ctx.seed.applications.flatMap((a) => a.spaRedirectUris.map((u) => new URL(u).origin)));
  if (target !== undefined && URL.canParse(target) && allowed.has(new URL(target).origin)) {
    const url = new URL(target);
    const state = c.req.query("state");
    if (state !== undefined) url.searchParams.set("state", state);
    headers.set("Location", url.toString());
    return new Response(null, { status: 302, headers });
  }
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(signedOutPage(), { status: 200, headers });
}
