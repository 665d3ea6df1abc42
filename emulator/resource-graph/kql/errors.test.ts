import { describe, expect, it } from "vitest";
import { errorOf, run } from "./test-support";

describe("unsupported KQL", () => {
  it.each([
    ["parse", "securityresources | parse id with * '/subscriptions/' sub '/' rest"],
    ["union", "securityresources | union resourcecontainers"],
    ["make-series", "securityresources | make-series count() on x step 1"],
    ["render", "securityresources | summarize count() by name | render piechart"],
    ["project-rename", "securityresources | project-rename n = name"],
    ["mv-apply", "securityresources | mv-apply x = properties.extensions on (take 1)"],
    ["union", "union securityresources, resourcecontainers"],
  ])("names the operator %s", (operator, query) => {
    const error = errorOf(query);
    expect(error).toMatchObject({ code: "UnsupportedOperator", token: operator });
    expect(error.message).toContain(`The operator '${operator}' is not supported by this emulator's Resource Graph.`);
    expect(error.message).toContain(
      "Supported operators: where, project, project-away, extend, mv-expand, summarize, join, order by, sort by, top, take",
    );
  });

  it("names an unsupported function, listing the supported ones", () => {
    const error = errorOf("securityresources | extend x = extract('a', 0, name)");
    expect(error).toMatchObject({ code: "UnsupportedFunction", token: "extract" });
    expect(error.message).toContain(
      "The function 'extract' is not supported by this emulator's Resource Graph. Supported functions: tostring,",
    );
  });

  it("names an unsupported aggregation", () => {
    expect(errorOf("securityresources | summarize percentile(x, 50)")).toMatchObject({ code: "UnsupportedFunction", token: "percentile" });
  });

  it("refuses join kinds other than inner and leftouter, and the default innerunique", () => {
    const fullouter = errorOf("resourcecontainers | join kind=fullouter (securityresources) on subscriptionId");
    expect(fullouter).toMatchObject({ code: "UnsupportedOperator", token: "fullouter" });
    expect(fullouter.message).toContain(
      "The join kind 'fullouter' is not supported by this emulator's Resource Graph: write join kind=inner or join kind=leftouter",
    );
    const innerunique = errorOf("resourcecontainers | join (securityresources) on subscriptionId");
    expect(innerunique).toMatchObject({ code: "UnsupportedOperator", token: "join" });
    expect(innerunique.message).toContain("innerunique");
    expect(errorOf("resourcecontainers | join hint.strategy=broadcast kind=inner (securityresources) on id")).toMatchObject({
      code: "UnsupportedOperator",
      token: "hint",
    });
  });

  it("names unsupported scalar operators", () => {
    expect(errorOf("securityresources | where name matches regex 'A.*'")).toMatchObject({ code: "UnsupportedOperator", token: "matches" });
    expect(errorOf("securityresources | where name has_any ('a')")).toMatchObject({ code: "UnsupportedOperator", token: "has_any" });
    expect(errorOf("securityresources | where x !between (1 .. 2)")).toMatchObject({ code: "UnsupportedOperator", token: "!between" });
  });

  it("refuses let statements and mv-expand options", () => {
    expect(errorOf("let x = 1; securityresources")).toMatchObject({ code: "UnsupportedOperator", token: "let" });
    expect(errorOf("securityresources | mv-expand kind=array x = properties.extensions")).toMatchObject({
      code: "UnsupportedOperator",
      token: "kind",
    });
    expect(errorOf("securityresources | mv-expand x = properties.extensions to typeof(string)")).toMatchObject({
      code: "UnsupportedOperator",
      token: "to",
    });
  });
});

describe("invalid queries", () => {
  it("rejects an aggregation outside summarize and a scalar function inside it", () => {
    const counted = errorOf("securityresources | where count() > 1");
    expect(counted).toMatchObject({ code: "InvalidQuery", token: "count" });
    expect(counted.message).toContain("The aggregation function 'count' can only be used in summarize");
    const scalar = errorOf("securityresources | summarize tostring(name)");
    expect(scalar).toMatchObject({ code: "InvalidQuery", token: "tostring" });
    expect(scalar.message).toContain("'tostring' is not an aggregation function; summarize takes count, countif,");
  });

  it("checks argument counts", () => {
    const error = errorOf("securityresources | project iff(true, 1)");
    expect(error).toMatchObject({ code: "InvalidQuery", token: "iff" });
    expect(error.message).toContain("iff() takes (predicate, ifTrue, ifFalse) but was given 2 argument(s)");
    expect(errorOf("securityresources | project case(true, 1)")).toMatchObject({ code: "InvalidQuery", token: "case" });
    expect(errorOf("securityresources | summarize count(name)")).toMatchObject({ code: "InvalidQuery", token: "count" });
  });

  it("rejects a column declared twice", () => {
    const error = errorOf("securityresources | project name, name = type");
    expect(error).toMatchObject({ code: "InvalidQuery", token: "project" });
    expect(error.message).toContain("project declares the column 'name' twice");
    expect(errorOf("securityresources | summarize count(), count() by name")).toMatchObject({ code: "InvalidQuery" });
  });
});

describe("syntax errors", () => {
  it("reports an unterminated string where it starts", () => {
    const error = errorOf(`securityresources\n| where name == "AI`);
    expect(error).toMatchObject({ code: "ParserFailure", token: '"AI', position: { line: 2, characterPositionInLine: 16 } });
    expect(error.message).toBe('Line 2, column 17: Unterminated string literal: it needs a closing " on the same line');
  });

  it("reports a missing operator after a pipe", () => {
    const atEnd = errorOf("securityresources | ");
    expect(atEnd).toMatchObject({ code: "ParserFailure" });
    expect(atEnd.message).toBe(
      "Line 1, column 21: Expected a tabular operator such as where or project after '|' but found the end of the query",
    );
    expect(errorOf("securityresources | | take 1").message).toContain("after '|' but found '|'");
  });

  it("reports a missing operand", () => {
    expect(errorOf("securityresources | where name ==").message).toContain("Expected an expression but found the end of the query");
    expect(errorOf("securityresources | where (name == 'a'").message).toContain(
      "Expected ')' to close the parenthesis but found the end of the query",
    );
  });

  it("reports an empty query", () => {
    expect(errorOf("  // nothing\n").message).toContain("The query is empty");
  });

  it("reports what follows a complete query", () => {
    expect(errorOf("securityresources | take 1 2")).toMatchObject({ code: "ParserFailure", token: "2" });
  });

  it("points out that operators are case-sensitive", () => {
    const error = errorOf("securityresources | Where name == 'AI'");
    expect(error).toMatchObject({ code: "ParserFailure", token: "Where" });
    expect(error.message).toContain("KQL operators are case-sensitive, so write 'where'");
    expect(errorOf("securityresources | frobnicate").message).toContain("'frobnicate' is not a tabular operator");
  });

  it("explains that KQL negates with not()", () => {
    expect(errorOf("securityresources | where !isnull(name)").message).toContain("KQL has no '!' for negation: write not(isnull(…))");
  });

  it("reports bad literals and characters", () => {
    expect(errorOf("securityresources | where x > 1d")).toMatchObject({ code: "ParserFailure", token: "1d" });
    expect(errorOf("securityresources | where name == 'a\\q'")).toMatchObject({ code: "ParserFailure", token: "\\q" });
    expect(errorOf("securityresources | where name == #")).toMatchObject({ code: "ParserFailure", token: "#" });
    expect(errorOf("securityresources | take -1").message).toContain("Expected a whole number of rows");
    expect(errorOf("securityresources | project x = dynamic([1,])").message).toContain("Expected a JSON value inside dynamic(…)");
  });

  it("refuses nesting deep enough to threaten the stack", () => {
    const deep = `securityresources | where ${"(".repeat(500)}true${")".repeat(500)}`;
    expect(errorOf(deep).message).toContain("nests expressions more than 100 deep");
    const long = `securityresources | project x = 1${" + 1".repeat(500)}`;
    expect(errorOf(long).message).toContain("nests expressions more than 100 deep");
  });

  it("accepts long chains of conditions, which do not nest", () => {
    const conditions = Array.from({ length: 1000 }, (_, index) => `name == 'n${index}'`).join(" or ");
    expect(run(`securityresources | where ${conditions} or name == 'AI' | count`)).toEqual([{ Count: 2 }]);
  });
});
