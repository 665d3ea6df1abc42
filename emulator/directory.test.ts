import { describe, expect, it } from "vitest";
import { Directory, managementGroupScope } from "./directory";
import { loadSeed, parseSeed } from "./fixtures/seed";

const seed = loadSeed();
const contoso = seed.tenants.find((t) => t.displayName === "Contoso")?.tenantId ?? "";
const named = (name: string) => {
  const found = seed.subscriptions.find((s) => s.displayName === name);
  if (!found) throw new Error(`The seed has no ${name}`);
  return found;
};
const research = named("Contoso AI Research");
const sandbox = named("Contoso Sandbox");
const principalId = "11111111-2222-4333-8444-555555555555";

describe("management groups", () => {
  const directory = new Directory(seed);

  it("places each subscription under its group, up to the tenant's root group", () => {
    expect(directory.ancestorsOf({ subscription: research }).map((g) => g.name)).toEqual(["contoso-ai", "contoso-production", contoso]);
    expect(directory.managementGroup(contoso)?.displayName).toBe("Tenant Root Group");
    expect(directory.managementGroupsOf(contoso)[0]?.name).toBe(contoso);
    expect(
      directory
        .subscriptionsUnder("contoso-production")
        .map((s) => s.displayName)
        .sort(),
    ).toEqual(["Contoso AI Research", "Contoso Production"]);
    expect(directory.subscriptionsUnder(contoso)).toHaveLength(seed.subscriptions.filter((s) => s.tenantId === contoso).length);
  });

  it("lets a role assigned on a group reach every subscription and resource below it, and nothing beside it", () => {
    const withAssignment = new Directory({
      ...seed,
      roleAssignments: [{ principalId, roleName: "Reader", scope: managementGroupScope("contoso-production") }],
    });
    expect(withAssignment.rolesAt(principalId, `/subscriptions/${research.subscriptionId}`).map((r) => r.roleName)).toEqual(["Reader"]);
    expect(
      withAssignment.rolesAt(principalId, `/subscriptions/${research.subscriptionId}/providers/Microsoft.Security/pricings/AI`),
    ).toHaveLength(1);
    expect(withAssignment.rolesAt(principalId, managementGroupScope("contoso-ai"))).toHaveLength(1);
    expect(withAssignment.rolesAt(principalId, `/subscriptions/${sandbox.subscriptionId}`)).toEqual([]);
    expect(withAssignment.rolesAt(principalId, managementGroupScope(contoso))).toEqual([]);
  });

  it("adds a subscription's own roles to those its groups give it", () => {
    const withAssignments = new Directory({
      ...seed,
      roleAssignments: [
        { principalId, roleName: "Reader", scope: managementGroupScope("contoso-production") },
        { principalId, roleName: "Owner", scope: `/subscriptions/${research.subscriptionId}` },
      ],
    });
    expect(withAssignments.rolesAt(principalId, `/subscriptions/${research.subscriptionId}`).map((r) => r.roleName)).toEqual([
      "Owner",
      "Reader",
    ]);
    expect(
      withAssignments.subscriptionRoles(principalId.toUpperCase(), research.subscriptionId.toUpperCase()).map((r) => r.roleName),
    ).toEqual(["Owner", "Reader"]);
    expect(withAssignments.rolesAt(principalId, `/subscriptions/${sandbox.subscriptionId}`)).toEqual([]);
  });

  it("refuses a seed whose groups form a cycle or cross tenants", () => {
    const fabrikam = seed.tenants.find((t) => t.displayName === "Fabrikam")?.tenantId ?? "";
    const cyclic = {
      ...seed,
      managementGroups: [
        { name: "a", displayName: "A", tenantId: contoso, parent: "b" },
        { name: "b", displayName: "B", tenantId: contoso, parent: "a" },
      ],
    };
    expect(() => parseSeed(cyclic)).toThrow(/cycle/);
    const crossing = {
      ...seed,
      managementGroups: [...seed.managementGroups, { name: "f", displayName: "F", tenantId: fabrikam, parent: "contoso-production" }],
    };
    expect(() => parseSeed(crossing)).toThrow(/not a group of the same tenant/);
  });
});
