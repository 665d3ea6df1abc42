// POST /providers/Microsoft.ResourceGraph/resources: a KQL query over the graph's tables, for the
// subscriptions the caller can read in the scope asked for (listed subscriptions, management groups,
// or the whole tenant), paged 1,000 rows at a time with $skipToken, under a per-user quota.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { anyRoleAllows, type ManagementGroup, managementGroupScope } from "../directory";
import { ArmError, armErrors } from "../arm/errors";
import type { ArmRequest, ArmResult } from "../arm/pipeline";
import type { EmulatorState, SubscriptionState } from "../store";
import { KqlError, type KqlValue, parseKql, type Row } from "./kql";
import { resourceContainers, securityResources } from "./tables";

export const resourceGraphApiVersions = ["2021-03-01", "2022-10-01", "2024-04-01"] as const;

/** Subscriptions one query may name (the most a tenant or management-group query covers is a setting). */
const maxListedSubscriptions = 1000;
const maxPageSize = 1000;

const requestSchema = z.object({
  subscriptions: z.array(z.string()).optional(),
  managementGroups: z.array(z.string()).optional(),
  query: z.string().min(1),
  options: z
    .object({
      $top: z.number().int().min(1).max(maxPageSize).optional(),
      $skip: z.number().int().min(0).optional(),
      $skipToken: z.string().optional(),
      resultFormat: z.enum(["table", "objectArray"]).optional(),
      allowPartialScopes: z.boolean().optional(),
      authorizationScopeFilter: z.enum(["AtScopeAndBelow", "AtScopeAndAbove", "AtScopeExact", "AtScopeAboveAndBelow"]).optional(),
    })
    .optional(),
  facets: z.array(z.object({ expression: z.string(), options: z.unknown().optional() })).optional(),
});
type QueryRequest = z.infer<typeof requestSchema>;

type Detail = { code: string; message: string } & Record<string, KqlValue>;

/** Resource Graph's errors: a generic code and message, the specifics in `details`. */
function graphError(status: number, code: string, message: string, details: Detail[], headers: Record<string, string> = {}): ArmError {
  return new ArmError(status, code, message, headers, { error: { code, message, details } });
}

/** The service's generic message; the specifics are in the details. */
const supportMessage = () =>
  `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${crypto.randomUUID()}.`;

const badRequest = (details: Detail[]) => graphError(400, "BadRequest", supportMessage(), details);

const invalidQuery = (detail: Detail) =>
  badRequest([
    {
      code: "InvalidQuery",
      message:
        "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.",
    },
    detail,
  ]);

/** "00:00:04": how the service writes the time until a quota window resets. */
function hhmmss(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** Takes one query from the user's window; 429 RateLimiting once it is spent. Returns the quota headers. */
function takeQuota(state: EmulatorState, objectId: string, now: number): Record<string, string> {
  const { resourceGraphQuota: quota, resourceGraphQuotaWindowSeconds } = state.settings;
  const windowMs = resourceGraphQuotaWindowSeconds * 1000;
  const current = state.graphQuotas.get(objectId);
  const window = current && now - current.windowStart < windowMs ? current : { windowStart: now, used: 0 };
  state.graphQuotas.set(objectId, window);
  const resetsAfter = window.windowStart + windowMs - now;
  if (window.used >= quota) {
    throw graphError(
      429,
      "RateLimiting",
      supportMessage(),
      [
        {
          code: "RateLimiting",
          message:
            "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.",
        },
      ],
      // The service's documented throttling headers; it documents no Retry-After with them.
      { "x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": hhmmss(resetsAfter) },
    );
  }
  window.used += 1;
  return { "x-ms-user-quota-remaining": String(quota - window.used), "x-ms-user-quota-resets-after": hhmmss(resetsAfter) };
}

type Scope = {
  subscriptions: SubscriptionState[];
  /** Those of `subscriptions` whose pricings the caller may read: the ones securityresources shows. */
  pricingsReadable: SubscriptionState[];
  groups: ManagementGroup[];
  limitHit: boolean;
};

/** The subscriptions and management groups in the query's scope that the caller may read. */
function resolveScope(req: ArmRequest, body: QueryRequest): Scope {
  const { ctx, principal } = req;
  const tenantId = principal.tenantId.toLowerCase();
  const rolesAt = (scope: string) => ctx.directory.rolesAt(principal.objectId, scope);
  const readableGroup = (group: ManagementGroup) =>
    anyRoleAllows(rolesAt(managementGroupScope(group.name)), "Microsoft.Management/managementGroups/read");
  const inTenant = [...ctx.state.subscriptions.values()].filter((sub) => sub.seed.tenantId === tenantId);

  if (body.subscriptions && body.managementGroups)
    throw badRequest([{ code: "InvalidScopes", message: "A query is scoped to subscriptions or to management groups, not both." }]);

  let candidates: SubscriptionState[];
  let groups: ManagementGroup[];
  if (body.subscriptions) {
    if (body.subscriptions.length > maxListedSubscriptions)
      throw badRequest([
        {
          code: "TooManySubscriptions",
          message: `The request names ${String(body.subscriptions.length)} subscriptions; at most ${String(maxListedSubscriptions)} are allowed. Send them in batches.`,
        },
      ]);
    const listed = new Set(body.subscriptions.map((id) => id.toLowerCase()));
    candidates = inTenant.filter((sub) => listed.has(sub.seed.subscriptionId));
    groups = [];
  } else if (body.managementGroups) {
    // Rows are authorized one by one (below), so naming a group needs no access to the group itself.
    const named = body.managementGroups.map((name) => {
      const group = ctx.directory.managementGroup(name);
      if (!group || group.tenantId !== tenantId)
        throw armErrors.authorizationFailed(
          principal.clientName,
          principal.objectId,
          "Microsoft.Management/managementGroups/read",
          managementGroupScope(name),
        );
      return group;
    });
    const under = new Set(named.flatMap((group) => ctx.directory.subscriptionsUnder(group.name).map((sub) => sub.subscriptionId)));
    candidates = inTenant.filter((sub) => under.has(sub.seed.subscriptionId));
    const below = (group: ManagementGroup): ManagementGroup[] => [
      group,
      ...ctx.directory.childrenOfGroup(group.name).groups.flatMap(below),
    ];
    groups = [...new Map(named.flatMap(below).map((group) => [group.name, group])).values()];
  } else {
    candidates = inTenant;
    groups = ctx.directory.managementGroupsOf(tenantId);
  }
  // One role lookup per subscription: its roles decide both whether it is in scope and whether its pricings are.
  const readable = candidates.flatMap((sub) => {
    const roles = ctx.directory.subscriptionRoles(principal.objectId, sub.seed.subscriptionId);
    return roles.length > 0 ? [{ sub, roles }] : [];
  });
  // A tenant or management-group scope covers the first `resourceGraphScopeSubscriptionLimit` (10,000) readable subscriptions, and says so.
  const limit = ctx.state.settings.resourceGraphScopeSubscriptionLimit;
  const limitHit = !body.subscriptions && readable.length > limit;
  const inScope = limitHit ? readable.slice(0, limit) : readable;
  return {
    subscriptions: inScope.map(({ sub }) => sub),
    pricingsReadable: inScope.filter(({ roles }) => anyRoleAllows(roles, "Microsoft.Security/pricings/read")).map(({ sub }) => sub),
    groups: groups.filter(readableGroup),
    limitHit,
  };
}

/**
 * A continuation token: the next row and page size, bound to the query and scopes it was issued for,
 * and the id of the kept result it continues (see EmulatorState.graphResults).
 */
type SkipToken = { skip: number; top: number; query: string; result?: string | undefined };

/** How long, and how many, paged results are kept for their next pages; past that, the query is run again. */
const resultLifetimeMs = 5 * 60_000;
const keptResults = 20;

function keepResult(state: EmulatorState, result: { rows: Row[]; principal: string; limitHit: boolean }, now: number): string {
  for (const [id, kept] of state.graphResults) if (kept.expires <= now) state.graphResults.delete(id);
  while (state.graphResults.size >= keptResults) state.graphResults.delete(state.graphResults.keys().next().value ?? "");
  const id = randomUUID();
  state.graphResults.set(id, { ...result, expires: now + resultLifetimeMs });
  return id;
}

const fingerprint = (body: QueryRequest) =>
  createHash("sha256")
    .update(JSON.stringify([body.query, body.subscriptions ?? [], body.managementGroups ?? []]))
    .digest("base64url");

function readSkipToken(token: string, body: QueryRequest): SkipToken {
  try {
    const parsed = z
      .object({ skip: z.number().int().min(0), top: z.number().int().min(1), query: z.string(), result: z.string().optional() })
      .parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    if (parsed.query === fingerprint(body)) return parsed;
  } catch {
    // Reported below, as for a token of another query.
  }
  throw badRequest([{ code: "InvalidSkipToken", message: "The $skipToken is invalid, or was issued for another query or scope." }]);
}

/** The `table` result format: columns named and typed from the rows, then each row as an array. */
function asTable(rows: Row[]) {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const typeOf = (name: string) => {
    const value = rows.map((row) => row[name]).find((v) => v !== null && v !== undefined);
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    if (typeof value === "boolean") return "boolean";
    return typeof value === "object" ? "object" : "string";
  };
  return { columns: names.map((name) => ({ name, type: typeOf(name) })), rows: rows.map((row) => names.map((name) => row[name] ?? null)) };
}

export function queryResources(req: ArmRequest): ArmResult {
  const parsedBody = requestSchema.safeParse(req.readJson());
  if (!parsedBody.success)
    throw badRequest(
      parsedBody.error.issues.map((issue) => ({
        code: "InvalidRequestParameter",
        message: `${issue.path.join(".") || "body"}: ${issue.message}`,
      })),
    );
  const body = parsedBody.data;
  const quotaHeaders = takeQuota(req.ctx.state, req.principal.objectId, req.ctx.now());

  let query;
  try {
    query = parseKql(body.query);
  } catch (err) {
    if (err instanceof KqlError) throw invalidQuery({ code: err.code, message: err.message });
    throw err;
  }
  const options = body.options ?? {};
  const token = options.$skipToken === undefined ? undefined : readSkipToken(options.$skipToken, body);
  const now = req.ctx.now();
  const found = token?.result === undefined ? undefined : req.ctx.state.graphResults.get(token.result);
  const kept = found && found.principal === req.principal.objectId && found.expires > now ? found : undefined;
  let rows: Row[];
  let limitHit: boolean;
  // A next page is cut from the kept result: neither the query nor the caller's scope is worked out again.
  if (kept) ({ rows, limitHit } = kept);
  else {
    const scope = resolveScope(req, body);
    limitHit = scope.limitHit;
    // Only the tables the query reads are built, each once however often the query reads it (the engine never writes to its input).
    const once = (build: () => Row[]) => {
      let built: Row[] | undefined;
      return () => (built ??= build());
    };
    const tables = new Map<string, () => Row[]>([
      // The emulated clouds hold no other resources: Resource Graph's general table is there, and empty.
      ["resources", () => []],
      ["securityresources", once(() => securityResources(req.ctx, scope.pricingsReadable))],
      ["resourcecontainers", once(() => resourceContainers(req.ctx, scope.subscriptions, scope.groups))],
    ]);
    try {
      rows = query.run((name) => tables.get(name)?.());
    } catch (err) {
      if (err instanceof KqlError) throw invalidQuery({ code: err.code, message: err.message });
      throw err;
    }
  }
  const top = options.$top ?? token?.top ?? maxPageSize;
  // The service ignores $skip when the query limits its rows itself (take, limit).
  const skip = query.limited ? 0 : (token?.skip ?? options.$skip ?? 0);
  const page = rows.slice(skip, skip + top);
  const more = skip + page.length < rows.length;
  // Paging needs the id column (the service pages by it) and a query that does not limit itself.
  const pageable = more && !query.limited && page.every((row) => "id" in row);
  const next: SkipToken = {
    skip: skip + page.length,
    top,
    query: fingerprint(body),
    result: pageable
      ? kept
        ? token?.result
        : keepResult(req.ctx.state, { rows, principal: req.principal.objectId, limitHit }, now)
      : undefined,
  };
  return {
    status: 200,
    headers: { ...quotaHeaders, ...(limitHit ? { "x-ms-tenant-subscription-limit-hit": "true" } : {}) },
    body: {
      totalRecords: rows.length,
      count: page.length,
      resultTruncated: more ? "true" : "false",
      ...(pageable ? { $skipToken: Buffer.from(JSON.stringify(next)).toString("base64url") } : {}),
      data: options.resultFormat === "table" ? asTable(page) : page,
      facets: (body.facets ?? []).map((facet) => ({
        expression: facet.expression,
        resultType: "FacetError",
        errors: [{ code: "UnsupportedFacet", message: "Facets are not supported by this emulator; summarize in the query instead." }],
      })),
    },
  };
}
