import { readdirSync, readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSwagger } from "../arm/spec";
import { armToken, call, pricingPath, subs, testEmulator, users, type TestEmulator } from "../test-support";

const spec = loadSwagger(["common-types/resource-management/v5/types.json", "resourcegraph-2024-04-01/openapi.json"]);
const conforms = (body: unknown, definition = "QueryResponse") =>
  expect(spec(`resourcegraph-2024-04-01/openapi.json#${definition}`, body)).toEqual([]);

const path = "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01";
const pricingsQuery = `securityresources
| where type == "microsoft.security/pricings"
| project id, subscriptionId, name, tier = tostring(properties.pricingTier), extensions = properties.extensions`;

let emu: TestEmulator;
let adele: string;
beforeEach(async () => {
  emu = await testEmulator({ resourceGraphDelayMs: 0 });
  adele = await armToken(emu, users.adele.upn);
});

type Page = { totalRecords: number; count: number; resultTruncated: string; $skipToken?: string; data: Array<Record<string, unknown>> };
const query = async (body: Record<string, unknown>, token = adele) => {
  const res = await call(emu, "POST", path, { token, body });
  return { ...res, page: res.json as unknown as Page };
};
const planCount = () => emu.context.seed.plans.length;

describe("Resource Graph: securityresources", () => {
  it("answers the plan-tier-per-subscription query for every registered subscription the caller can read in the tenant", async () => {
    const { status, page, headers } = await query({ query: pricingsQuery });
    expect(status).toBe(200);
    conforms(page);
    // Contoso: Production, AI Research and Legacy have Microsoft.Security registered; Sandbox does not.
    expect(new Set(page.data.map((row) => row["subscriptionId"]))).toEqual(new Set([subs.production, subs.aiResearch, subs.legacy]));
    expect(page.totalRecords).toBe(3 * planCount());
    expect(page.resultTruncated).toBe("false");
    const ai = page.data.find((row) => row["subscriptionId"] === subs.aiResearch && row["name"] === "AI");
    expect(ai).toMatchObject({ id: `/subscriptions/${subs.aiResearch}/providers/Microsoft.Security/pricings/AI`, tier: "Standard" });
    expect(Object.keys(ai ?? {})).toEqual(["id", "subscriptionId", "name", "tier", "extensions"]);
    expect(headers.get("x-ms-user-quota-remaining")).toBe("14");
    expect(headers.get("x-ms-user-quota-resets-after")).toMatch(/^00:00:0[1-5]$/);
  });

  it("shows each caller only the subscriptions its roles reach, and only those asked for", async () => {
    const lynne = await armToken(emu, users.lynne.upn);
    expect((await query({ query: pricingsQuery }, lynne)).page.totalRecords).toBe(3 * planCount());
    const scoped = await query({ query: pricingsQuery, subscriptions: [subs.production, subs.fabrikamShared] });
    // Fabrikam's subscription is of another tenant than the token's: not in this query's world.
    expect(new Set(scoped.page.data.map((row) => row["subscriptionId"]))).toEqual(new Set([subs.production]));
    const fabrikam = await query(
      { query: pricingsQuery },
      await armToken(emu, users.adele.upn, emu.context.seed.subscriptions.find((s) => s.subscriptionId === subs.fabrikamShared)?.tenantId),
    );
    expect(new Set(fabrikam.page.data.map((row) => row["subscriptionId"]))).toEqual(new Set([subs.fabrikamShared]));
  });

  it("scopes to management groups: the subscriptions below them", async () => {
    const { page } = await query({ query: pricingsQuery, managementGroups: ["contoso-production"] });
    expect(new Set(page.data.map((row) => row["subscriptionId"]))).toEqual(new Set([subs.production, subs.aiResearch]));
    const unknown = await query({ query: pricingsQuery, managementGroups: ["no-such-group"] });
    expect(unknown.status).toBe(403);
  });

  const tierOfAi = async (subscriptionId: string) =>
    (await query({ query: `${pricingsQuery} | where subscriptionId == "${subscriptionId}" and name == "AI"` })).page.data[0]?.["tier"];
  const switchAi = async (subscriptionId: string, pricingTier: "Free" | "Standard") =>
    expect(
      (await call(emu, "PUT", pricingPath(subscriptionId, "AI"), { token: adele, body: { properties: { pricingTier } } })).status,
    ).toBe(200);

  it("shows a write only after the graph's delay, as the real service lags", async () => {
    await call(emu, "PUT", "/__emulator/settings", { body: { resourceGraphDelayMs: 10_000 } });
    expect(await tierOfAi(subs.production)).toBe("Free");
    await switchAi(subs.production, "Standard");
    expect(await tierOfAi(subs.production)).toBe("Free");
    emu.clock.advance(10_000);
    expect(await tierOfAi(subs.production)).toBe("Standard");
  });

  it("shows a write at once when the delay is zero, though the pricing was read through the graph before", async () => {
    await call(emu, "PUT", "/__emulator/settings", { body: { resourceGraphDelayMs: 0 } });
    const before = await tierOfAi(subs.production);
    const after = before === "Free" ? "Standard" : "Free";
    await switchAi(subs.production, after);
    expect(await tierOfAi(subs.production)).toBe(after);
  });
});

describe("Resource Graph: resourcecontainers", () => {
  it("lists subscriptions with the management groups above them, nearest first", async () => {
    const { page } = await query({
      query: `resourcecontainers | where type == "microsoft.resources/subscriptions" | project id, name, subscriptionId, chain = properties.managementGroupAncestorsChain`,
    });
    conforms(page);
    const research = page.data.find((row) => row["subscriptionId"] === subs.aiResearch);
    expect(research?.["name"]).toBe("Contoso AI Research");
    expect((research?.["chain"] as Array<{ name: string }>).map((group) => group.name)).toEqual([
      "contoso-ai",
      "contoso-production",
      emu.context.seed.tenants[0]?.tenantId,
    ]);
  });
});

describe("Resource Graph: paging, formats and limits", () => {
  it("pages 1,000 rows at most, with a $skipToken bound to the query, until every row is read", async () => {
    const first = await query({ query: `${pricingsQuery} | order by id asc`, options: { $top: 10 } });
    expect(first.page).toMatchObject({ count: 10, totalRecords: 3 * planCount(), resultTruncated: "true" });
    const ids = first.page.data.map((row) => row["id"]);
    let token = first.page.$skipToken;
    while (token !== undefined) {
      const next = await query({ query: `${pricingsQuery} | order by id asc`, options: { $skipToken: token } });
      conforms(next.page);
      ids.push(...next.page.data.map((row) => row["id"]));
      token = next.page.$skipToken;
    }
    expect(ids).toHaveLength(3 * planCount());
    expect(new Set(ids).size).toBe(ids.length);
    const other = await query({ query: pricingsQuery, options: { $skipToken: first.page.$skipToken } });
    expect(other.status).toBe(400);
    expect(JSON.stringify(other.json)).toContain("InvalidSkipToken");
  });

  it("cuts the next pages from the answer the first page came from, so a write between pages does not shift them", async () => {
    await call(emu, "PUT", "/__emulator/settings", { body: { resourceGraphDelayMs: 0 } });
    const kql = `${pricingsQuery} | order by tier asc, id asc`;
    const first = await query({ query: kql, options: { $top: 5 } });
    const seen = first.page.data.map((row) => `${String(row["id"])} ${String(row["tier"])}`);
    // Every plan of Contoso Production switched to Standard: run again, the rows would reorder.
    for (const plan of ["AI", "VirtualMachines", "StorageAccounts"])
      await call(emu, "PUT", pricingPath(subs.production, plan), { token: adele, body: { properties: { pricingTier: "Standard" } } });
    let token = first.page.$skipToken;
    while (token !== undefined) {
      const next = await query({ query: kql, options: { $skipToken: token } });
      seen.push(...next.page.data.map((row) => `${String(row["id"])} ${String(row["tier"])}`));
      token = next.page.$skipToken;
    }
    expect(new Set(seen.map((line) => line.split(" ")[0])).size).toBe(3 * planCount());
    expect(seen.filter((line) => line.toLowerCase().includes(`${subs.production}/providers/microsoft.security/pricings/ai `))).toEqual([
      expect.stringMatching(/ Free$/),
    ]);
    // A new query sees the writes.
    const fresh = await query({ query: `${pricingsQuery} | where subscriptionId == "${subs.production}" and name == "AI"` });
    expect(fresh.page.data[0]?.["tier"]).toBe("Standard");
  });

  it("gives no $skipToken to a query that limits itself or does not project id", async () => {
    const limited = await query({ query: `${pricingsQuery} | take 20`, options: { $top: 5 } });
    expect(limited.page).toMatchObject({ count: 5, totalRecords: 20, resultTruncated: "true" });
    expect(limited.page.$skipToken).toBeUndefined();
    const noId = await query({ query: `${pricingsQuery} | project name`, options: { $top: 5 } });
    expect(noId.page.resultTruncated).toBe("true");
    expect(noId.page.$skipToken).toBeUndefined();
  });

  it("answers in the table format when asked", async () => {
    const { page } = await query({
      query: `${pricingsQuery} | summarize plans = count() by subscriptionId`,
      options: { resultFormat: "table" },
    });
    conforms(page);
    const table = page.data as unknown as { columns: Array<{ name: string; type: string }>; rows: unknown[][] };
    expect(table.columns).toEqual([
      { name: "subscriptionId", type: "string" },
      { name: "plans", type: "integer" },
    ]);
    expect(table.rows).toContainEqual([subs.production, planCount()]);
  });

  it("refuses what it cannot run with Resource Graph's error body, naming the operator", async () => {
    const res = await query({ query: "securityresources | parse name with * 'x' rest" });
    expect(res.status).toBe(400);
    conforms(res.json, "ErrorResponse");
    const details = (res.json["error"] as { details: Array<{ code: string; message: string }> }).details;
    expect(details[0]?.code).toBe("InvalidQuery");
    expect(details[1]?.message).toMatch(/parse/);
    expect((await query({ query: pricingsQuery, subscriptions: Array.from({ length: 1001 }, () => subs.production) })).status).toBe(400);
  });

  it("throttles past the per-user quota with 429 RateLimiting and says when it resets", async () => {
    await call(emu, "PUT", "/__emulator/settings", { body: { resourceGraphQuota: 2, resourceGraphQuotaWindowSeconds: 5 } });
    expect((await query({ query: pricingsQuery })).status).toBe(200);
    expect((await query({ query: pricingsQuery })).headers.get("x-ms-user-quota-remaining")).toBe("0");
    const throttled = await query({ query: pricingsQuery });
    expect(throttled.status).toBe(429);
    expect((throttled.json["error"] as { code: string }).code).toBe("RateLimiting");
    expect(throttled.headers.get("x-ms-user-quota-resets-after")).toMatch(/^00:00:0[1-5]$/);
    emu.clock.advance(5_000);
    expect((await query({ query: pricingsQuery })).status).toBe(200);
  });

  it("caps a tenant-wide query at 10,000 subscriptions and says so", { timeout: 30_000 }, async () => {
    const many = await testEmulator({ resourceGraphDelayMs: 0 }, (seed) => {
      const template = seed.subscriptions.find((s) => s.subscriptionId === subs.production);
      if (!template) throw new Error("no template");
      for (let i = 0; i < 10_001; i++) {
        const subscriptionId = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        seed.subscriptions.push({ ...template, subscriptionId, displayName: `Generated ${String(i)}`, pricings: {} });
        seed.roleAssignments.push({ principalId: users.adele.oid, roleName: "Reader", scope: `/subscriptions/${subscriptionId}` });
      }
    });
    const res = await call(many, "POST", path, {
      token: await armToken(many, users.adele.upn),
      body: { query: `resourcecontainers | where type == "microsoft.resources/subscriptions" | count` },
    });
    expect(res.headers.get("x-ms-tenant-subscription-limit-hit")).toBe("true");
    expect((res.json["data"] as Array<{ Count: number }>)[0]?.Count).toBe(10_000);
  });
});

describe("Resource Graph: the official examples", () => {
  const dir = new URL("../spec/resourcegraph-2024-04-01/examples/", import.meta.url);
  const examples = readdirSync(dir).filter((file) => file.endsWith(".json"));
  it.each(examples)("%s: the example conforms to the spec, and its request is answered in its shape", async (file) => {
    const example = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as {
      parameters: { query: Record<string, unknown> };
      responses: { "200": { body: Record<string, unknown> } };
    };
    conforms(example.responses["200"].body);
    // Its scopes are another cloud's: the request is sent for this tenant, and its continuation token is not ours.
    const options = { ...(example.parameters.query["options"] ?? {}) } as Record<string, unknown>;
    delete options["$skipToken"];
    const request: Record<string, unknown> = { ...example.parameters.query, options };
    delete request["subscriptions"];
    delete request["managementGroups"];
    const res = await query(request);
    expect(res.status).toBe(200);
    conforms(res.json);
    for (const key of ["totalRecords", "count", "resultTruncated", "data"]) expect(res.json).toHaveProperty(key);
  });
});
