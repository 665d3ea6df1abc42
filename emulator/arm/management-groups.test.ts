// Management groups (Microsoft.Management 2023-04-01) against the official spec and its examples:
// list, get with $expand/$recurse, descendants, paging, errors and who sees what.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { managementGroupScope } from "../directory";
import type { Seed } from "../fixtures/seed";
import { armToken, base, call, errorOf, subs, tenants, testEmulator, users, type JsonResponse, type TestEmulator } from "../test-support";
import { managementGroupsPageSize } from "./handlers/management-groups";
import { loadSwagger } from "./spec";

const typesFile = "common-types/resource-management/v3/types.json";
const specFile = "managementgroups-2023-04-01/management.json";
const validate = loadSwagger([typesFile, specFile]);
type Success = "ManagementGroupListResult" | "ManagementGroup" | "DescendantInfoListResult";

const groupsPath = "/providers/Microsoft.Management/managementGroups";
const root = tenants.contoso;
const roleAt = (principalId: string, roleName: string, scope: string) => ({ principalId, roleName, scope });

/**
 * The spec types the next link as a string, yet its own examples (and the service) send null on the
 * last page. Only that null is set aside; everything else is validated as it is.
 */
function withoutNullNextLink(body: unknown): unknown {
  if (typeof body !== "object" || body === null) return body;
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => !(/^@?nextLink$/.test(key) && value === null)));
}

/** 2xx as the operation's definition, anything else as the operations' ErrorResponse. */
function expectConforms(res: JsonResponse, success: Success, what: string): void {
  const [definition, body] =
    res.status < 300 ? [`${specFile}#${success}`, withoutNullNextLink(res.body)] : [`${typesFile}#ErrorResponse`, res.body];
  expect(validate(definition, body), `${what}: HTTP ${res.status} as ${definition}`).toEqual([]);
}

type Example = { parameters: Record<string, unknown>; responses: { "200": { body: Record<string, unknown> } } };
const example = (file: string): Example =>
  JSON.parse(readFileSync(new URL(`../spec/managementgroups-2023-04-01/examples/${file}`, import.meta.url), "utf8")) as Example;

/** The request an official example describes, for one of the seed's groups instead of the example's. */
function exampleRequest(ex: Example, suffix: "" | "/{groupId}" | "/{groupId}/descendants", groupId = "") {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(ex.parameters))
    if (name !== "groupId" && name !== "Cache-Control") query.set(name, String(value));
  const headers: Record<string, string> = {};
  if (typeof ex.parameters["Cache-Control"] === "string") headers["Cache-Control"] = ex.parameters["Cache-Control"];
  return { path: `${groupsPath}${suffix.replace("{groupId}", groupId)}?${query.toString()}`, headers };
}

/**
 * "Same shape": every key of the example is in the answer, recursively, array items by position
 * (the example's names are not the seed's, so spec.ts's by-name matching does not apply). Values may differ.
 */
function missingShape(expected: unknown, actual: unknown, path = ""): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path} (not an array)`];
    const items: unknown[] = actual;
    return expected.flatMap((item, i) => (i < items.length ? missingShape(item, items[i], `${path}[${i}]`) : [`${path}[${i}] (missing)`]));
  }
  if (typeof expected !== "object" || expected === null) return [];
  if (typeof actual !== "object" || actual === null) return [`${path} (not an object)`];
  return Object.entries(expected).flatMap(([key, value]) =>
    key in actual ? missingShape(value, (actual as Record<string, unknown>)[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

/** Follows nextLink (a full URL on the emulator) from `path` to the last page, checking each against the spec. */
async function allPages(emu: TestEmulator, path: string, token: string, success: Success, link: "@nextLink" | "nextLink") {
  const pages: JsonResponse[] = [];
  let next: unknown = path;
  while (typeof next === "string") {
    const res = await call(emu, "GET", next, { token });
    expect(res.status, next).toBe(200);
    expectConforms(res, success, `page ${pages.length + 1}`);
    pages.push(res);
    next = res.json[link];
    if (typeof next === "string") {
      expect(next.startsWith(`${base}${groupsPath}`), next).toBe(true);
      next = next.slice(base.length);
    } else expect(next, "the last page's link").toBeNull();
  }
  return pages;
}

const names = (res: JsonResponse) => (res.json["value"] as { name: string }[]).map((v) => v.name);

/**
 * Lynne: Reader on Contoso Production only, and on the Production group; Alex: Security Admin
 * (managementGroups/read but no descendants/read) on the Production group; Adele: Owner on the root.
 */
function withGroupRoles(seed: Seed): void {
  seed.roleAssignments = seed.roleAssignments.filter((ra) => ra.principalId !== users.lynne.oid);
  seed.roleAssignments.push(
    roleAt(users.lynne.oid, "Reader", `/subscriptions/${subs.production}`),
    roleAt(users.lynne.oid, "Reader", managementGroupScope("contoso-production")),
    roleAt(users.alex.oid, "Security Admin", managementGroupScope("contoso-production")),
    roleAt(users.adele.oid, "Owner", managementGroupScope(root)),
  );
}

describe("the spec validator itself", () => {
  it("accepts the official examples (with the null next link set aside) and refuses undeclared fields", () => {
    expect(
      validate(`${specFile}#ManagementGroupListResult`, withoutNullNextLink(example("ListManagementGroups.json").responses[200].body)),
    ).toEqual([]);
    expect(validate(`${specFile}#ManagementGroup`, example("GetManagementGroupWithExpandAndRecurse.json").responses[200].body)).toEqual([]);
    expect(
      validate(`${specFile}#DescendantInfoListResult`, withoutNullNextLink(example("GetDescendants.json").responses[200].body)),
    ).toEqual([]);
    expect(validate(`${specFile}#ManagementGroupListResult`, { value: [], nextLink: "https://x" })).toEqual([
      "(root) must NOT have unevaluated properties 'nextLink'",
    ]);
    expect(validate(`${specFile}#ManagementGroup`, { properties: { children: [{ type: "/subscription" }] } }).join()).toMatch(
      /allowed values/,
    );
  });
});

describe("list", () => {
  it("shows a subscription-only user no group, not even the root", async () => {
    const emu = await testEmulator({}, (seed) => {
      seed.roleAssignments = seed.roleAssignments.filter((ra) => ra.principalId !== users.lynne.oid);
      seed.roleAssignments.push(roleAt(users.lynne.oid, "Reader", `/subscriptions/${subs.production}`));
    });
    const token = await armToken(emu, users.lynne.upn);
    const res = await call(emu, "GET", `${groupsPath}?api-version=2023-04-01`, { token });
    expect(res.status).toBe(200);
    expectConforms(res, "ManagementGroupListResult", "list");
    expect(res.json).toEqual({ value: [], "@nextLink": null });
    // Nor can they read the group their subscription sits in.
    for (const path of [`${groupsPath}/contoso-production`, `${groupsPath}/contoso-production/descendants`]) {
      const group = await call(emu, "GET", `${path}?api-version=2023-04-01`, { token });
      expect(group.status, path).toBe(403);
      expectConforms(group, "ManagementGroup", path);
    }
    // The subscription itself stays visible.
    const subscriptions = await call(emu, "GET", "/subscriptions?api-version=2022-12-01", { token });
    expect((subscriptions.json["value"] as { subscriptionId: string }[]).map((s) => s.subscriptionId)).toEqual([subs.production]);
  });

  it("shows a group role's group and the groups below it, not its siblings or parent", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    for (const upn of [users.lynne.upn, users.alex.upn]) {
      const res = await call(emu, "GET", `${groupsPath}?api-version=2023-04-01`, { token: await armToken(emu, upn) });
      expectConforms(res, "ManagementGroupListResult", upn);
      expect(names(res), upn).toEqual(["contoso-production", "contoso-ai"]);
    }
    const owner = await call(emu, "GET", `${groupsPath}?api-version=2023-04-01`, { token: await armToken(emu, users.adele.upn) });
    expect(owner.json["value"]).toEqual([
      {
        id: `${groupsPath}/${root}`,
        type: "Microsoft.Management/managementGroups",
        name: root,
        properties: { tenantId: root, displayName: "Tenant Root Group" },
      },
      {
        id: `${groupsPath}/contoso-production`,
        type: "Microsoft.Management/managementGroups",
        name: "contoso-production",
        properties: { tenantId: root, displayName: "Production" },
      },
      {
        id: `${groupsPath}/contoso-ai`,
        type: "Microsoft.Management/managementGroups",
        name: "contoso-ai",
        properties: { tenantId: root, displayName: "AI" },
      },
      {
        id: `${groupsPath}/contoso-nonprod`,
        type: "Microsoft.Management/managementGroups",
        name: "contoso-nonprod",
        properties: { tenantId: root, displayName: "Non-production" },
      },
    ]);
    // Only the token's tenant: Adele's Fabrikam guest account has no group role there.
    const fabrikam = await call(emu, "GET", `${groupsPath}?api-version=2023-04-01`, {
      token: await armToken(emu, users.adele.upn, tenants.fabrikam),
    });
    expect(fabrikam.json["value"]).toEqual([]);
  });

  it("pages with $skiptoken and a full-URL @nextLink, followed to the last page", async () => {
    const extra = managementGroupsPageSize + 1;
    const emu = await testEmulator({}, (seed) => {
      withGroupRoles(seed);
      for (let i = 0; i < extra; i++)
        seed.managementGroups.push({ name: `bulk-${i}`, displayName: `Bulk ${i}`, tenantId: root, parent: "contoso-nonprod" });
    });
    const pages = await allPages(
      emu,
      `${groupsPath}?api-version=2023-04-01`,
      await armToken(emu, users.adele.upn),
      "ManagementGroupListResult",
      "@nextLink",
    );
    expect(pages.map((p) => names(p).length)).toEqual([managementGroupsPageSize, 4 + extra - managementGroupsPageSize]);
    const all = pages.flatMap(names);
    expect(new Set(all).size).toBe(4 + extra);
    expect(all.slice(0, 4)).toEqual([root, "contoso-production", "contoso-ai", "contoso-nonprod"]);
  });

  it("answers the official example's request in its shape", async () => {
    const ex = example("ListManagementGroups.json");
    const emu = await testEmulator({}, withGroupRoles);
    const { path, headers } = exampleRequest(ex, "");
    const res = await call(emu, "GET", path, { token: await armToken(emu, users.adele.upn), headers });
    expect(res.status).toBe(200);
    expectConforms(res, "ManagementGroupListResult", "example");
    expect(missingShape(ex.responses[200].body, res.body)).toEqual([]);
  });
});

describe("get", () => {
  it("gets a group with its details; a role on a group above is enough", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const token = await armToken(emu, users.lynne.upn);
    const res = await call(emu, "GET", `${groupsPath}/contoso-ai?api-version=2023-04-01`, { token });
    expect(res.status).toBe(200);
    expectConforms(res, "ManagementGroup", "get");
    expect(res.json).toEqual({
      id: `${groupsPath}/contoso-ai`,
      type: "Microsoft.Management/managementGroups",
      name: "contoso-ai",
      properties: {
        tenantId: root,
        displayName: "AI",
        details: {
          version: 1,
          updatedTime: expect.any(String) as unknown,
          updatedBy: root,
          parent: { id: `${groupsPath}/contoso-production`, name: "contoso-production", displayName: "Production" },
        },
      },
    });
    const rootGroup = await call(emu, "GET", `${groupsPath}/${root}?api-version=2023-04-01`, {
      token: await armToken(emu, users.adele.upn),
    });
    expectConforms(rootGroup, "ManagementGroup", "root");
    expect((rootGroup.json["properties"] as { details: Record<string, unknown> }).details).not.toHaveProperty("parent");
  });

  it("expands children, or the whole subtree with $recurse", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const token = await armToken(emu, users.adele.upn);
    const group = (name: string, displayName: string) => ({
      id: `${groupsPath}/${name}`,
      type: "Microsoft.Management/managementGroups",
      name,
      displayName,
    });
    const subscription = (id: string, displayName: string) => ({
      id: `/subscriptions/${id}`,
      type: "/subscriptions",
      name: id,
      displayName,
    });

    const children = await call(emu, "GET", `${groupsPath}/${root}?api-version=2023-04-01&$expand=children`, { token });
    expectConforms(children, "ManagementGroup", "children");
    expect((children.json["properties"] as { children: unknown }).children).toEqual([
      group("contoso-production", "Production"),
      group("contoso-nonprod", "Non-production"),
      subscription(subs.legacy, "Contoso Legacy"),
      subscription(subs.securityOps, "Contoso Security Operations"),
    ]);

    const tree = await call(emu, "GET", `${groupsPath}/${root}?api-version=2023-04-01&$expand=children&$recurse=true`, { token });
    expectConforms(tree, "ManagementGroup", "recurse");
    expect((tree.json["properties"] as { children: unknown }).children).toEqual([
      {
        ...group("contoso-production", "Production"),
        children: [
          { ...group("contoso-ai", "AI"), children: [subscription(subs.aiResearch, "Contoso AI Research")] },
          subscription(subs.production, "Contoso Production"),
        ],
      },
      { ...group("contoso-nonprod", "Non-production"), children: [subscription(subs.sandbox, "Contoso Sandbox")] },
      subscription(subs.legacy, "Contoso Legacy"),
      subscription(subs.securityOps, "Contoso Security Operations"),
    ]);
  });

  it("expands the path from the root, or the ancestors from the parent", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const token = await armToken(emu, users.adele.upn);
    const chain = [
      { name: "contoso-production", displayName: "Production" },
      { name: root, displayName: "Tenant Root Group" },
    ];
    const path = await call(emu, "GET", `${groupsPath}/contoso-ai?api-version=2023-04-01&$expand=path`, { token });
    expectConforms(path, "ManagementGroup", "path");
    expect(path.json["properties"]).toMatchObject({ details: { path: chain.toReversed() } });
    const ancestors = await call(emu, "GET", `${groupsPath}/contoso-ai?api-version=2023-04-01&$expand=ancestors`, { token });
    expectConforms(ancestors, "ManagementGroup", "ancestors");
    expect(ancestors.json["properties"]).toMatchObject({ details: { managementGroupAncestorsChain: chain } });
  });

  it("answers the official example's request (children, recursively) in its shape", async () => {
    const ex = example("GetManagementGroupWithExpandAndRecurse.json");
    // The example's tree is three levels deep below the group: give AI a subgroup holding a subscription.
    const emu = await testEmulator({}, (seed) => {
      withGroupRoles(seed);
      seed.managementGroups.push({ name: "contoso-ai-labs", displayName: "AI labs", tenantId: root, parent: "contoso-ai" });
      const research = seed.subscriptions.find((s) => s.subscriptionId === subs.aiResearch);
      if (research) research.managementGroup = "contoso-ai-labs";
    });
    const { path, headers } = exampleRequest(ex, "/{groupId}", "contoso-production");
    const res = await call(emu, "GET", path, { token: await armToken(emu, users.adele.upn), headers });
    expect(res.status).toBe(200);
    expectConforms(res, "ManagementGroup", "example");
    expect(missingShape(ex.responses[200].body, res.body)).toEqual([]);
  });

  it("refuses a group the caller cannot read, a missing one and another tenant's alike: 403 AuthorizationFailed", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const lynne = await armToken(emu, users.lynne.upn);
    const adele = await armToken(emu, users.adele.upn);
    const cases: [string, string][] = [
      [lynne, "contoso-nonprod"],
      [lynne, root],
      [adele, "no-such-group"],
      [adele, tenants.fabrikam],
    ];
    for (const [token, group] of cases) {
      const res = await call(emu, "GET", `${groupsPath}/${group}?api-version=2023-04-01`, { token });
      expect(res.status, group).toBe(403);
      expectConforms(res, "ManagementGroup", group);
      expect(errorOf(res).code).toBe("AuthorizationFailed");
      expect(errorOf(res).message).toContain(
        `perform action 'Microsoft.Management/managementGroups/read' over scope '${groupsPath}/${group}'`,
      );
    }
  });
});

describe("descendants", () => {
  it("lists every group and subscription below, each with its parent, to a group role's holder", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const res = await call(emu, "GET", `${groupsPath}/contoso-production/descendants?api-version=2023-04-01`, {
      token: await armToken(emu, users.lynne.upn),
    });
    expect(res.status).toBe(200);
    expectConforms(res, "DescendantInfoListResult", "descendants");
    expect(res.json).toEqual({
      value: [
        {
          id: `${groupsPath}/contoso-ai`,
          type: "Microsoft.Management/managementGroups",
          name: "contoso-ai",
          properties: { displayName: "AI", parent: { id: `${groupsPath}/contoso-production` } },
        },
        {
          id: `/subscriptions/${subs.aiResearch}`,
          type: "Microsoft.Management/managementGroups/subscriptions",
          name: subs.aiResearch,
          properties: { displayName: "Contoso AI Research", parent: { id: `${groupsPath}/contoso-ai` } },
        },
        {
          id: `/subscriptions/${subs.production}`,
          type: "Microsoft.Management/managementGroups/subscriptions",
          name: subs.production,
          properties: { displayName: "Contoso Production", parent: { id: `${groupsPath}/contoso-production` } },
        },
      ],
      nextLink: null,
    });
  });

  it("pages by $top with $skiptoken and a full-URL nextLink, followed to the last page", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const pages = await allPages(
      emu,
      `${groupsPath}/${root}/descendants?api-version=2023-04-01&$top=2`,
      await armToken(emu, users.adele.upn),
      "DescendantInfoListResult",
      "nextLink",
    );
    expect(pages.map((p) => names(p).length)).toEqual([2, 2, 2, 2]);
    expect(pages.flatMap(names)).toEqual([
      "contoso-production",
      "contoso-ai",
      subs.aiResearch,
      subs.production,
      "contoso-nonprod",
      subs.sandbox,
      subs.legacy,
      subs.securityOps,
    ]);
  });

  it("answers the official example's request in its shape", async () => {
    const ex = example("GetDescendants.json");
    const emu = await testEmulator({}, withGroupRoles);
    const { path, headers } = exampleRequest(ex, "/{groupId}/descendants", root);
    const res = await call(emu, "GET", path, { token: await armToken(emu, users.adele.upn), headers });
    expect(res.status).toBe(200);
    expectConforms(res, "DescendantInfoListResult", "example");
    expect(missingShape(ex.responses[200].body, res.body)).toEqual([]);
  });

  it("needs managementGroups/descendants/read: a Security Admin on the group reads it but not its descendants", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const token = await armToken(emu, users.alex.upn);
    expect((await call(emu, "GET", `${groupsPath}/contoso-production?api-version=2023-04-01`, { token })).status).toBe(200);
    const res = await call(emu, "GET", `${groupsPath}/contoso-production/descendants?api-version=2023-04-01`, { token });
    expect(res.status).toBe(403);
    expectConforms(res, "DescendantInfoListResult", "descendants");
    expect(errorOf(res).message).toContain(
      `perform action 'Microsoft.Management/managementGroups/descendants/read' over scope '${groupsPath}/contoso-production/descendants'`,
    );
  });
});

describe("ARM's checks before the handlers", () => {
  it("serves the spec's api-versions and refuses others, unauthenticated calls too, as ErrorResponses", async () => {
    const emu = await testEmulator({}, withGroupRoles);
    const token = await armToken(emu, users.adele.upn);
    for (const version of ["2020-05-01", "2021-04-01", "2023-04-01"])
      expect((await call(emu, "GET", `${groupsPath}?api-version=${version}`, { token })).status, version).toBe(200);
    const oldVersion = await call(emu, "GET", `${groupsPath}?api-version=2019-11-01`, { token });
    expect(errorOf(oldVersion).message).toBe(
      "The api-version '2019-11-01' is invalid. The supported versions are '2020-05-01,2021-04-01,2023-04-01'.",
    );
    const cases: [string, JsonResponse, number, string][] = [
      ["old api-version", oldVersion, 400, "InvalidApiVersionParameter"],
      ["no api-version", await call(emu, "GET", `${groupsPath}/${root}`, { token }), 400, "MissingApiVersionParameter"],
      ["no token", await call(emu, "GET", `${groupsPath}/${root}/descendants?api-version=2023-04-01`), 401, "AuthenticationFailed"],
      [
        "not emulated",
        await call(emu, "GET", `${groupsPath}/${root}/subscriptions?api-version=2023-04-01`, { token }),
        501,
        "NotImplemented",
      ],
    ];
    for (const [what, res, status, code] of cases) {
      expect(res.status, what).toBe(status);
      expect(errorOf(res).code, what).toBe(code);
      expectConforms(res, "ManagementGroup", what);
    }
  });
});
