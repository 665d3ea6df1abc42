import { describe, expect, it } from "vitest";
import { KqlError, parseKql, type Row } from "./index";
import { errorOf, pricing, run, sampleTables, subscription } from "./test-support";

const pricingTiersQuery = `
securityresources
| where type == "microsoft.security/pricings"
| project subscriptionId, name, tier = tostring(properties.pricingTier), extensions = properties.extensions`;

const plansPerSubscriptionQuery = `
resourcecontainers
| where type == "microsoft.resources/subscriptions"
| project subscriptionId, subscriptionName = name, tenantId
| join kind=leftouter (
    securityresources
    | where type =~ "microsoft.security/pricings"
    | extend tier = tostring(properties.pricingTier), trial = tostring(properties.freeTrialRemainingTime)
    | summarize plansOn = countif(tier =~ "Standard"), plans = count(), ai = any(iff(name =~ "AI", tier, "")) by subscriptionId
  ) on subscriptionId
| order by subscriptionName asc`;

const promptEvidenceQuery = `
securityresources
| where type == "microsoft.security/pricings"
| mv-expand ext = properties.extensions
| where tostring(ext.name) == "AIPromptEvidence" and tostring(ext.isEnabled) =~ "true"
| project subscriptionId, name, ext`;

describe("the app's queries", () => {
  it("lists each Defender plan's pricing tier per subscription", () => {
    const rows = run(pricingTiersQuery);
    expect(rows).toEqual([
      { subscriptionId: "s1", name: "AI", tier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] },
      { subscriptionId: "s1", name: "VirtualMachines", tier: "Free", extensions: null },
      { subscriptionId: "s2", name: "AI", tier: "Free", extensions: [{ name: "AIPromptEvidence", isEnabled: "False" }] },
      { subscriptionId: "s2", name: "CloudPosture", tier: "Standard", extensions: null },
    ]);
    for (const row of rows) expect(Object.keys(row)).toEqual(["subscriptionId", "name", "tier", "extensions"]);
  });

  it("summarizes the plans of every subscription, keeping subscriptions without any", () => {
    const rows = run(plansPerSubscriptionQuery);
    expect(rows).toEqual([
      { subscriptionId: "s2", subscriptionName: "Development", tenantId: "t1", subscriptionId1: "s2", plansOn: 1, plans: 2, ai: "Free" },
      { subscriptionId: "s1", subscriptionName: "Production", tenantId: "t1", subscriptionId1: "s1", plansOn: 1, plans: 2, ai: "Standard" },
      { subscriptionId: "s3", subscriptionName: "Sandbox", tenantId: "t1", subscriptionId1: null, plansOn: null, plans: null, ai: null },
    ]);
    for (const row of rows)
      expect(Object.keys(row)).toEqual(["subscriptionId", "subscriptionName", "tenantId", "subscriptionId1", "plansOn", "plans", "ai"]);
  });

  it("finds the subscriptions whose AI plan collects prompt evidence", () => {
    expect(run(promptEvidenceQuery)).toEqual([{ subscriptionId: "s1", name: "AI", ext: { name: "AIPromptEvidence", isEnabled: "True" } }]);
  });
});

describe("parseKql", () => {
  it("lists the tables a query reads, lower-cased and once each, including inside join", () => {
    expect(parseKql(plansPerSubscriptionQuery).tables).toEqual(["resourcecontainers", "securityresources"]);
    expect(parseKql("SecurityResources | join kind=inner (securityresources) on id").tables).toEqual(["securityresources"]);
  });

  it("runs a query that starts with an operator against the resources table, as Resource Graph does", () => {
    const query = parseKql("where type =~ 'microsoft.compute/virtualmachines' | project name");
    expect(query.tables).toEqual(["resources"]);
    expect(query.run((name) => (name === "resources" ? [{ name: "vm1", type: "Microsoft.Compute/virtualMachines" }] : undefined))).toEqual([
      { name: "vm1" },
    ]);
  });

  it("reads table names case-insensitively", () => {
    expect(run("SecurityResources | count")).toEqual([{ Count: 5 }]);
  });

  it("parses once and runs against whatever the tables hold at each run", () => {
    const query = parseKql("securityresources | count");
    expect(query.run(() => [])).toEqual([{ Count: 0 }]);
    expect(query.run((name) => sampleTables[name])).toEqual([{ Count: 5 }]);
  });

  it("says whether the query caps its own rows", () => {
    expect(parseKql("securityresources | take 5").limited).toBe(true);
    expect(parseKql("securityresources | top 5 by name").limited).toBe(true);
    expect(parseKql("securityresources | where name != ''").limited).toBe(false);
    expect(parseKql("securityresources | join kind=inner (securityresources | take 1) on id").limited).toBe(false);
  });

  it("fails a run that reads a table there is none of, naming it", () => {
    const error = errorOf("securityresources | join kind=inner (nosuchtable) on id");
    expect(error).toBeInstanceOf(KqlError);
    expect(error).toMatchObject({ code: "DisallowedLogicalTableName", token: "nosuchtable" });
    expect(error.message).toContain("Table nosuchtable is invalid, unsupported or disallowed");
  });

  it("returns fresh rows holding every column, in column order, even when the input rows differ in shape", () => {
    const tables = { t: [{ b: 1 }, { a: 2, b: 3 }] };
    const rows = run("t", tables);
    expect(rows).toEqual([
      { b: 1, a: null },
      { b: 3, a: 2 },
    ]);
    expect(rows.map((row) => Object.keys(row))).toEqual([
      ["b", "a"],
      ["b", "a"],
    ]);
    expect(rows[1]).not.toBe(tables.t[1]);
  });

  // A check of scale, not speed: the generous timeout keeps a slow machine from failing it.
  it("joins 10,000 subscriptions with their 14 plans each", { timeout: 30_000 }, () => {
    const plans = [
      "AI",
      "Api",
      "AppServices",
      "Arm",
      "CloudPosture",
      "Containers",
      "CosmosDbs",
      "Dns",
      "KeyVaults",
      "OpenSourceRelationalDatabases",
    ];
    plans.push("SqlServers", "SqlServerVirtualMachines", "StorageAccounts", "VirtualMachines");
    const subscriptions: Row[] = [];
    const pricings: Row[] = [];
    for (let index = 0; index < 10_000; index++) {
      const id = `sub-${String(index).padStart(5, "0")}`;
      subscriptions.push(subscription(id, `Subscription ${id}`));
      for (const plan of plans) pricings.push(pricing(id, plan, plan === "AI" && index % 2 === 0 ? "Standard" : "Free"));
    }
    const rows = run(plansPerSubscriptionQuery, { resourcecontainers: subscriptions, securityresources: pricings });
    expect(rows).toHaveLength(10_000);
    expect(rows[0]).toMatchObject({ subscriptionId: "sub-00000", plans: 14, plansOn: 1, ai: "Standard" });
    expect(rows[1]).toMatchObject({ subscriptionId: "sub-00001", plans: 14, plansOn: 0, ai: "Free" });
  });
});
