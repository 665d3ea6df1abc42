// The fixed ARM request pipeline: request ids → CORS → api-version → route → authentication →
// throttling → authorization → media type → handler (body validation inside) → one error handler. Once the
// request has drawn from its rate-limit bucket, every response carries the bucket's header, errors
// (the 429 included) as well as successes.
import type { EmulatorContext } from "../context";
import { anyRoleAllows } from "../directory";
import { armJsonLimits, JsonContentError, parseJsonWithin } from "../request-limits";
import type { RequestNote } from "../request-note";
import type { SubscriptionState } from "../store";
import { decodePercentLeniently, trimTrailingSlashes } from "../url-parts";
import { authenticate, type Principal } from "./authenticate";
import { ArmError, armErrors } from "./errors";
import { consume, type ThrottleScope } from "./throttle";

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
  /** The body as JSON (read before the handler runs); throws 400 InvalidRequestContent. */
  readJson: () => unknown;
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
  "x-ms-ratelimit-remaining-tenant-writes",
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
  // The x-ms-ratelimit-remaining-* header, once the request has drawn from its bucket.
  let rateLimit: Record<string, string> = {};

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

    // Before the access checks, so that their refusals (401 wrong tenant, 403, 404) count and say
    // what remains too. A 429 carries the header at 0.
    const scope = throttleScopeOf(ctx, route, params, principal);
    if (scope !== undefined) rateLimit = consume(ctx.state, route.write ? "write" : "read", scope, principal.objectId, ctx.now());

    let subscription: SubscriptionState | undefined;
    if (route.subscriptionScoped) subscription = checkSubscriptionAccess(ctx, route, params, url, principal);

    if (route.write && subscription?.seed.state === "Disabled")
      throw armErrors.readOnlyDisabledSubscription(subscription.seed.subscriptionId);

    const text = await request.text();
    if (bodyMethods.has(method)) checkMediaType(text, request.headers.get("content-type"));

    const armRequest: ArmRequest = {
      ctx,
      method,
      url,
      params,
      apiVersion,
      principal,
      subscription,
      readJson: () => {
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
    const headers = { ...common, ...rateLimit, ...result.headers };
    // 204 No Content (an alert's status change) has no body, so no content type.
    if (result.status === 204) return new Response(null, { status: 204, headers });
    return Response.json(result.body, {
      status: result.status,
      headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
    });
  } catch (err) {
    if (err instanceof ArmError) return armErrorResponse(err, { ...common, ...rateLimit });
    console.error("emulator: unexpected error", err);
    const message = err instanceof Error ? err.message : String(err);
    return Response.json(
      { error: { code: "InternalServerError", message: `The emulator failed: ${message}` } },
      { status: 500, headers: { ...common, ...rateLimit } },
    );
  }
}

const bodyMethods = new Set(["PUT", "PATCH", "POST"]);

/**
 * ARM reads JSON only: a PUT, PATCH or POST whose body is not declared `application/json` (any
 * parameters, such as `; charset=utf-8`, allowed) is refused with 415 before the resource provider
 * sees it, a missing Content-Type included. A bodyless call without Content-Type (a provider
 * registration, an alert's status change) passes.
 */
function checkMediaType(body: string, contentType: string | null): void {
  if (body === "" && (contentType === null || contentType.trim() === "")) return;
  if (contentType?.split(";")[0]?.trim().toLowerCase() !== "application/json") throw armErrors.unsupportedMediaType(contentType);
}

/**
 * The bucket a call draws from: the subscription's when the route names one the emulator has (in
 * whichever tenant: the tenant check comes after), else the token's tenant's. A malformed or
 * unknown subscription id draws from none, so made-up ids cannot grow the emulator's memory; its
 * 400 InvalidSubscriptionId or 404 SubscriptionNotFound then carries no rate-limit header.
 */
function throttleScopeOf(ctx: EmulatorContext, route: ArmRoute, params: string[], principal: Principal): ThrottleScope | undefined {
  if (!route.subscriptionScoped) return { level: "tenant", id: principal.tenantId };
  const subscription = ctx.state.subscriptions.get((params[0] ?? "").toLowerCase());
  return subscription ? { level: "subscription", id: subscription.seed.subscriptionId } : undefined;
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
