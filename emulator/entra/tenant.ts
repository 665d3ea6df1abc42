// The authority's first path segment: a tenant GUID or domain, "organizations" or "common".
import type { EmulatorContext } from "../context";
import type { SeedTenant } from "../fixtures/seed";
import { entraErrors } from "./errors";

export type Authority = { kind: "tenant"; segment: string; tenant: SeedTenant } | { kind: "multi"; segment: "organizations" | "common" };

export function resolveAuthority(ctx: EmulatorContext, segment: string): Authority {
  const lower = segment.toLowerCase();
  if (lower === "organizations" || lower === "common") return { kind: "multi", segment: lower };
  const tenant = ctx.directory.tenant(lower);
  // "consumers" and unknown tenants: the emulator knows only the seeded work directories.
  if (!tenant) throw entraErrors.tenantNotFound(segment);
  return { kind: "tenant", segment: lower, tenant };
}

export function authorityLabel(a: Authority): string {
  return a.kind === "tenant" ? a.tenant.displayName : a.segment;
}
