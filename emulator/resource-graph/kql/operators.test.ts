import { describe, expect, it } from "vitest";
import type { Row } from "./index";
import { peopleTables, run } from "./test-support";

const query = (text: string) => run(text, peopleTables);
const names = (rows: Row[]) => rows.map((row) => row["name"]);

describe("where", () => {
  it("keeps the rows whose predicate is true, dropping false and null alike", () => {
    expect(names(query("people | where score > 2"))).toEqual(["ada", "cy"]);
    expect(names(query("people | where score < 100"))).toEqual(["ada", "cy", "di"]);
  });

  it("chains", () => {
    expect(names(query("people | where team == 'red' | where score > 5"))).toEqual(["cy"]);
  });
});

describe("project", () => {
  it("keeps, renames and computes columns, in the order written", () => {
    const rows = query("people | where name == 'ada' | project team, who = name, double = score * 2");
    expect(rows).toEqual([{ team: "red", who: "ada", double: 6 }]);
    expect(Object.keys(rows[0] ?? {})).toEqual(["team", "who", "double"]);
  });

  it("names unnamed expressions as KQL does", () => {
    const rows = run(
      "securityresources | take 1 | project properties.pricingTier, tostring(name), properties['extensions'], strcat(name, '!'), tolower(name)",
    );
    expect(Object.keys(rows[0] ?? {})).toEqual(["properties_pricingTier", "name", "properties_extensions", "Column1", "Column2"]);
  });

  it("reads a missing column as null", () => {
    expect(query("people | take 1 | project nosuch")).toEqual([{ nosuch: null }]);
  });
});

describe("project-away", () => {
  it("drops the named columns and keeps the rest in order", () => {
    const rows = query("people | take 1 | project-away score, tags");
    expect(rows).toEqual([{ name: "ada", team: "red" }]);
  });

  it("makes a dropped column read as null afterwards", () => {
    expect(query("people | take 1 | project-away team | project team")).toEqual([{ team: null }]);
  });
});

describe("extend", () => {
  it("appends new columns after the existing ones", () => {
    const rows = query("people | take 1 | extend upper = toupper(name), next = score + 1");
    expect(Object.keys(rows[0] ?? {})).toEqual(["name", "team", "score", "tags", "upper", "next"]);
    expect(rows[0]).toMatchObject({ upper: "ADA", next: 4 });
  });

  it("replaces an existing column in place", () => {
    const rows = query("people | take 1 | extend name = toupper(name)");
    expect(Object.keys(rows[0] ?? {})).toEqual(["name", "team", "score", "tags"]);
    expect(rows[0]?.["name"]).toBe("ADA");
  });

  it("lets a column use one defined earlier in the same extend", () => {
    expect(query("people | take 1 | extend a = score * 10, b = a + 1 | project a, b")).toEqual([{ a: 30, b: 31 }]);
  });

  it("names unnamed columns Column1, Column2, … skipping names in use", () => {
    const rows = run("t | extend strcat(a, 'x'), tolower(a)", { t: [{ a: "A", Column1: 0 }] });
    expect(rows).toEqual([{ a: "A", Column1: 0, Column2: "Ax", Column3: "a" }]);
  });
});

describe("mv-expand", () => {
  it("makes one row per array element, a named column holding it", () => {
    expect(query("people | where name == 'ada' | mv-expand tag = tags | project name, tag")).toEqual([
      { name: "ada", tag: "a" },
      { name: "ada", tag: "b" },
    ]);
  });

  it("replaces the expanded column when it names one", () => {
    expect(query("people | where name == 'ada' | mv-expand tags | project tags")).toEqual([{ tags: "a" }, { tags: "b" }]);
  });

  it("names an unnamed path after it", () => {
    const rows = run("securityresources | where name == 'AI' | mv-expand properties.extensions | project properties_extensions");
    expect(rows).toEqual([
      { properties_extensions: { name: "AIPromptEvidence", isEnabled: "True" } },
      { properties_extensions: { name: "AIPromptEvidence", isEnabled: "False" } },
    ]);
  });

  it("expands a property bag into one-property bags", () => {
    expect(query("people | where name == 'di' | mv-expand tags | project tags")).toEqual([{ tags: { x: 1 } }, { tags: { y: 2 } }]);
  });

  it("keeps a row whose value is null once, with null, and drops one whose array is empty, as KQL does", () => {
    expect(query("people | mv-expand tag = tags | project name, tag")).toEqual([
      { name: "ada", tag: "a" },
      { name: "ada", tag: "b" },
      { name: "cy", tag: null },
      { name: "di", tag: { x: 1 } },
      { name: "di", tag: { y: 2 } },
    ]);
  });

  it("keeps a scalar as one row", () => {
    expect(query("people | take 1 | mv-expand n = name | project n")).toEqual([{ n: "ada" }]);
  });

  it("expands several columns in parallel, padding the shorter with null", () => {
    const rows = run("t | mv-expand a, b", { t: [{ a: [1, 2, 3], b: ["x"] }] });
    expect(rows).toEqual([
      { a: 1, b: "x" },
      { a: 2, b: null },
      { a: 3, b: null },
    ]);
  });
});

describe("summarize", () => {
  it("puts the group-by columns first, then the aggregations, groups in first-seen order", () => {
    const rows = query("people | summarize total = sum(score), n = count() by team");
    expect(rows).toEqual([
      { team: "red", total: 10, n: 2 },
      { team: "blue", total: null, n: 1 },
      { team: "green", total: 1, n: 1 },
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(["team", "total", "n"]);
  });

  it("gives unnamed aggregations KQL's default names", () => {
    const rows = query(
      "people | summarize count(), countif(score > 2), sum(score), min(score), max(score), dcount(team), make_list(name), any(name), take_any(team)",
    );
    expect(rows).toEqual([
      {
        count_: 4,
        countif_: 2,
        sum_score: 11,
        min_score: 1,
        max_score: 7,
        dcount_team: 3,
        list_name: ["ada", "bob", "cy", "di"],
        any_name: "ada",
        team: "red",
      },
    ]);
    expect(Object.keys(query("people | summarize make_set(team), make_bag(tags), take_any(iff(true, 1, 2))")[0] ?? {})).toEqual([
      "set_team",
      "bag_tags",
      "any_arg0",
    ]);
  });

  it("returns exactly one row without by, even over no rows", () => {
    expect(query("people | where name == 'nobody' | summarize count(), make_list(name), sum(score)")).toEqual([
      { count_: 0, list_name: [], sum_score: null },
    ]);
  });

  it("returns no rows with by over no rows", () => {
    expect(query("people | where name == 'nobody' | summarize count() by team")).toEqual([]);
  });

  it("groups by several columns and by computed ones", () => {
    expect(query("people | summarize n = count() by team, high = score > 2")).toEqual([
      { team: "red", high: true, n: 2 },
      { team: "blue", high: null, n: 1 },
      { team: "green", high: false, n: 1 },
    ]);
    expect(query("people | summarize count() by toupper(team) | take 1")).toEqual([{ Column1: "RED", count_: 2 }]);
  });

  it("groups without aggregations, like distinct", () => {
    expect(query("people | summarize by team")).toEqual([{ team: "red" }, { team: "blue" }, { team: "green" }]);
  });

  it("keeps strings and numbers that print alike apart", () => {
    expect(run("t | summarize n = count() by k", { t: [{ k: "1" }, { k: 1 }, { k: "[1]" }, { k: [1] }] })).toEqual([
      { k: "1", n: 1 },
      { k: 1, n: 1 },
      { k: "[1]", n: 1 },
      { k: [1], n: 1 },
    ]);
  });

  it("make_list and make_set skip nulls and honour a size limit; make_set keeps each value once", () => {
    expect(query("people | summarize a = make_list(score), b = make_list(name, 2), c = make_set(team), d = make_set(team, 1)")).toEqual([
      { a: [3, 7, 1], b: ["ada", "bob"], c: ["red", "blue", "green"], d: ["red"] },
    ]);
  });

  it("make_bag merges property bags, the first value of a key winning", () => {
    const rows = run("t | summarize bag = make_bag(p)", { t: [{ p: { a: 1 } }, { p: { a: 2, b: 3 } }, { p: "not a bag" }] });
    expect(rows).toEqual([{ bag: { a: 1, b: 3 } }]);
  });

  it("any and take_any prefer a non-empty value", () => {
    const rows = run("t | summarize a = any(v), b = take_any(v), c = any(w)", {
      t: [
        { v: "", w: null },
        { v: "x", w: null },
      ],
    });
    expect(rows).toEqual([{ a: "x", b: "x", c: null }]);
  });

  it("min and max order strings ordinally and ignore nulls", () => {
    expect(query("people | summarize min(name), max(name), lowest = min(score)")).toEqual([{ min_name: "ada", max_name: "di", lowest: 1 }]);
  });
});

describe("join", () => {
  const tables: Record<string, Row[]> = {
    subs: [
      { id: "s1", name: "one" },
      { id: "s2", name: "two" },
      { id: "s3", name: "three" },
    ],
    plans: [
      { id: "s1", name: "AI", tier: "Standard" },
      { id: "s1", name: "VMs", tier: "Free" },
      { id: "s2", name: "AI", tier: "Free" },
      { id: null, name: "orphan", tier: "Free" },
    ],
  };

  it("inner keeps every matching pair, suffixing the right side's clashing columns", () => {
    const rows = run("subs | join kind=inner (plans) on id", tables);
    expect(rows).toEqual([
      { id: "s1", name: "one", id1: "s1", name1: "AI", tier: "Standard" },
      { id: "s1", name: "one", id1: "s1", name1: "VMs", tier: "Free" },
      { id: "s2", name: "two", id1: "s2", name1: "AI", tier: "Free" },
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual(["id", "name", "id1", "name1", "tier"]);
  });

  it("leftouter also keeps unmatched left rows, with nulls on the right", () => {
    expect(run("subs | join kind=leftouter (plans | where name == 'AI' | project id, tier) on id", tables)).toEqual([
      { id: "s1", name: "one", id1: "s1", tier: "Standard" },
      { id: "s2", name: "two", id1: "s2", tier: "Free" },
      { id: "s3", name: "three", id1: null, tier: null },
    ]);
  });

  it("joins on differently named columns with $left and $right, either way round", () => {
    const expected = [{ id: "s2", name: "two", subscription: "s2", plan: "AI" }];
    const right = "(plans | where tier == 'Free' and name == 'AI' | project subscription = id, plan = name)";
    expect(run(`subs | join kind=inner ${right} on $left.id == $right.subscription`, tables)).toEqual(expected);
    expect(run(`subs | join kind=inner ${right} on $right.subscription == $left.id`, tables)).toEqual(expected);
  });

  it("joins on several keys, separated by commas or and", () => {
    const both = {
      a: [{ k: 1, j: "x", v: "left" }],
      b: [
        { k: 1, j: "x", w: "match" },
        { k: 1, j: "y", w: "other" },
      ],
    };
    expect(run("a | join kind=inner (b) on k, j | project v, w", both)).toEqual([{ v: "left", w: "match" }]);
    expect(run("a | join kind=inner (b) on $left.k == $right.k and $left.j == $right.j | project v, w", both)).toEqual([
      { v: "left", w: "match" },
    ]);
  });

  it("takes a bare table name as its right side", () => {
    expect(run("subs | join kind=inner plans on id | count", tables)).toEqual([{ Count: 3 }]);
  });

  it("never matches null keys", () => {
    const withNull = { a: [{ k: null, v: 1 }], b: [{ k: null, w: 2 }] };
    expect(run("a | join kind=inner (b) on k", withNull)).toEqual([]);
    expect(run("a | join kind=leftouter (b) on k", withNull)).toEqual([{ k: null, v: 1, k1: null, w: null }]);
  });

  it("numbers the suffix past names already taken", () => {
    const clash = { a: [{ k: 1, k1: "taken" }], b: [{ k: 1 }] };
    expect(run("a | join kind=inner (b) on k", clash)).toEqual([{ k: 1, k1: "taken", k2: 1 }]);
  });
});

describe("order by, sort by and top", () => {
  it("sorts descending by default, with nulls last", () => {
    expect(names(query("people | order by score"))).toEqual(["cy", "ada", "di", "bob"]);
    expect(names(query("people | sort by score desc"))).toEqual(["cy", "ada", "di", "bob"]);
  });

  it("sorts ascending with nulls first", () => {
    expect(names(query("people | order by score asc"))).toEqual(["bob", "di", "ada", "cy"]);
  });

  it("moves nulls where told", () => {
    expect(names(query("people | order by score asc nulls last"))).toEqual(["di", "ada", "cy", "bob"]);
    expect(names(query("people | order by score desc nulls first"))).toEqual(["bob", "cy", "ada", "di"]);
  });

  it("sorts by several keys and keeps ties in input order", () => {
    expect(names(query("people | order by team asc, name desc"))).toEqual(["bob", "di", "cy", "ada"]);
    expect(names(query("people | extend one = 1 | order by one"))).toEqual(["ada", "bob", "cy", "di"]);
  });

  it("orders strings ordinally and by expressions", () => {
    const rows = run("t | order by s asc", { t: [{ s: "b" }, { s: "B" }, { s: "a" }] });
    expect(rows.map((row) => row["s"])).toEqual(["B", "a", "b"]);
    expect(run("t | order by tolower(s) asc, s asc", { t: [{ s: "b" }, { s: "B" }, { s: "a" }] }).map((row) => row["s"])).toEqual([
      "a",
      "B",
      "b",
    ]);
  });

  it("top takes the first rows by a key, descending by default", () => {
    expect(names(query("people | top 2 by score"))).toEqual(["cy", "ada"]);
    expect(names(query("people | top 1 by name asc"))).toEqual(["ada"]);
  });
});

describe("take, limit, count and distinct", () => {
  it("take and limit keep the first rows", () => {
    expect(names(query("people | take 2"))).toEqual(["ada", "bob"]);
    expect(names(query("people | limit 1"))).toEqual(["ada"]);
    expect(query("people | take 0")).toEqual([]);
  });

  it("count returns one Count row", () => {
    expect(query("people | count")).toEqual([{ Count: 4 }]);
    expect(query("people | where name == 'x' | count")).toEqual([{ Count: 0 }]);
  });

  it("distinct keeps the first of each combination, in the order written", () => {
    expect(query("people | distinct team")).toEqual([{ team: "red" }, { team: "blue" }, { team: "green" }]);
    const rows = query("people | project team, high = score > 2 | distinct high, team");
    expect(rows).toEqual([
      { high: true, team: "red" },
      { high: null, team: "blue" },
      { high: false, team: "green" },
    ]);
  });

  it("distinct * compares whole rows", () => {
    expect(
      run("t | distinct *", {
        t: [
          { a: 1, b: [1] },
          { a: 1, b: [1] },
          { a: 1, b: [2] },
        ],
      }),
    ).toEqual([
      { a: 1, b: [1] },
      { a: 1, b: [2] },
    ]);
  });
});
