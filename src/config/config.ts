import { z } from "zod";

// Runtime configuration, read from /config.json at start-up rather than baked in at build time:
// the same build runs against the local emulator or real Azure by swapping that one file.
const httpsUrl = z
  .url({ protocol: /^https$/, error: "must be an https URL (MSAL and the Azure SDK refuse http)" })
  .transform((url) => url.replace(/\/+$/, ""));

const configSchema = z.object({
  identity: z.object({
    /** e.g. https://login.microsoftonline.com, or the emulator's https://localhost:8443 */
    authorityHost: httpsUrl,
    /** organizations, common, or a tenant id */
    tenant: z.string().min(1),
    clientId: z.uuid(),
    /** Hosts MSAL may trust without asking Microsoft's instance discovery (needed offline). */
    knownAuthorities: z.array(z.string()).default([]),
  }),
  arm: z.object({
    /** e.g. https://management.azure.com */
    endpoint: httpsUrl,
  }),
  /** Present only when the app runs against the local emulator. */
  emulator: z.object({ url: httpsUrl }).optional(),
});

export type AppConfig = z.infer<typeof configSchema>;

export function parseConfig(raw: unknown): AppConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`config.json is invalid: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) {
    throw new Error(`config.json could not be loaded (HTTP ${String(response.status)}).`);
  }
  return parseConfig(await response.json());
}
