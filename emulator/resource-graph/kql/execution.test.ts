// How the engine runs queries (rows streamed, columns no later operator reads left out, lists reused, constants
// prepared once): none of it may show in the results.
import { describe, expect, it } from "vitest";
import { declareColumns, parseKql, type Row } from "./index";
import { peopleTables, run } from "./test-support";

const query = (text: string) => run(text, peopleTables);

describe("columns read only before they are dropped", () => {
  it("are still there for extend, which reads the row it builds", () => {
    expect(query("people | extend label = strcat(name, '/', team) | project label")).toEqual([
      { label: "ada/red" },
      { label: "bob/blue" },
      { label: "cy/red" },
      { label: "di/green" },
    ]);
  });

  it("are read before extend replaces them, and after for later columns", () => {
    expect(query("people | take 1 | extend before = score, score = score * 10, after = score | project before, after")).toEqual([
      { before: 3, after: 30 },
    ]);
  });

  it("are there for mv-expand and summarize", () => {
    expect(query("people | mv-expand tag = tags | project tag")).toEqual([
      { tag: "a" },
      { tag: "b" },
      { tag: null },
      { tag: { x: 1 } },
      { tag: { y: 2 } },
    ]);
    expect(query("people | extend double = score * 2 | summarize total = sum(double) by team | project total")).toEqual([
      { total: 20 },
      { total: null },
      { total: 2 },
    ]);
  });

  it("are there for a join's keys and for the columns it adds", () => {
    expect(query("people | join kind=leftouter (teams | extend big = size > 1) on team | project name, lead, big")).toEqual([
      { name: "ada", lead: "ada", big: true },
      { name: "bob", lead: null, big: null },
      { name: "cy", lead: "ada", big: true },
      { name: "di", lead: "di", big: false },
    ]);
    expect(query("people | join kind=inner (teams | project team, name = lead) on team | project name1, score")).toEqual([
      { name1: "ada", score: 3 },
      { name1: "ada", score: 7 },
      { name1: "di", score: 1 },
    ]);
  });

  it("read as null once project-away has dropped them", () => {
    expect(query("people | take 1 | project-away team | extend t = team | project t")).toEqual([{ t: null }]);
  });
});

describe("rows built one after another", () => {
  it("stay apart when a later operator keeps them", () => {
    expect(query("people | extend upper = toupper(name) | where isnotnull(upper) | order by upper desc | project upper")).toEqual([
      { upper: "DI" },
      { upper: "CY" },
      { upper: "BOB" },
      { upper: "ADA" },
    ]);
    expect(query("people | mv-expand tag = tags | where isnotnull(tag) | take 3 | project name, tag")).toEqual([
      { name: "ada", tag: "a" },
      { name: "ada", tag: "b" },
      { name: "di", tag: { x: 1 } },
    ]);
  });

  it("feed summarize and distinct the right values", () => {
    expect(query("people | extend t = toupper(team) | summarize names = make_list(name) by t")).toEqual([
      { t: "RED", names: ["ada", "cy"] },
      { t: "BLUE", names: ["bob"] },
      { t: "GREEN", names: ["di"] },
    ]);
    expect(query("people | extend t = toupper(team) | distinct t")).toEqual([{ t: "RED" }, { t: "BLUE" }, { t: "GREEN" }]);
  });
});

describe("constants", () => {
  it("compare ignoring case beyond ASCII as toLowerCase does", () => {
    const rows: Row[] = [{ word: "\u212Aelvin" }, { word: "KELVIN" }, { word: "İstanbul" }, { word: "istanbul" }, { word: "" }];
    const words = (text: string) => run(text, { t: rows }).map((row) => row["word"]);
    expect(words("t | where word =~ 'kelvin'")).toEqual(["\u212Aelvin", "KELVIN"]);
    expect(words(`t | where word =~ '${"İstanbul".toLowerCase()}'`)).toEqual(["İstanbul"]);
    expect(words("t | where word !~ 'istanbul'")).toEqual(["\u212Aelvin", "KELVIN", "İstanbul", ""]);
    expect(words("t | where word in~ ('kelvin', 'x')")).toEqual(["\u212Aelvin", "KELVIN"]);
    expect(words("t | where word in~ ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'ISTANBUL')")).toEqual(["istanbul"]);
    expect(words("t | where word in~ (dynamic(['KELVIN']), '')")).toEqual(["\u212Aelvin", "KELVIN", ""]);
  });

  it("in compares text with text and otherwise as ==", () => {
    const rows: Row[] = [{ v: 1 }, { v: "1" }, { v: true }, { v: null }, { v: [1] }, { v: "[1]" }];
    const values = (text: string) => run(text, { t: rows }).map((row) => row["v"]);
    expect(values("t | where v in ('1', 'true')")).toEqual([1, "1", true]);
    expect(values("t | where v in ('[1]')")).toEqual([[1], "[1]"]);
    expect(values("t | where v in (1, null)")).toEqual([1, "1"]);
    expect(values("t | where v !in ('1', 'true')")).toEqual([null, [1], "[1]"]);
  });

  it("are worked out once, whatever they are made of", () => {
    expect(query("people | where tolower('RED') == team and strcat('a', 'd', 'a') == name | project name")).toEqual([{ name: "ada" }]);
    expect(query("people | where name in (split('ada,cy', ',')) | project name")).toEqual([{ name: "ada" }, { name: "cy" }]);
  });
});

describe("tables", () => {
  it("whose rows differ in keys and order read as if each row had every column", () => {
    const rows: Row[] = [
      { a: 1, b: 2 },
      { b: 3, c: 4 },
      { c: 5, a: 6 },
    ];
    expect(run("t", { t: rows })).toEqual([
      { a: 1, b: 2, c: null },
      { a: null, b: 3, c: 4 },
      { a: 6, b: null, c: 5 },
    ]);
    expect(Object.keys(run("t | extend d = 1", { t: rows })[2] ?? {})).toEqual(["a", "b", "c", "d"]);
  });

  it("read an undefined value as null", () => {
    const rows = [{ a: 1, b: undefined }] as unknown as Row[];
    expect(run("t", { t: rows })).toEqual([{ a: 1, b: null }]);
    expect(run("t | extend c = 2", { t: rows })).toEqual([{ a: 1, b: null, c: 2 }]);
  });

  it("keep a column named __proto__ as a column", () => {
    const row: Row = {};
    Object.defineProperty(row, "__proto__", { value: "x", enumerable: true, writable: true, configurable: true });
    const [result] = run("t | extend y = 1 | join kind=leftouter (t | project __proto__) on __proto__", { t: [row] });
    expect(Object.keys(result ?? {})).toEqual(["__proto__", "y", "__proto__1"]);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result?.["y"]).toBe(1);
  });

  it("that declare their columns are read by them", () => {
    const rows = declareColumns(
      [
        { a: 1, b: "x" },
        { a: 2, b: "y" },
      ] as Row[],
      ["a", "b"],
    );
    expect(run("t | where a > 1", { t: rows })).toEqual([{ a: 2, b: "y" }]);
    expect(run("t | extend c = strcat(b, a) | project c, a", { t: rows })).toEqual([
      { c: "x1", a: 1 },
      { c: "y2", a: 2 },
    ]);
  });

  it("are read once per run however often the query reads them", () => {
    let reads = 0;
    const parsed = parseKql(
      "people | join kind=inner (people | project name, n = 1) on name | join kind=inner (people | project name) on name | count",
    );
    const result = parsed.run((name) => {
      reads++;
      return peopleTables[name];
    });
    expect(result).toEqual([{ Count: 4 }]);
    expect(reads).toBe(1);
  });
});

describe("order by", () => {
  it("orders text ordinally and other values by type, nulls as asked", () => {
    const rows: Row[] = [{ v: "b" }, { v: "B" }, { v: null }, { v: 2 }, { v: "a" }, { v: true }, { v: 10 }];
    const ordered = (text: string) => run(text, { t: rows }).map((row) => row["v"]);
    expect(ordered("t | order by v asc")).toEqual([null, true, 2, 10, "B", "a", "b"]);
    expect(ordered("t | order by v desc nulls first")).toEqual([null, "b", "a", "B", 10, 2, true]);
  });

  it("keeps the input order between equal keys, and orders by later keys", () => {
    expect(query("people | order by team asc, score desc | project name")).toEqual([
      { name: "bob" },
      { name: "di" },
      { name: "cy" },
      { name: "ada" },
    ]);
    expect(query("people | order by team asc | project name")).toEqual([{ name: "bob" }, { name: "di" }, { name: "ada" }, { name: "cy" }]);
  });
});
