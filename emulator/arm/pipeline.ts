// The fixed ARM request pipeline: request ids → CORS → api-version → route → authentication →
// authorization → throttling → handler (body validation inside) → one error handler.
import type { EmulatorContext } from "../context";
import { anyRoleAllows } from "../directory";
import { armJsonLimits, JsonContentError, parseJsonWithin } from "../request-limits";
import type { RequestNote } from "../request-note";
import type { SubscriptionState } from "../store";
import { decodePercentLeniently, trimTrailingSlashes } from "../url-parts";
import { authenticate, type Principal } from "./authenticate";
import { ArmError, armErrors } from "./errors";
import { consume } from "./throttle";

export type ArmRequest = {
  ctx: EmulatorContext;
  method: string;
  url: URL;
  /** Regex captures of the route, as sent (ARM echoes names in the caller's casing). */
  params: string[];
  apiVersion: string;
  principal: Principal;
  /** Set for subscription-scoped routes, after the tenant and access checks. */
  subscription: SubscriptionState | undefined;
  readJson: () => Promise<unknown>;
};

export type ArmResult = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * Who may call a route:
 * - "authenticated": any valid token (tenant-level listings filter by role themselves);
 * - "subscriptionMember": any role assignment on the subscription, else 404 SubscriptionNotFound
 *   (how ARM hides subscriptions on GET /subscriptions/{id});
 * - "sameTenant": the subscription must be of the token's tenant, no role needed;
 * - an RBAC action, else 403 AuthorizationFailed.
 */
export type Access =
  | { kind: "authenticated" }
  | { kind: "subscriptionMember" }
  | { kind: "sameTenant" }
  | { kind: "action"; action: string; scope: (req: { url: URL; params: string[] }) => string };

export type ArmRoute = {
  method: string;
  /** Case-insensitive: ARM paths are. */
  pattern: RegExp;
  apiVersions: readonly string[];
  /** ARM-owned routes answer InvalidApiVersionParameter; resource provider routes NoRegisteredProviderFound. */
  versionError: { kind: "arm" } | { kind: "provider"; resourceType: string };
  access: Access;
  /** The first capture is a subscription id. */
  subscriptionScoped: boolean;
  write: boolean;
  handler: (req: ArmRequest) => ArmResult | Promise<ArmResult>;
};

const exposedHeaders = [
  "x-ms-request-id",
  "x-ms-correlation-request-id",
  "x-ms-client-request-id",
  "x-ms-ratelimit-remaining-subscription-reads",
  "x-ms-ratelimit-remaining-subscription-writes",
  "x-ms-ratelimit-remaining-tenant-reads",
  "Retry-After",
  "WWW-Authenticate",
  // Resource Graph's quota and tenant-limit headers (whether ARM exposes them to browsers is unverified).
  "x-ms-user-quota-remaining",
  "x-ms-user-quota-resets-after",
  "x-ms-tenant-subscription-limit-hit",
].join(", ");

/** Preflight: allow Authorization, Content-Type and x-ms-* request headers (safelisted ones need no permission). */
function preflight(request: Request, cors: Record<string, string>): Response {
  const requested = (request.headers.get("access-control-request-headers") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => /^(authorization|content-type|x-ms-[a-z0-9-]+)$/i.test(h));
  return new Response(null, {
    status: 204,
    headers: {
      ...cors,
      "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, PATCH, OPTIONS",
      "Access-Control-Allow-Headers": requested.length > 0 ? requested.join(", ") : "Authorization, Content-Type",
      "Access-Control-Max-Age": "3600",
    },
  });
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** CORS headers of every ARM response (none without an Origin, as for a non-browser client). */
export function armCorsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  return origin !== null ? { "Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": exposedHeaders, Vary: "Origin" } : {};
}

/**
 * Headers every non-preflight ARM response carries: CORS, request ids, no caching. Exported so
 * that injected faults (emulator/faults.ts) look exactly like the pipeline's own errors.
 */
export function armCommonHeaders(request: Request): Record<string, string> {
  const ids: Record<string, string> = {
    "x-ms-request-id": crypto.randomUUID(),
    "x-ms-correlation-request-id": request.headers.get("x-ms-correlation-request-id") ?? crypto.randomUUID(),
  };
  const clientRequestId = request.headers.get("x-ms-client-request-id");
  if (clientRequestId !== null) ids["x-ms-client-request-id"] = clientRequestId;
  return { ...armCorsHeaders(request), ...ids, "Cache-Control": "no-cache", Pragma: "no-cache", Expires: "-1" };
}

/** An ArmError as ARM sends it: its body and headers after the common ones. */
export function armErrorResponse(err: ArmError, common: Record<string, string>): Response {
  return Response.json(err.body(), {
    status: err.status,
    headers: { ...common, ...err.headers, "Content-Type": "application/json; charset=utf-8" },
  });
}

/** `note` receives the caller once the token is verified, for the request log (emulator/request-log.ts). */
export async function handleArm(
  ctx: EmulatorContext,
  routes: readonly ArmRoute[],
  request: Request,
  note?: RequestNote,
): Promise<Response> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  if (method === "OPTIONS") return preflight(request, armCorsHeaders(request));
  const common = armCommonHeaders(request);

  try {
    const apiVersion = url.searchParams.get("api-version");
    if (apiVersion === null || apiVersion === "") throw armErrors.missingApiVersion();

    const path = trimTrailingSlashes(url.pathname);
    let params: string[] | undefined;
    const route = routes.find((r) => {
      if (r.method !== method) return false;
      const m = r.pattern.exec(path);
      if (m) params = m.slice(1).map(decodePercentLeniently);
      return m !== null;
    });
    if (!route || !params) throw armErrors.notImplemented(method, url.pathname);

    if (!route.apiVersions.includes(apiVersion)) {
      throw route.versionError.kind === "arm"
        ? armErrors.invalidApiVersion(apiVersion, route.apiVersions)
        : armErrors.noRegisteredProviderFound(apiVersion, route.versionError.resourceType, route.apiVersions);
    }

    const principal = await authenticate(ctx, request.headers.get("authorization") ?? undefined);
    if (note) {
      note.caller = principal.kind === "app" ? `app:${principal.clientName}` : principal.clientName;
      note.tenant = principal.tenantId;
    }

    let subscription: SubscriptionState | undefined;
    if (route.subscriptionScoped) subscription = checkSubscriptionAccess(ctx, route, params, url, principal);

    const kind = route.write ? "write" : "read";
    const throttleScope = subscription?.seed.subscriptionId ?? principal.tenantId;
    const remaining = consume(ctx.state, kind, throttleScope, principal.objectId, ctx.now());
    const limitHeader = subscription ? `x-ms-ratelimit-remaining-subscription-${kind}s` : `x-ms-ratelimit-remaining-tenant-${kind}s`;

    if (route.write && subscription?.seed.state === "Disabled")
      throw armErrors.readOnlyDisabledSubscription(subscription.seed.subscriptionId);

    const armRequest: ArmRequest = {
      ctx,
      method,
      url,
      params,
      apiVersion,
      principal,
      subscription,
      readJson: async () => {
        const text = await request.text();
        try {
          return parseJsonWithin(text, armJsonLimits);
        } catch (err) {
          throw err instanceof JsonContentError ? armErrors.invalidRequestContent(err.message) : err;
        }
      },
    };
    let result: ArmResult;
    try {
      result = await route.handler(armRequest);
    } finally {
      // A write to a subscription is saved (--location) whether it succeeded or not: a save that changes nothing is skipped.
      if (route.write && subscription) ctx.stateChanged(subscription.seed.subscriptionId);
    }
    const headers = {
      ...common,
      ...(remaining === undefined ? {} : { [limitHeader]: String(remaining) }),
      ...result.headers,
    };
    // 204 No Content (an alert's status change) has no body, so no content type.
    if (result.status === 204) return new Response(null, { status: 204, headers });
    return Response.json(result.body, {
      status: result.status,
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
    });
  } catch (err) {
    if (err instanceof ArmError) return armErrorResponse(err, common);
    console.error("emulator: unexpected error", err);
    const message = err instanceof Error ? err.message : String(err);
    return Response.json(
      { error: { code: "InternalServerError", message: `The emulator failed: ${message}` } },
      { status: 500, headers: common },
    );
  }
}

function checkSubscriptionAccess(
  ctx: EmulatorContext,
  route: ArmRoute,
  params: string[],
  url: URL,
  principal: Principal,
): SubscriptionState {
  const subscriptionId = params[0] ?? "";
  if (!guidPattern.test(subscriptionId)) throw armErrors.invalidSubscriptionId(subscriptionId);
  const subscription = ctx.state.subscriptions.get(subscriptionId.toLowerCase());
  if (!subscription) throw armErrors.subscriptionNotFound(subscriptionId);
  if (subscription.seed.tenantId !== principal.tenantId.toLowerCase()) {
    throw armErrors.wrongTenant(ctx.publicUrl, principal.issuer, subscription.seed.tenantId);
  }
  const roles = ctx.directory.rolesAt(principal.objectId, `/subscriptions/${subscription.seed.subscriptionId}`);
  switch (route.access.kind) {
    case "authenticated":
    case "sameTenant":
      break;
    case "subscriptionMember":
      if (roles.length === 0) throw armErrors.subscriptionNotFound(subscriptionId);
      break;
    case "action":
      if (!anyRoleAllows(roles, route.access.action)) {
        throw armErrors.authorizationFailed(
          principal.clientName,
          principal.objectId,
          route.access.action,
          route.access.scope({ url, params }),
        );
      }
      break;
  }
  return subscription;
}
