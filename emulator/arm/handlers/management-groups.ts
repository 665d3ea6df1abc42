// GET /providers/Microsoft.Management/managementGroups, …/{groupId} and …/{groupId}/descendants:
// the token tenant's management group hierarchy, read-only from the seed. The routes are tenant
// level, so these handlers check the caller's role on each group themselves.
import { anyRoleAllows, managementGroupScope, type Directory, type ManagementGroup } from "../../directory";
import type { SeedSubscription } from "../../fixtures/seed";
import { trimTrailingSlashes } from "../../url-parts";
import { armErrors } from "../errors";
import { pageOf } from "../paging";
import type { ArmRequest, ArmResult } from "../pipeline";

export const managementGroupsApiVersions = ["2020-05-01", "2021-04-01", "2023-04-01"] as const;

/**
 * Page size of the list, and of descendants without `$top`. The service's is undocumented: about a
 * thousand, going by Get-AzManagementGroup stopping at 999 groups (Azure/azure-powershell#22186).
 */
export const managementGroupsPageSize = 1000;

const readAction = "Microsoft.Management/managementGroups/read";
const descendantsReadAction = "Microsoft.Management/managementGroups/descendants/read";
const groupType = "Microsoft.Management/managementGroups";

/**
 * The seed keeps no history of its groups: each is at version 1, written once at this instant by
 * its directory (`updatedBy` is the tenant id; the service names the principal or process).
 */
const seededVersion = 1;
const seededAt = "2024-01-01T00:00:00.0000000Z";

type ChildInfo = { id: string; type: string; name: string; displayName: string; children?: ChildInfo[] };

type DescendantInfo = { id: string; type: string; name: string; properties: { displayName: string; parent: { id: string } } };

function allows(req: ArmRequest, group: ManagementGroup, action: string): boolean {
  return anyRoleAllows(req.ctx.directory.rolesAt(req.principal.objectId, managementGroupScope(group.name)), action);
}

/**
 * The group named in the path, if the caller holds `action` on it (assigned there or on a group
 * above). ARM authorizes before the provider looks the group up, so a group that does not exist, or
 * is another tenant's, gets the same 403 as one the caller may not read: real ARM answers 403
 * AuthorizationFailed, not 404, for a missing group even to an Owner (Azure/azure-rest-api-specs#9549).
 */
function authorizedGroup(req: ArmRequest, action: string): ManagementGroup {
  const { ctx, principal, params, url } = req;
  const group = ctx.directory.managementGroup(params[0] ?? "");
  if (group && group.tenantId === principal.tenantId.toLowerCase() && allows(req, group, action)) return group;
  throw armErrors.authorizationFailed(principal.clientName, principal.objectId, action, trimTrailingSlashes(url.pathname));
}

const groupInfo = (group: ManagementGroup) => ({
  id: managementGroupScope(group.name),
  type: groupType,
  name: group.name,
  properties: { tenantId: group.tenantId, displayName: group.displayName },
});

const pathElement = (group: ManagementGroup) => ({ name: group.name, displayName: group.displayName });

/**
 * The groups of the token's tenant the caller may read, the root group first. Only those: a role on
 * a subscription alone shows no group at all. (The portal still shows such users where their
 * subscription sits in the hierarchy; that comes from the entities API, which is not emulated.)
 */
export function listManagementGroups(req: ArmRequest): ArmResult {
  const { ctx, principal, url } = req;
  const readable = ctx.directory.managementGroupsOf(principal.tenantId).filter((g) => allows(req, g, readAction));
  const { value, nextLink } = page(readable, { publicUrl: ctx.publicUrl, url }, managementGroupsPageSize);
  // This list names its link "@nextLink", unlike descendants (spec and official example).
  return { status: 200, body: { value: value.map(groupInfo), "@nextLink": nextLink } };
}

/**
 * One group with its details; `$expand=children` adds the children (`$recurse=true`: the whole
 * subtree), `path` the groups from the root down to the parent, `ancestors` the same chain from the
 * parent up. Other `$expand` values, and `$recurse` without children, change nothing.
 */
export function getManagementGroup(req: ArmRequest): ArmResult {
  const group = authorizedGroup(req, readAction);
  const { directory } = req.ctx;
  const expand = req.url.searchParams.get("$expand")?.toLowerCase();
  const recurse = req.url.searchParams.get("$recurse")?.toLowerCase() === "true";
  const ancestors = directory.ancestorsOf({ group }); // nearest first
  const parent = ancestors[0];
  const details = {
    version: seededVersion,
    updatedTime: seededAt,
    updatedBy: group.tenantId,
    // The root group has none.
    ...(parent ? { parent: { id: managementGroupScope(parent.name), name: parent.name, displayName: parent.displayName } } : {}),
    ...(expand === "path" ? { path: ancestors.toReversed().map(pathElement) } : {}),
    ...(expand === "ancestors" ? { managementGroupAncestorsChain: ancestors.map(pathElement) } : {}),
  };
  return {
    status: 200,
    body: {
      id: managementGroupScope(group.name),
      type: groupType,
      name: group.name,
      properties: {
        tenantId: group.tenantId,
        displayName: group.displayName,
        details,
        ...(expand === "children" ? { children: childrenOf(directory, group.name, recurse) } : {}),
      },
    },
  };
}

/**
 * The groups, then the subscriptions, directly below a group; with `recurse` their own children
 * too, a child without any carrying no `children` (as in the official example). Not filtered by
 * role: the caller's read on the group comes from an assignment on it or above, which every child
 * inherits, so every child is visible to them.
 */
function childrenOf(directory: Directory, name: string, recurse: boolean): ChildInfo[] {
  const { groups, subscriptions } = directory.childrenOfGroup(name);
  return [
    ...groups.map((g): ChildInfo => {
      const below = recurse ? childrenOf(directory, g.name, true) : [];
      return {
        id: managementGroupScope(g.name),
        type: groupType,
        name: g.name,
        displayName: g.displayName,
        ...(below.length > 0 ? { children: below } : {}),
      };
    }),
    // Children use the type "/subscriptions" (ManagementGroupChildType); descendants do not.
    ...subscriptions.map((s) => ({ ...subscriptionRef(s), type: "/subscriptions", displayName: s.displayName })),
  ];
}

/**
 * Every group and subscription below a group, each with its parent, paged by `$top` (else the
 * default page size) and `$skiptoken`. As for children, the caller's role on the group reaches them all.
 */
export function listDescendants(req: ArmRequest): ArmResult {
  const group = authorizedGroup(req, descendantsReadAction);
  // The spec says `$top` "will override $skipToken"; here it sets the page size, kept in nextLink so
  // that following the link pages on. A `$top` that is not a positive integer is ignored (the
  // service's answer to one is unverified).
  const top = req.url.searchParams.get("$top") ?? "";
  const pageSize = /^[1-9]\d*$/.test(top) ? Number(top) : managementGroupsPageSize;
  const { value, nextLink } = page(descendantsOf(req.ctx.directory, group.name), { publicUrl: req.ctx.publicUrl, url: req.url }, pageSize);
  return { status: 200, body: { value, nextLink } };
}

/** Depth first, each group's subgroups (with theirs) before its subscriptions: parents come before their children. */
function descendantsOf(directory: Directory, name: string): DescendantInfo[] {
  const parent = { id: managementGroupScope(name) };
  const { groups, subscriptions } = directory.childrenOfGroup(name);
  return [
    ...groups.flatMap((g) => [
      { id: managementGroupScope(g.name), type: groupType, name: g.name, properties: { displayName: g.displayName, parent } },
      ...descendantsOf(directory, g.name),
    ]),
    // A subscription's type here, as in the official example GetDescendants.json.
    ...subscriptions.map((s) => ({
      ...subscriptionRef(s),
      type: "Microsoft.Management/managementGroups/subscriptions",
      properties: { displayName: s.displayName, parent },
    })),
  ];
}

const subscriptionRef = (s: SeedSubscription) => ({ id: `/subscriptions/${s.subscriptionId}`, name: s.subscriptionId });

/**
 * One page of `items` from the request's `$skiptoken`, with the full URL of the next page, or null
 * on the last one: this service sends the link as null there (the spec's examples), where
 * Microsoft.Resources leaves it out.
 */
function page<T>(items: readonly T[], request: { publicUrl: string; url: URL }, size: number): { value: T[]; nextLink: string | null } {
  const { value, nextLink } = pageOf(items, request, size);
  return { value, nextLink: nextLink ?? null };
}
