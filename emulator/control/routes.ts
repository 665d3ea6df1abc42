// Test-mode control API under /__emulator/ (absent outside test mode): reset, mint a token, tune settings.
import type { Hono } from "hono";
import { z } from "zod";
import type { EmulatorContext } from "../context";
import { settingsSchema } from "../fixtures/seed";
import { mintAccessToken } from "../tokens";

const tokenRequest = z.object({
  upn: z.string(),
  tenantId: z.string().optional(),
  /** Token audience; defaults to ARM. */
  audience: z.string().optional(),
  lifetimeSeconds: z.number().int().positive().optional(),
});

export function registerControlRoutes(app: Hono, ctx: EmulatorContext, reset: () => void): void {
  app.post("/__emulator/reset", () => {
    reset();
    return new Response(null, { status: 204 });
  });

  app.post("/__emulator/token", async (c) => {
    const parsed = tokenRequest.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "invalid_request", message: z.prettifyError(parsed.error) }, 400);
    const found = ctx.directory.accountByUpn(parsed.data.upn);
    if (!found) return c.json({ error: "unknown_user", message: `No seeded user has the upn '${parsed.data.upn}'.` }, 400);
    const tenantId = parsed.data.tenantId ?? found.home.tenantId;
    const account = ctx.directory.account(found.user, tenantId);
    if (!account) return c.json({ error: "not_a_member", message: `${parsed.data.upn} does not belong to tenant ${tenantId}.` }, 400);
    const options = { audience: parsed.data.audience ?? "https://management.azure.com/", scp: "user_impersonation", clientId: ctx.seed.applications[0]?.clientId ?? "" };
    const { token, expiresIn } = await mintAccessToken(ctx, account, parsed.data.lifetimeSeconds === undefined ? options : { ...options, lifetimeSeconds: parsed.data.lifetimeSeconds });
    return c.json({ access_token: token, token_type: "Bearer", expires_in: expiresIn, tenantId: account.tenant.tenantId, objectId: account.account.objectId });
  });

  app.get("/__emulator/settings", (c) => c.json(ctx.state.settings));
  app.put("/__emulator/settings", async (c) => {
    const parsed = settingsSchema.partial().strict().safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "invalid_request", message: z.prettifyError(parsed.error) }, 400);
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined) Object.assign(ctx.state.settings, { [key]: value });
    }
    return c.json(ctx.state.settings);
  });
}
