// Who may call the test-mode control API: tools on this machine (test runners, curl, scripts), never
// a web page. A page cannot read the answers (no CORS), but without this guard it could still send
// "simple" requests (a text/plain POST, a form, a bodyless POST) that reset the state or install faults.
//
// Browsers always name the page's origin on cross-origin POST, PUT and DELETE (Origin) and mark every
// request they send for another site (Sec-Fetch-Site); command-line clients send neither. JSON bodies
// must say so (Content-Type: application/json), which a page can only send after a CORS preflight the
// emulator never grants.
import type { MiddlewareHandler } from "hono";

/** The control API's paths (they exist in test mode only). */
export const controlPathPattern = /^\/__emulator(\/|$)/;

const refusedFetchSites = new Set(["cross-site", "same-site"]);

const isJson = (contentType: string | undefined) => contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";

export function controlRequestGuard(publicUrl: string): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== publicUrl) {
      return c.json(
        { error: "forbidden", message: `The control API refuses requests from web pages: Origin ${origin} is not ${publicUrl}.` },
        403,
      );
    }
    const fetchSite = c.req.header("sec-fetch-site");
    if (fetchSite !== undefined && refusedFetchSites.has(fetchSite.toLowerCase())) {
      return c.json(
        { error: "forbidden", message: `The control API refuses requests from web pages (Sec-Fetch-Site: ${fetchSite}).` },
        403,
      );
    }
    // Read here (the size is already bounded) and cached by Hono for the route: an empty body needs no type.
    if ((await c.req.text()) !== "" && !isJson(c.req.header("content-type"))) {
      return c.json(
        {
          error: "unsupported_media_type",
          message: `The control API accepts only JSON bodies sent with Content-Type: application/json, not ${c.req.header("content-type") ?? "none"}.`,
        },
        415,
      );
    }
    await next();
    return;
  };
}
