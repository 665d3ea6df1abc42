// The Entra ID endpoint table: one named handler per endpoint.
import type { Context, Hono } from "hono";
import type { EmulatorContext } from "../context";
import { authorizeGet, authorizePost } from "./authorize";
import { entraCorsHeaders } from "./cors";
import { EntraError, entraErrorBody } from "./errors";
import { logoutHandler } from "./logout";
import { keysHandler, openidConfigurationHandler } from "./metadata";
import { resolveAuthority } from "./tenant";
import { tokenHandler } from "./token";

export function registerEntraRoutes(app: Hono, getContext: () => EmulatorContext): void {
  const preflight = (c: { req: { header: (n: string) => string | undefined } }) =>
    new Response(null, { status: 204, headers: entraCorsHeaders(c.req.header("origin")) });

  const discovery = (version: "v1" | "v2") => (c: Context) => {
    const ctx = getContext();
    try {
      return openidConfigurationHandler(ctx, resolveAuthority(ctx, c.req.param("tenant") ?? ""), c, version);
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      return Response.json(entraErrorBody(err, ctx.now(), c.req.header("client-request-id"), ctx.publicUrl), {
        status: err.status,
        headers: entraCorsHeaders(c.req.header("origin")),
      });
    }
  };

  app.get("/:tenant/v2.0/.well-known/openid-configuration", discovery("v2"));
  app.options("/:tenant/v2.0/.well-known/openid-configuration", preflight);
  // The v1 document (no /v2.0) and its keys, which are the same key.
  app.get("/:tenant/.well-known/openid-configuration", discovery("v1"));
  app.options("/:tenant/.well-known/openid-configuration", preflight);
  app.get("/:tenant/discovery/v2.0/keys", (c) => keysHandler(getContext(), c));
  app.options("/:tenant/discovery/v2.0/keys", preflight);
  app.get("/:tenant/discovery/keys", (c) => keysHandler(getContext(), c));
  app.options("/:tenant/discovery/keys", preflight);
  app.get("/:tenant/oauth2/v2.0/authorize", (c) => authorizeGet(getContext(), c, c.req.param("tenant")));
  app.post("/:tenant/oauth2/v2.0/authorize", (c) => authorizePost(getContext(), c, c.req.param("tenant")));
  app.post("/:tenant/oauth2/v2.0/token", (c) => tokenHandler(getContext(), c, c.req.param("tenant")));
  app.options("/:tenant/oauth2/v2.0/token", preflight);
  app.get("/:tenant/oauth2/v2.0/logout", (c) => logoutHandler(getContext(), c));
}
