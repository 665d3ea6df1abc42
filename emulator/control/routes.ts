// Test-mode control API under /__emulator/ (absent outside test mode): reset, mint a token, tune
// settings, inject faults and chaos. Documented in emulator/control/README.md.
import type { Context, Hono } from "hono";
import { z } from "zod";
import { aiAlertKinds, SERVERS_TEST_ALERT } from "../arm/ai-alerts";
import { raiseAlert } from "../arm/handlers/alerts";
import type { EmulatorContext } from "../context";
import { chaosRequestSchema, faultRequestSchema, type FaultInjector } from "../faults";
import { rateLimitBucketSchema, rateLimitsSchema, settingsSchema, type RateLimits } from "../fixtures/seed";
import { armJsonLimits, maxRequestBytes, parseJsonWithin, type JsonLimits } from "../request-limits";
import { mintAccessToken } from "../tokens";
import { controlRequestGuard } from "./guard";

/** Fault bodies may be large crafted payloads: only the request size bounds their strings. */
const controlJsonLimits: JsonLimits = { ...armJsonLimits, maxStringLength: maxRequestBytes };

/** The JSON body checked against `schema`, or the 400 answer saying what is wrong with it. */
async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S> | Response> {
  let json: unknown;
  try {
    json = parseJsonWithin(await c.req.text(), controlJsonLimits);
  } catch (err) {
    return c.json({ error: "invalid_request", message: err instanceof Error ? err.message : String(err) }, 400);
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : c.json({ error: "invalid_request", message: z.prettifyError(parsed.error) }, 400);
}

/**
 * PUT /__emulator/settings takes any subset of the settings; rateLimits may itself be partial
 * (e.g. `{ "rateLimits": { "reads": { "capacity": 5 } } }`) and is merged into the current value.
 */
const settingsUpdateSchema = settingsSchema
  .extend({
    rateLimits: z.strictObject({
      enabled: z.boolean().optional(),
      reads: rateLimitBucketSchema.partial().optional(),
      writes: rateLimitBucketSchema.partial().optional(),
    }),
  })
  .partial()
  .strict();

/** Drops undefined members: with exactOptionalPropertyTypes, spreading them would erase values. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function mergeRateLimits(current: RateLimits, update: z.infer<typeof settingsUpdateSchema>["rateLimits"]): RateLimits {
  return rateLimitsSchema.parse({
    enabled: update?.enabled ?? current.enabled,
    reads: { ...current.reads, ...defined(update?.reads) },
    writes: { ...current.writes, ...defined(update?.writes) },
  });
}

const tokenRequest = z.object({
  upn: z.string(),
  tenantId: z.string().optional(),
  /** Token audience; defaults to ARM. */
  audience: z.string().optional(),
  lifetimeSeconds: z.number().int().positive().optional(),
});

/** `reset` resolves once the reset state is saved (with --location), so a 204 means it is on disk. */
export function registerControlRoutes(app: Hono, ctx: EmulatorContext, reset: () => Promise<void>, faults: FaultInjector): void {
  app.use("/__emulator/*", controlRequestGuard(ctx.publicUrl));

  app.post("/__emulator/reset", async () => {
    await reset();
    return new Response(null, { status: 204 });
  });

  app.post("/__emulator/token", async (c) => {
    const body = await parseBody(c, tokenRequest);
    if (body instanceof Response) return body;
    const found = ctx.directory.accountByUpn(body.upn);
    if (!found) return c.json({ error: "unknown_user", message: `No seeded user has the upn '${body.upn}'.` }, 400);
    const tenantId = body.tenantId ?? found.home.tenantId;
    const account = ctx.directory.account(found.user, tenantId);
    if (!account) return c.json({ error: "not_a_member", message: `${body.upn} does not belong to tenant ${tenantId}.` }, 400);
    const options = {
      audience: body.audience ?? "https://management.azure.com/",
      scp: "user_impersonation",
      clientId: ctx.seed.applications[0]?.clientId ?? "",
    };
    const { token, expiresIn } = await mintAccessToken(
      ctx,
      account,
      body.lifetimeSeconds === undefined ? options : { ...options, lifetimeSeconds: body.lifetimeSeconds },
    );
    return c.json({
      access_token: token,
      token_type: "Bearer",
      expires_in: expiresIn,
      tenantId: account.tenant.tenantId,
      objectId: account.account.objectId,
    });
  });

  app.get("/__emulator/settings", (c) => c.json(ctx.state.settings));
  app.put("/__emulator/settings", async (c) => {
    const body = await parseBody(c, settingsUpdateSchema);
    if (body instanceof Response) return body;
    const { rateLimits, ...rest } = body;
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) Object.assign(ctx.state.settings, { [key]: value });
    }
    if (rateLimits !== undefined) {
      ctx.state.settings.rateLimits = mergeRateLimits(ctx.state.settings.rateLimits, rateLimits);
      // New limits start from full buckets, so a test knows exactly how many requests pass.
      ctx.state.buckets.clear();
    }
    return c.json(ctx.state.settings);
  });

  // Fault injection: matched before routing by the middleware in emulator/faults.ts.
  app.post("/__emulator/faults", async (c) => {
    const body = await parseBody(c, faultRequestSchema);
    if (body instanceof Response) return body;
    const rule = faults.add(body);
    return c.json({ id: rule.id }, 201);
  });
  app.get("/__emulator/faults", (c) => c.json({ faults: faults.list() }));
  app.delete("/__emulator/faults", () => {
    faults.clear();
    return new Response(null, { status: 204 });
  });
  app.delete("/__emulator/faults/:id", (c) =>
    faults.remove(c.req.param("id"))
      ? new Response(null, { status: 204 })
      : c.json({ error: "not_found", message: `No fault ${c.req.param("id")}.` }, 404),
  );

  app.post("/__emulator/chaos", async (c) => {
    const body = await parseBody(c, chaosRequestSchema);
    if (body instanceof Response) return body;
    return c.json(faults.startChaos(body));
  });
  app.get("/__emulator/chaos", (c) => c.json(faults.chaosReport()));
  app.delete("/__emulator/chaos", (c) => c.json(faults.stopChaos()));

  // An alert raised now, as the service would with the subscription's plans (and, for AI, prompt evidence) as they are.
  app.post("/__emulator/alerts", async (c) => {
    const body = await parseBody(c, raiseAlertRequest);
    if (body instanceof Response) return body;
    const sub = [...ctx.state.subscriptions.values()].find(
      (candidate) => candidate.seed.subscriptionId.toLowerCase() === body.subscriptionId.toLowerCase(),
    );
    if (!sub) return c.json({ error: "not_found", message: `No subscription ${body.subscriptionId}.` }, 404);
    const alert = raiseAlert(ctx, sub, body.alertType, { prompt: body.prompt, userAgent: body.userAgent });
    if (!alert) {
      const plan = body.alertType === SERVERS_TEST_ALERT ? "Servers" : "AI";
      return c.json(
        { error: "plan_off", message: `The ${plan} plan is off on this subscription: the service raises no ${plan} alerts.` },
        409,
      );
    }
    return c.json(alert, 201);
  });
}

const raiseAlertRequest = z.strictObject({
  subscriptionId: z.string(),
  /** One of the AI alert types (emulator/arm/ai-alerts.ts), the first when left out, or Defender for Servers' test alert (VM_EICAR). */
  alertType: z.enum([SERVERS_TEST_ALERT, ...aiAlertKinds.map((kind) => kind.alertType)]).optional(),
  /** What the attacker sent, instead of the type's example: shown in the evidence only while prompt evidence is on. */
  prompt: z.string().max(32_768).optional(),
  userAgent: z.string().max(1_024).optional(),
});
