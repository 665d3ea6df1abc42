// Read-only lookups over the seeded directory: tenants, app registrations, users and their
// per-tenant accounts, role definitions and role assignments.
import type { Seed, SeedConfidentialClient, SeedPlan, SeedRoleDefinition, SeedTenant, SeedUser } from "./fixtures/seed";

export type Membership = SeedUser["memberships"][number];

/** A user as seen in one tenant: the account (oid, upn) of that tenant plus the home account. */
export type TenantAccount = { user: SeedUser; home: Membership; account: Membership; tenant: SeedTenant };

export class Directory {
  constructor(readonly seed: Seed) {}

  /** Tenant by GUID or by one of its domains (Entra accepts both as the authority's tenant). */
  tenant(idOrDomain: string): SeedTenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.seed.tenants.find((t) => t.tenantId === key || t.domains.some((d) => d.toLowerCase() === key));
  }

  application(clientId: string) {
    return this.seed.applications.find((a) => a.clientId === clientId.toLowerCase());
  }

  /** An app registration with a client secret (client_credentials grant). */
  confidentialClient(clientId: string): SeedConfidentialClient | undefined {
    return this.seed.confidentialClients.find((c) => c.clientId === clientId.toLowerCase());
  }

  /** Resolves the (tid, oid) pair of an app-only access token to the service principal's app registration. */
  servicePrincipalByObjectId(tenantId: string, objectId: string): SeedConfidentialClient | undefined {
    return this.seed.confidentialClients.find(
      (c) => c.tenantId === tenantId.toLowerCase() && c.servicePrincipalObjectId === objectId.toLowerCase(),
    );
  }

  home(user: SeedUser): Membership {
    const home = user.memberships[0];
    if (!home) throw new Error(`user ${user.displayName} has no home tenant`); // excluded by the schema
    return home;
  }

  /** The user's account in a tenant, if the user belongs to it (as member or guest). */
  account(user: SeedUser, tenantId: string): TenantAccount | undefined {
    const account = user.memberships.find((m) => m.tenantId === tenantId.toLowerCase());
    const tenant = this.tenant(tenantId);
    if (!account || !tenant) return undefined;
    return { user, home: this.home(user), account, tenant };
  }

  /** Resolves the (tid, oid) pair of an access token to the seeded account. */
  accountByObjectId(tenantId: string, objectId: string): TenantAccount | undefined {
    for (const user of this.seed.users) {
      const m = user.memberships.find((x) => x.tenantId === tenantId.toLowerCase() && x.objectId === objectId.toLowerCase());
      if (m) return this.account(user, m.tenantId);
    }
    return undefined;
  }

  /** A user by the home object id (the `uid` in client_info, kept in sessions and refresh tokens). */
  userByHomeObjectId(objectId: string): SeedUser | undefined {
    return this.seed.users.find((u) => this.home(u).objectId === objectId.toLowerCase());
  }

  /** A user by any of its user principal names (home upn or a guest #EXT# upn). */
  accountByUpn(upn: string): TenantAccount | undefined {
    const key = upn.toLowerCase();
    for (const user of this.seed.users) {
      const m = user.memberships.find((x) => x.userPrincipalName.toLowerCase() === key);
      if (m) return this.account(user, m.tenantId);
    }
    return undefined;
  }

  usersOfTenant(tenantId: string): TenantAccount[] {
    return this.seed.users.flatMap((u) => {
      const a = this.account(u, tenantId);
      return a ? [a] : [];
    });
  }

  subscription(subscriptionId: string) {
    return this.seed.subscriptions.find((s) => s.subscriptionId === subscriptionId.toLowerCase());
  }

  plan(name: string): SeedPlan | undefined {
    return this.seed.plans.find((p) => p.name.toLowerCase() === name.toLowerCase());
  }

  /** Role definitions assigned to the principal at a scope or above it (only subscription scope is seeded). */
  rolesAt(principalId: string, scope: string): SeedRoleDefinition[] {
    const target = scope.toLowerCase();
    return this.seed.roleAssignments
      .filter(
        (ra) =>
          ra.principalId === principalId.toLowerCase() &&
          (target === ra.scope.toLowerCase() || target.startsWith(`${ra.scope.toLowerCase()}/`)),
      )
      .flatMap((ra) => this.seed.roleDefinitions.filter((rd) => rd.roleName === ra.roleName));
  }

  /** "Owner on Contoso Production", … for the sign-in page and the start-up banner. */
  describeRoles(user: SeedUser): string[] {
    return user.memberships.flatMap((m) =>
      this.seed.roleAssignments
        .filter((ra) => ra.principalId === m.objectId)
        .map((ra) => {
          const sub = this.seed.subscriptions.find((s) => ra.scope.toLowerCase() === `/subscriptions/${s.subscriptionId}`);
          const where = sub ? sub.displayName : ra.scope;
          return `${ra.roleName} on ${where}${m.userType === "Guest" ? " (guest)" : ""}`;
        }),
    );
  }
}

/** RBAC: an action is allowed when one of the role's actions matches and none of its notActions does. */
export function roleAllows(role: SeedRoleDefinition, action: string): boolean {
  return role.actions.some((p) => wildcardMatch(p, action)) && !role.notActions.some((p) => wildcardMatch(p, action));
}

export function anyRoleAllows(roles: SeedRoleDefinition[], action: string): boolean {
  return roles.some((r) => roleAllows(r, action));
}

function wildcardMatch(pattern: string, action: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(action);
}
