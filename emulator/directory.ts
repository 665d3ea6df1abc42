// Read-only lookups over the seeded directory: tenants, app registrations, users and their
// per-tenant accounts, role definitions and role assignments.
import type { Seed, SeedConfidentialClient, SeedPlan, SeedRoleDefinition, SeedSubscription, SeedTenant, SeedUser } from "./fixtures/seed";

export type Membership = SeedUser["memberships"][number];

/** A management group; each tenant's root group is named by the tenant id and has no parent. */
export type ManagementGroup = { name: string; displayName: string; tenantId: string; parent: string | undefined };

export const managementGroupScope = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

/** A user as seen in one tenant: the account (oid, upn) of that tenant plus the home account. */
export type TenantAccount = { user: SeedUser; home: Membership; account: Membership; tenant: SeedTenant };

export class Directory {
  /** Role names by principal, then by lower-case scope. */
  private readonly assignmentsByPrincipal = new Map<string, Map<string, string[]>>();
  private readonly roleDefinitionsByName = new Map<string, SeedRoleDefinition>();
  private readonly subscriptionsById = new Map<string, SeedSubscription>();
  /** By lower-case name, the tenants' root groups included. */
  private readonly groups = new Map<string, ManagementGroup>();
  private readonly childrenOf = new Map<string, { groups: ManagementGroup[]; subscriptions: SeedSubscription[] }>();
  /**
   * The roles a principal holds at a group and every group above it, by principal then group: what each
   * subscription in the group inherits, worked out once (assignments only change with the seed).
   */
  private readonly rolesByGroup = new Map<string, Map<string, SeedRoleDefinition[]>>();

  // Indexed once: with thousands of subscriptions, every request asks for roles and parents.
  constructor(readonly seed: Seed) {
    for (const ra of seed.roleAssignments) {
      const byScope = this.assignmentsByPrincipal.get(ra.principalId) ?? new Map<string, string[]>();
      this.assignmentsByPrincipal.set(ra.principalId, byScope);
      const scope = ra.scope.toLowerCase();
      byScope.set(scope, [...(byScope.get(scope) ?? []), ra.roleName]);
    }
    for (const rd of seed.roleDefinitions) this.roleDefinitionsByName.set(rd.roleName, rd);
    for (const sub of seed.subscriptions) this.subscriptionsById.set(sub.subscriptionId, sub);
    for (const tenant of seed.tenants)
      this.groups.set(tenant.tenantId, {
        name: tenant.tenantId,
        displayName: "Tenant Root Group",
        tenantId: tenant.tenantId,
        parent: undefined,
      });
    for (const group of seed.managementGroups) this.groups.set(group.name.toLowerCase(), { ...group });
    const children = (name: string) => {
      const key = name.toLowerCase();
      const entry = this.childrenOf.get(key) ?? { groups: [], subscriptions: [] };
      this.childrenOf.set(key, entry);
      return entry;
    };
    for (const group of this.groups.values()) if (group.parent !== undefined) children(group.parent).groups.push(group);
    for (const sub of seed.subscriptions) children(this.parentOf(sub)).subscriptions.push(sub);
  }

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

  subscription(subscriptionId: string): SeedSubscription | undefined {
    return this.subscriptionsById.get(subscriptionId.toLowerCase());
  }

  /** A management group by name (a tenant id names its root group). */
  managementGroup(name: string): ManagementGroup | undefined {
    return this.groups.get(name.toLowerCase());
  }

  /** The tenant's management groups, its root group first. */
  managementGroupsOf(tenantId: string): ManagementGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.tenantId === tenantId.toLowerCase())
      .sort((a, b) => (a.parent ? 1 : 0) - (b.parent ? 1 : 0));
  }

  /** The groups and subscriptions directly below a group. */
  childrenOfGroup(name: string): { groups: ManagementGroup[]; subscriptions: SeedSubscription[] } {
    return this.childrenOf.get(name.toLowerCase()) ?? { groups: [], subscriptions: [] };
  }

  /** Every subscription below a group, however deep. */
  subscriptionsUnder(name: string): SeedSubscription[] {
    const { groups, subscriptions } = this.childrenOfGroup(name);
    return [...subscriptions, ...groups.flatMap((g) => this.subscriptionsUnder(g.name))];
  }

  /** The group a subscription sits in directly. */
  parentOf(sub: SeedSubscription): string {
    return sub.managementGroup ?? sub.tenantId;
  }

  /** The groups above a subscription or a group, nearest first, ending with the tenant's root group. */
  ancestorsOf(of: { subscription: SeedSubscription } | { group: ManagementGroup }): ManagementGroup[] {
    const chain: ManagementGroup[] = [];
    let parent = "subscription" in of ? this.parentOf(of.subscription) : of.group.parent;
    while (parent !== undefined) {
      const group = this.managementGroup(parent);
      if (!group) break;
      chain.push(group);
      parent = group.parent;
    }
    return chain;
  }

  plan(name: string): SeedPlan | undefined {
    return this.seed.plans.find((p) => p.name.toLowerCase() === name.toLowerCase());
  }

  /**
   * Role definitions assigned to the principal at a scope or above it: a parent path, or a management
   * group above the subscription or group the scope is in (assignments are inherited down the tree).
   */
  rolesAt(principalId: string, scope: string): SeedRoleDefinition[] {
    const byScope = this.assignmentsByPrincipal.get(principalId.toLowerCase());
    if (!byScope) return [];
    const target = scope.toLowerCase().replace(/\/+$/, "");
    const subscription = /^\/subscriptions\/([^/]+)$/.exec(target)?.[1];
    return subscription === undefined ? this.rolesAtPaths(byScope, target) : this.subscriptionRoles(principalId, subscription);
  }

  /**
   * rolesAt(principal, "/subscriptions/{id}"): asked of every subscription by every list and graph query,
   * so a subscription's own assignments are added to what its group's subscriptions all inherit.
   */
  subscriptionRoles(principalId: string, subscriptionId: string): SeedRoleDefinition[] {
    const principal = principalId.toLowerCase();
    const byScope = this.assignmentsByPrincipal.get(principal);
    if (!byScope) return [];
    const subscription = this.subscription(subscriptionId);
    if (!subscription) return this.rolesAtPaths(byScope, `/subscriptions/${subscriptionId.toLowerCase()}`);
    const own = byScope.get(`/subscriptions/${subscription.subscriptionId.toLowerCase()}`);
    const inherited = this.inheritedRoles(principal, byScope, this.parentOf(subscription));
    return own ? [...this.definitionsOf(own), ...inherited] : inherited;
  }

  private inheritedRoles(principal: string, byScope: Map<string, string[]>, groupName: string): SeedRoleDefinition[] {
    const known = this.rolesByGroup.get(principal) ?? new Map<string, SeedRoleDefinition[]>();
    this.rolesByGroup.set(principal, known);
    let roles = known.get(groupName.toLowerCase());
    if (!roles) {
      const group = this.managementGroup(groupName);
      const chain = group ? [group, ...this.ancestorsOf({ group })] : [];
      roles = this.definitionsOf(chain.flatMap((g) => byScope.get(managementGroupScope(g.name).toLowerCase()) ?? []));
      known.set(groupName.toLowerCase(), roles);
    }
    return roles;
  }

  private definitionsOf(roleNames: readonly string[]): SeedRoleDefinition[] {
    return roleNames.flatMap((roleName) => this.roleDefinitionsByName.get(roleName) ?? []);
  }

  private rolesAtPaths(byScope: Map<string, string[]>, target: string): SeedRoleDefinition[] {
    // The scope itself and every parent path ("/subscriptions/x/providers/…" → "/subscriptions/x"), then the groups above.
    const segments = target.split("/");
    const scopes = segments.map((_, i) => segments.slice(0, i + 1).join("/")).filter((path) => path !== "");
    scopes.push(...this.groupsAbove(target).map((g) => managementGroupScope(g.name).toLowerCase()));
    return this.definitionsOf(scopes.flatMap((at) => byScope.get(at) ?? []));
  }

  private groupsAbove(scope: string): ManagementGroup[] {
    const sub = /^\/subscriptions\/([^/]+)/.exec(scope)?.[1];
    if (sub !== undefined) {
      const subscription = this.subscription(sub);
      return subscription ? this.ancestorsOf({ subscription }) : [];
    }
    const group = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)/.exec(scope)?.[1];
    const found = group === undefined ? undefined : this.managementGroup(group);
    return found ? this.ancestorsOf({ group: found }) : [];
  }

  /** A role assignment's scope as a person reads it: "Contoso Production", "Platform (management group)". */
  scopeName(scope: string): string {
    const subscription = /^\/subscriptions\/([^/]+)$/i.exec(scope)?.[1];
    const group = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope)?.[1];
    return (
      (subscription && this.subscription(subscription)?.displayName) ??
      (group && `${this.managementGroup(group)?.displayName ?? group} (management group)`) ??
      scope
    );
  }

  /** "Owner on Contoso Production", … for the sign-in page and the start-up banner. */
  describeRoles(user: SeedUser): string[] {
    return user.memberships.flatMap((m) =>
      this.seed.roleAssignments
        .filter((ra) => ra.principalId === m.objectId)
        .map((ra) => `${ra.roleName} on ${this.scopeName(ra.scope)}${m.userType === "Guest" ? " (guest)" : ""}`),
    );
  }
}

/** Answers by role and action: every request asks, of each subscription in a list, with the same few roles and actions. */
const allowed = new WeakMap<SeedRoleDefinition, Map<string, boolean>>();

/** RBAC: an action is allowed when one of the role's actions matches and none of its notActions does. */
export function roleAllows(role: SeedRoleDefinition, action: string): boolean {
  let answers = allowed.get(role);
  if (!answers) allowed.set(role, (answers = new Map<string, boolean>()));
  let answer = answers.get(action);
  if (answer === undefined) {
    answer = role.actions.some((p) => wildcardMatch(p, action)) && !role.notActions.some((p) => wildcardMatch(p, action));
    answers.set(action, answer);
  }
  return answer;
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
