// Test-only fault injection (POST /__emulator/faults, POST /__emulator/chaos): a middleware in
// front of all routing that answers chosen requests with an error, a delay, a raw body or a
// dropped connection, so e2e tests can drive the app's error, retry and offline paths against
// responses shaped exactly like ARM's and Entra's. Only installed in test mode.
import { IncomingMessage } from "node:http";
import { constants as http2, Http2ServerRequest } from "node:http2";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { sleep, type EmulatorContext } from "./context";
import { cloudMetadataPathPattern } from "./arm/cloud-metadata";
import { armCommonHeaders } from "./arm/pipeline";
import { ArmError, armErrors } from "./arm/errors";
import { controlPathPattern } from "./control/guard";
import { entraCorsHeaders } from "./entra/cors";
import { entraTimestamp } from "./entra/errors";
import { matchesPathGlob, pathGlobProblem } from "./path-glob";
import { noteRequest } from "./request-note";

/** ARM-owned and provider paths; everything under them goes through the ARM pipeline. */
export const armPathPattern = /^\/(subscriptions|tenants|providers)(\/|$)/i;
/**
 * Entra's endpoints: /{tenant}/oauth2/v2.0/*, /{tenant}/v2.0/.well-known/*, /{tenant}/discovery/v2.0/keys,
 * and the v1 discovery document and keys, /{tenant}/.well-known/* and /{tenant}/discovery/keys.
 */
const entraPathPattern = /^\/[^/]+\/(oauth2\/v2\.0\/|v2\.0\/\.well-known\/|discovery\/v2\.0\/|\.well-known\/|discovery\/keys\/*$)/i;

export type Service = "arm" | "entra";

export function serviceOf(pathname: string): Service | undefined {
  if (armPathPattern.test(pathname) || cloudMetadataPathPattern.test(pathname)) return "arm";
  if (entraPathPattern.test(pathname)) return "entra";
  return undefined;
}

export const faultMatchSchema = z.strictObject({
  method: z.string().min(1).optional(),
  /** A glob (emulator/path-glob.ts) compared with the whole URL pathname, case-insensitively. */
  path: z
    .string()
    .superRefine((pattern, ctx) => {
      const problem = pathGlobProblem(pattern);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  service: z.enum(["arm", "entra"]).optional(),
  /** The token endpoint's form field grant_type; only POSTs with a form body can match. */
  grantType: z.string().min(1).optional(),
});
export type FaultMatch = z.infer<typeof faultMatchSchema>;

const faultSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("status"),
    status: z.number().int().min(400).max(599),
    code: z.string().min(1).optional(),
    message: z.string().optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
  // Capped at 10 minutes: longer would only outlive every test timeout.
  z.strictObject({ kind: z.literal("latency"), ms: z.number().int().min(0).max(600_000) }),
  z.strictObject({ kind: z.literal("drop") }),
  z.strictObject({
    kind: z.literal("body"),
    status: z.number().int().min(200).max(599).optional(),
    contentType: z.string().min(1).optional(),
    body: z.string(),
  }),
  z.strictObject({
    kind: z.literal("oauth-error"),
    error: z.string().min(1),
    description: z.string().optional(),
    /** Entra adds it for some errors (e.g. "basic_action", "consent_required"); MSAL surfaces it as subError. */
    suberror: z.string().min(1).optional(),
    /** Entra answers 400 for these errors (401 for invalid_client). */
    status: z.number().int().min(400).max(599).optional(),
  }),
]);
export type Fault = z.infer<typeof faultSchema>;

export const faultRequestSchema = z.strictObject({
  match: faultMatchSchema.default({}),
  count: z.number().int().min(1).default(1),
  fault: faultSchema,
});

export const chaosRequestSchema = z.strictObject({
  rate: z.number().min(0).max(1),
  seed: z.number(),
  match: faultMatchSchema.default({}),
  statuses: z.array(z.number().int().min(400).max(599)).min(1).default([500, 503, 429]),
});

export type FaultRule = {
  id: string;
  match: FaultMatch;
  fault: Fault;
  count: number;
  remaining: number;
  hits: number;
};

export type ChaosReport = {
  active: boolean;
  rate?: number;
  seed?: number;
  match?: FaultMatch;
  statuses?: number[];
  /** Matching ARM requests since the last POST /__emulator/chaos. */
  seen: number;
  /** Of those, how many were failed, in total and per status. */
  injected: number;
  byStatus: Record<string, number>;
};

type Chaos = {
  rate: number;
  seed: number;
  match: FaultMatch;
  statuses: number[];
  random: () => number;
  active: boolean;
  seen: number;
  injected: number;
  byStatus: Record<string, number>;
};

/** mulberry32: a tiny seeded PRNG, so a chaos run can be replayed exactly from its seed. */
export function mulberry32(seed: number): () => number {
  let a = Math.trunc(seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Node's request (HTTP/1.1 or HTTP/2), in the Hono env (c.env.incoming) when served by @hono/node-server. */
export function nodeIncoming(env: unknown): IncomingMessage | Http2ServerRequest | undefined {
  if (typeof env !== "object" || env === null || !("incoming" in env)) return undefined;
  return env.incoming instanceof IncomingMessage || env.incoming instanceof Http2ServerRequest ? env.incoming : undefined;
}

/** Responses standing for a dropped connection; Emulator.fetch turns them into a network error. */
const dropped = new WeakSet<Response>();

export function isDroppedResponse(response: Response): boolean {
  return dropped.has(response);
}

/** What fetch() reports when the server closes the connection without answering (undici's wording). */
export function connectionDroppedError(): TypeError {
  return new TypeError("fetch failed", {
    cause: Object.assign(new Error("other side closed (emulator fault: drop)"), { code: "UND_ERR_SOCKET" }),
  });
}

type RequestFacts = { method: string; path: string; service: Service | undefined; grantType: () => Promise<string | undefined> };

function facts(request: Request): RequestFacts {
  const url = new URL(request.url);
  let grant: Promise<string | undefined> | undefined;
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    service: serviceOf(url.pathname),
    // Read only when a rule asks for it, from a clone, so the route handler still gets the body.
    grantType: () =>
      (grant ??=
        request.method.toUpperCase() === "POST" &&
        (request.headers.get("content-type") ?? "").toLowerCase().includes("application/x-www-form-urlencoded")
          ? request
              .clone()
              .text()
              .then((text) => new URLSearchParams(text).get("grant_type") ?? undefined)
          : Promise.resolve(undefined)),
  };
}

async function matches(match: FaultMatch, req: RequestFacts): Promise<boolean> {
  if (match.method !== undefined && match.method.toUpperCase() !== req.method) return false;
  if (match.service !== undefined && match.service !== req.service) return false;
  if (match.path !== undefined && !matchesPathGlob(match.path, req.path)) return false;
  if (match.grantType !== undefined && (await req.grantType()) !== match.grantType) return false;
  return true;
}

/** Unverified claims of the caller's bearer token: only to word messages the way ARM would. */
function bearerClaims(request: Request): Record<string, unknown> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token?.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Reason phrases as ARM error codes, for statuses without a more specific default. */
const reasonCodes: Record<number, string> = {
  400: "BadRequest",
  404: "NotFound",
  405: "MethodNotAllowed",
  408: "RequestTimeout",
  412: "PreconditionFailed",
  413: "RequestEntityTooLarge",
  422: "UnprocessableEntity",
  501: "NotImplemented",
  502: "BadGateway",
};

/** ARM's timestamp format in diagnostic messages: 2024-05-14T09:12:31.1234567Z. */
const armTimestamp = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");

/** The error real ARM would most plausibly send for this status on this request. */
function defaultArmError(
  ctx: EmulatorContext,
  request: Request,
  status: number,
  ids: Record<string, string>,
  retryAfterSeconds: number,
): ArmError {
  const url = new URL(request.url);
  const claims = bearerClaims(request);
  const oid = str(claims["oid"]) ?? "00000000-0000-0000-0000-000000000000";
  const tid = str(claims["tid"]);
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(url.pathname)?.[1];
  const now = ctx.now();
  switch (status) {
    case 401: {
      const exp = typeof claims["exp"] === "number" ? claims["exp"] : Math.floor(now / 1000) - 1;
      return armErrors.expiredToken(ctx.publicUrl, tid ?? "organizations", exp, now);
    }
    case 403: {
      const provider = /\/providers\/([^/]+\/[^/]+)/i.exec(url.pathname)?.[1] ?? "Microsoft.Resources/subscriptions";
      const verb = request.method.toUpperCase() === "GET" ? "read" : request.method.toUpperCase() === "DELETE" ? "delete" : "write";
      const client = str(claims["upn"]) ?? str(claims["unique_name"]) ?? oid;
      return armErrors.authorizationFailed(client, oid, `${provider}/${verb}`, url.pathname);
    }
    case 409:
      return armErrors.concurrentUpdate();
    case 429: {
      const kind = ["GET", "HEAD"].includes(request.method.toUpperCase()) ? "read" : "write";
      return armErrors.throttled(kind, subscriptionId ?? tid ?? "unknown", oid, retryAfterSeconds);
    }
    case 500:
      return new ArmError(
        500,
        "InternalServerError",
        `Encountered internal server error. Diagnostic information: timestamp '${armTimestamp(now)}', subscription id '${subscriptionId ?? ""}', tracking id '${ids["x-ms-request-id"] ?? ""}', request correlation id '${ids["x-ms-correlation-request-id"] ?? ""}'.`,
      );
    case 503:
      return new ArmError(
        503,
        "ServiceUnavailable",
        "The server is currently unable to handle the request due to a temporary overload or maintenance. Please retry the request later.",
      );
    case 504:
      return new ArmError(
        504,
        "GatewayTimeout",
        "The gateway did not receive a response from 'Microsoft.Security' within the specified time period.",
      );
    default:
      return new ArmError(
        status,
        reasonCodes[status] ?? "InjectedFault",
        `The emulator injected an HTTP ${status} fault for ${request.method.toUpperCase()} ${url.pathname}.`,
      );
  }
}

type StatusFault = { status: number; code?: string | undefined; message?: string | undefined; retryAfterSeconds?: number | undefined };

/** An ARM error response: envelope, request ids, CORS and status-specific headers like the pipeline's. */
export function armFaultResponse(ctx: EmulatorContext, request: Request, fault: StatusFault): Response {
  const common = armCommonHeaders(request);
  // ARM sends Retry-After with 429 (throttling) and 503; default to 1 s so clients retry quickly in tests.
  const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 || fault.status === 503 ? 1 : undefined);
  const defaults = defaultArmError(ctx, request, fault.status, common, retryAfter ?? 1);
  const headers: Record<string, string> = { ...common, ...defaults.headers, "Content-Type": "application/json; charset=utf-8" };
  if (retryAfter !== undefined) headers["Retry-After"] = String(retryAfter);
  else delete headers["Retry-After"];
  return Response.json(
    { error: { code: fault.code ?? defaults.code, message: fault.message ?? defaults.message } },
    { status: fault.status, headers },
  );
}

/** AADSTS codes and texts Entra sends with these errors (used when the fault gives no description). */
const entraDefaults: Record<string, { aadsts: number; description: string }> = {
  invalid_grant: {
    aadsts: 700082,
    description:
      "The refresh token has expired due to inactivity. The token was issued on 2024-01-01T00:00:00.0000000Z and was inactive for 90.00:00:00.",
  },
  interaction_required: {
    aadsts: 50076,
    description:
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.",
  },
  login_required: { aadsts: 50058, description: "A silent sign-in request was sent but no user is signed in." },
  consent_required: {
    aadsts: 65001,
    description:
      "The user or administrator has not consented to use the application. Send an interactive authorization request for this user and resource.",
  },
  invalid_client: {
    aadsts: 7000215,
    description:
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
  },
  invalid_request: { aadsts: 900144, description: "The request body must contain the following parameter: 'grant_type'." },
  temporarily_unavailable: { aadsts: 50000, description: "There was an error issuing a token or an issue with our sign-in service." },
  server_error: { aadsts: 50000, description: "There was an error issuing a token or an issue with our sign-in service." },
};

/** Entra's token-endpoint error: `{ error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri }` with CORS for the Origin. */
export function entraFaultResponse(
  ctx: EmulatorContext,
  request: Request,
  fault: {
    error: string;
    description?: string | undefined;
    suberror?: string | undefined;
    status: number;
    retryAfterSeconds?: number | undefined;
  },
): Response {
  const known = entraDefaults[fault.error] ?? {
    aadsts: 50000,
    description: "There was an error issuing a token or an issue with our sign-in service.",
  };
  // A description written as "AADSTS70043: …" keeps its code, so tests can craft any AADSTS error.
  const given = fault.description === undefined ? undefined : /^AADSTS(\d+):\s*(.*)$/s.exec(fault.description);
  const aadsts = given ? Number(given[1]) : known.aadsts;
  const description = given ? (given[2] ?? "") : (fault.description ?? known.description);
  const traceId = crypto.randomUUID();
  const correlationId = request.headers.get("client-request-id") ?? crypto.randomUUID();
  const timestamp = entraTimestamp(ctx.now());
  const body: Record<string, unknown> = {
    error: fault.error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${ctx.publicUrl}/error?code=${aadsts}`,
  };
  if (fault.suberror !== undefined) body["suberror"] = fault.suberror;
  const headers: Record<string, string> = {
    ...entraCorsHeaders(request.headers.get("origin") ?? undefined),
    "Cache-Control": "no-store",
    Pragma: "no-cache",
  };
  if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
  return Response.json(body, { status: fault.status, headers });
}

/** OAuth error names for a bare status fault on an Entra endpoint. */
function entraErrorForStatus(status: number): string {
  if (status === 401) return "invalid_client";
  if (status === 429 || status === 503) return "temporarily_unavailable";
  if (status >= 500) return "server_error";
  return "invalid_request";
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private chaos: Chaos | undefined;
  // Ids keep counting across clear/reset so a stale id never names a new rule.
  private nextId = 1;

  constructor(private readonly getContext: () => EmulatorContext) {}

  add(input: z.infer<typeof faultRequestSchema>): FaultRule {
    const rule: FaultRule = {
      id: `fault-${this.nextId++}`,
      match: input.match,
      fault: input.fault,
      count: input.count,
      remaining: input.count,
      hits: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  /** Every rule since the last clear, exhausted ones included (remaining 0), so tests can check hits. */
  list(): Array<FaultRule & { active: boolean }> {
    return this.rules.map((r) => ({ ...r, active: r.remaining > 0 }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  /** Clears rules and chaos (DELETE /__emulator/faults, POST /__emulator/reset). */
  clear(): void {
    this.rules = [];
    this.chaos = undefined;
  }

  startChaos(input: z.infer<typeof chaosRequestSchema>): ChaosReport {
    this.chaos = { ...input, random: mulberry32(input.seed), active: true, seen: 0, injected: 0, byStatus: {} };
    return this.chaosReport();
  }

  /** Stops injecting; the counts stay readable until the next start or clear. */
  stopChaos(): ChaosReport {
    if (this.chaos) this.chaos.active = false;
    return this.chaosReport();
  }

  chaosReport(): ChaosReport {
    const c = this.chaos;
    if (!c) return { active: false, seen: 0, injected: 0, byStatus: {} };
    return {
      active: c.active,
      rate: c.rate,
      seed: c.seed,
      match: c.match,
      statuses: c.statuses,
      seen: c.seen,
      injected: c.injected,
      byStatus: { ...c.byStatus },
    };
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const request = c.req.raw;
      const req = facts(request);
      // Preflights are never consumed: a fault meant for the real request would otherwise be
      // spent on the OPTIONS and surface in the browser as a CORS error instead.
      const chaos = this.chaos?.active === true ? this.chaos : undefined;
      if (
        req.method === "OPTIONS" ||
        controlPathPattern.test(req.path) ||
        (chaos === undefined && !this.rules.some((r) => r.remaining > 0))
      ) {
        await next();
        return;
      }
      const ctx = this.getContext();

      for (const rule of this.rules) {
        if (rule.remaining <= 0 || !(await matches(rule.match, req))) continue;
        rule.remaining -= 1;
        rule.hits += 1;
        const fault = rule.fault;
        noteRequest(c, { fault: `${rule.id}:${fault.kind}` });
        switch (fault.kind) {
          case "latency":
            await sleep(fault.ms);
            await next();
            return;
          case "drop": {
            // The browser sees a network error (no status, no headers); the response returned below
            // is then written nowhere.
            const incoming = nodeIncoming(c.env);
            // HTTP/2: reset this request's stream only; its connection carries other requests.
            if (incoming instanceof Http2ServerRequest) incoming.stream.close(http2.NGHTTP2_INTERNAL_ERROR);
            else incoming?.socket.destroy();
            const res = new Response(null, { status: 502 });
            dropped.add(res);
            return res;
          }
          case "status":
            return req.service === "entra"
              ? entraFaultResponse(ctx, request, {
                  error: fault.code ?? entraErrorForStatus(fault.status),
                  description: fault.message,
                  status: fault.status,
                  retryAfterSeconds: fault.retryAfterSeconds ?? (fault.status === 429 || fault.status === 503 ? 1 : undefined),
                })
              : armFaultResponse(ctx, request, fault);
          case "body": {
            const cors = req.service === "entra" ? entraCorsHeaders(request.headers.get("origin") ?? undefined) : armCommonHeaders(request);
            const status = fault.status ?? 200;
            // 204/205/304 cannot carry a body (the Response constructor refuses one).
            const body = [204, 205, 304].includes(status) ? null : fault.body;
            return new Response(body, {
              status,
              headers: { ...cors, "Content-Type": fault.contentType ?? "application/json; charset=utf-8" },
            });
          }
          case "oauth-error":
            return entraFaultResponse(ctx, request, {
              error: fault.error,
              description: fault.description,
              suberror: fault.suberror,
              status: fault.status ?? 400,
            });
        }
      }

      if (chaos && req.service === "arm" && (await matches(chaos.match, req))) {
        chaos.seen += 1;
        // One draw per request (plus one for the status when it fails): the same seed and the same
        // request sequence give the same failures.
        if (chaos.random() < chaos.rate) {
          const status = chaos.statuses[Math.floor(chaos.random() * chaos.statuses.length)] ?? 500;
          chaos.injected += 1;
          noteRequest(c, { fault: "chaos:status" });
          chaos.byStatus[String(status)] = (chaos.byStatus[String(status)] ?? 0) + 1;
          return armFaultResponse(ctx, request, { status, retryAfterSeconds: status === 429 || status === 503 ? 1 : undefined });
        }
      }
      await next();
      return;
    };
  }
}
