import { describe, expect, it } from "vitest";
import type { PlansSummary } from "./coverage";
import { coverageCsv } from "./csv";
import {
  type Coverage,
  type Directory,
  type Filters,
  groupKey,
  groupsOf,
  groupTree,
  noFilters,
  parentIndex,
  selectedCounts,
  subscriptionsUnder,
  type Sort,
  type SubscriptionEntry,
  type TreeRow,
  treeView,
} from "./tree";

const known = (on: number, ai: PlansSummary["ai"] = "Off", promptEvidence?: boolean): Coverage => ({
  state: "known",
  summary: { total: 4, on, ai, promptEvidence },
});
const production = { name: "prod", displayName: "Production" };
const ai = { name: "ai", displayName: "AI" };
const nonprod = { name: "nonprod", displayName: "Non-production" };

const entry = (name: string, groups: SubscriptionEntry["groups"], coverage: Coverage, tenantId = "contoso"): SubscriptionEntry => ({
  tenantId,
  subscriptionId: `${name.toLowerCase().replace(/\W/g, "-")}-id`,
  name,
  state: "Enabled",
  groups,
  coverage,
});

const contoso = [
  entry("Research", [production, ai], known(4, "On", true)),
  entry("Payments", [production], known(2, "On", false)),
  entry("Checkout", [production], known(0)),
  entry("Sandbox", [nonprod], { state: "not-registered" }),
  entry("Legacy", [], { state: "reading" }),
];
const fabrikam = [entry("Shared", [], known(1), "fabrikam")];

function view(filters: Partial<Filters> = {}, sort: Sort = { column: "name", direction: "ascending" }, collapsed: string[] = []) {
  const directories = [
    { tenantId: "contoso", name: "Contoso", entries: contoso },
    { tenantId: "fabrikam", name: "Fabrikam", entries: fabrikam },
    { tenantId: "woodgrove", name: "Woodgrove", entries: undefined },
  ].map((directory: Directory) => ({ directory, tree: directory.entries && groupTree(directory.tenantId, directory.entries) }));
  return treeView(directories, { ...noFilters, ...filters }, sort, new Set(collapsed));
}

/** The rows as a person reads them: indent by level, then the name and count. */
const outline = (rows: readonly TreeRow[]) =>
  rows.map((row) => {
    const label =
      row.kind === "cloud"
        ? "Azure"
        : row.kind === "subscription"
          ? row.entry.name
          : `${row.kind === "directory" ? row.name : row.displayName} ${String(row.shown)}/${String(row.total ?? "?")}`;
    return `${"  ".repeat(row.level - 1)}${label}`;
  });

describe("Environment settings' tree", () => {
  it("nests directories, management groups and subscriptions, groups before subscriptions, each in name order", () => {
    expect(outline(view().rows)).toEqual([
      "Azure",
      "  Contoso 5/5",
      "    Non-production 1/1",
      "      Sandbox",
      "    Production 3/3",
      "      AI 1/1",
      "        Research",
      "      Checkout",
      "      Payments",
      "    Legacy",
      "  Fabrikam 1/1",
      "    Shared",
      "  Woodgrove 0/?",
    ]);
  });

  it("gives every row its position among its siblings, for a screen reader", () => {
    const rows = view().rows;
    const production = rows.find((row) => row.kind === "group" && row.displayName === "Production");
    expect(production).toMatchObject({ level: 3, posInSet: 2, setSize: 3 });
    const legacy = rows.find((row) => row.kind === "subscription" && row.entry.name === "Legacy");
    expect(legacy).toMatchObject({ level: 3, posInSet: 3, setSize: 3 });
    expect(rows.filter((row) => row.kind === "directory").map((row) => [row.posInSet, row.setSize])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it("leaves out what a collapsed row holds, but counts and exports it", () => {
    const collapsedProduction = view({}, undefined, [groupKey("contoso", "prod")]);
    expect(outline(collapsedProduction.rows)).not.toContain("      Payments");
    expect(outline(collapsedProduction.rows)).toContain("    Production 3/3");
    expect(collapsedProduction.counters.shown).toBe(6);
    expect(collapsedProduction.matched.map((e) => e.name)).toContain("Payments");
    expect(outline(view({}, undefined, ["azure"]).rows)).toEqual(["Azure"]);
  });

  it("searches names and ids, keeping only the groups that hold a match, with n of m", () => {
    expect(outline(view({ search: "  RESEARCH " }).rows)).toEqual([
      "Azure",
      "  Contoso 1/5",
      "    Production 1/3",
      "      AI 1/1",
      "        Research",
      "  Fabrikam 0/1",
      "  Woodgrove 0/?",
    ]);
    expect(view({ search: "shared-id" }).matched.map((e) => e.name)).toEqual(["Shared"]);
  });

  it("filters by coverage, AI workloads and prompt evidence; what is still being read matches no On/Off filter", () => {
    const names = (filters: Partial<Filters>) => view(filters).matched.map((e) => e.name);
    expect(names({ coverage: "full" })).toEqual(["Research"]);
    expect(names({ coverage: "partial" })).toEqual(["Payments", "Shared"]);
    expect(names({ coverage: "none" })).toEqual(["Checkout"]);
    expect(names({ coverage: "not-enabled" })).toEqual(["Sandbox"]);
    expect(names({ ai: "on" })).toEqual(["Research", "Payments"]);
    expect(names({ ai: "off" })).toEqual(["Sandbox", "Checkout", "Shared"]);
    expect(names({ promptEvidence: "on" })).toEqual(["Research"]);
    expect(names({ promptEvidence: "off" })).toEqual(["Sandbox", "Checkout", "Payments", "Shared"]);
    expect(names({ ai: "on", promptEvidence: "off" })).toEqual(["Payments"]);
  });

  it("filters by directory and by management group, subgroups included", () => {
    expect(outline(view({ tenantId: "fabrikam" }).rows)).toEqual(["Azure", "  Fabrikam 1/1", "    Shared"]);
    expect(view({ managementGroup: groupKey("contoso", "prod") }).matched.map((e) => e.name)).toEqual(["Research", "Checkout", "Payments"]);
    expect(view({ managementGroup: groupKey("contoso", "ai") }).matched.map((e) => e.name)).toEqual(["Research"]);
  });

  it("counts what the filters keep: subscriptions, AI workloads on, prompt evidence on, still being read", () => {
    expect(view().counters).toEqual({ total: 6, shown: 6, aiOn: 2, promptEvidenceOn: 1, reading: 1 });
    expect(view({ tenantId: "fabrikam" }).counters).toEqual({ total: 6, shown: 1, aiOn: 0, promptEvidenceOn: 0, reading: 0 });
  });

  it("sorts subscriptions within their group by name, coverage or AI workloads, either way", () => {
    const order = (sort: Sort) =>
      view({ managementGroup: groupKey("contoso", "prod") }, sort)
        .rows.filter((row) => row.kind === "subscription")
        .map((row) => row.entry.name);
    expect(order({ column: "name", direction: "descending" })).toEqual(["Research", "Payments", "Checkout"]);
    expect(
      outline(view({}, { column: "name", direction: "descending" }).rows).filter(
        (line) => line.startsWith("  ") && !line.startsWith("    "),
      ),
    ).toEqual(["  Woodgrove 0/?", "  Fabrikam 1/1", "  Contoso 5/5"]);
    expect(order({ column: "coverage", direction: "descending" })).toEqual(["Research", "Payments", "Checkout"]);
    expect(order({ column: "coverage", direction: "ascending" })).toEqual(["Research", "Checkout", "Payments"]);
    const all = (sort: Sort) => view({ tenantId: "contoso" }, sort).matched.map((e) => e.name);
    // Prompt evidence on, AI on, AI off, Defender not enabled, not known yet.
    expect(all({ column: "ai", direction: "descending" })).toEqual(["Sandbox", "Research", "Payments", "Checkout", "Legacy"]);
  });

  it("finds a row's parent for ← and lists groups for the filter with their path", () => {
    const rows = view().rows;
    const research = rows.findIndex((row) => row.kind === "subscription" && row.entry.name === "Research");
    const parent = rows[parentIndex(rows, research) ?? -1];
    expect(parent?.kind === "group" && parent.displayName).toBe("AI");
    expect(parentIndex(rows, 0)).toBeUndefined();
    expect(groupsOf(groupTree("contoso", contoso)).map((group) => group.path.join(" / "))).toEqual([
      "Non-production",
      "Production",
      "Production / AI",
    ]);
  });
});

describe("CSV export", () => {
  it("writes one line per subscription of the filtered view, quoting and defusing what a spreadsheet would run", () => {
    const hostile = {
      ...entry('=HYPERLINK("https://evil.example","Click"), "x"', [production], known(4, "On", true)),
      subscriptionId: "hostile-id",
    };
    const csv = coverageCsv([...view({ coverage: "not-enabled" }).matched, hostile, contoso[4] as SubscriptionEntry], (id) =>
      id === "contoso" ? "Contoso" : id,
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines).toEqual([
      "Directory,Directory ID,Management groups,Subscription,Subscription ID,State,Defender coverage,Plans on,Plans,AI workloads,Prompt evidence",
      "Contoso,contoso,Non-production,Sandbox,sandbox-id,Enabled,Defender for Cloud not enabled,0,0,Off,",
      `Contoso,contoso,Production,"'=HYPERLINK(""https://evil.example"",""Click""), ""x""",${hostile.subscriptionId},Enabled,All plans on,4,4,On,On`,
      "Contoso,contoso,,Legacy,legacy-id,Enabled,Not read yet,,,,",
      "",
    ]);
  });
});

describe("selection", () => {
  const all = view();
  const rowNamed = (name: string) =>
    all.rows.find(
      (row) =>
        (row.kind === "subscription"
          ? row.entry.name
          : row.kind === "group"
            ? row.displayName
            : row.kind === "directory"
              ? row.name
              : "Azure") === name,
    );

  it("a group row stands for every matching subscription below it, in groups below it too", () => {
    const group = rowNamed("Production");
    expect(
      group &&
        subscriptionsUnder(group, all.matched)
          .map((entry) => entry.name)
          .sort(),
    ).toEqual(["Checkout", "Payments", "Research"]);
    const subscription = rowNamed("Sandbox");
    expect(subscription && subscriptionsUnder(subscription, all.matched).map((entry) => entry.name)).toEqual(["Sandbox"]);
  });

  it("a filter narrows what a parent row selects to the matches", () => {
    const filtered = view({ ai: "on" });
    const group = filtered.rows.find((row) => row.kind === "group" && row.displayName === "Production");
    expect(
      group &&
        subscriptionsUnder(group, filtered.matched)
          .map((entry) => entry.name)
          .sort(),
    ).toEqual(["Payments", "Research"]);
  });

  it("counts the selected matches below each directory and group", () => {
    const selected = new Set(["research-id", "payments-id"]);
    const counts = selectedCounts(all.matched, (id) => selected.has(id));
    expect(counts.get(groupKey("contoso", "prod"))).toEqual({ selected: 2, total: 3 });
    expect(counts.get(groupKey("contoso", "ai"))).toEqual({ selected: 1, total: 1 });
    expect(counts.get(groupKey("contoso", "nonprod"))).toEqual({ selected: 0, total: 1 });
    expect(counts.get("contoso")).toMatchObject({ selected: 2 });
  });
});
