import { describe, expect, it } from "vitest";
import { evaluate, run } from "./test-support";

const ai = {
  name: "AI",
  properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }, { name: "Other" }] },
};

describe("literals", () => {
  it("reads strings in either quote, with escapes", () => {
    expect(evaluate(`"say \\"hi\\"\\n"`)).toBe('say "hi"\n');
    expect(evaluate(`'it\\'s \\\\ \\t\\u0041'`)).toBe("it's \\ \tA");
  });

  it("reads verbatim strings, where a doubled quote stands for one", () => {
    expect(evaluate(`@"C:\\temp ""x"""`)).toBe('C:\\temp "x"');
    expect(evaluate(`@'a\\b'`)).toBe("a\\b");
  });

  it("reads numbers and booleans", () => {
    expect(evaluate("42")).toBe(42);
    expect(evaluate("1.5")).toBe(1.5);
    expect(evaluate("2e3")).toBe(2000);
    expect(evaluate("-7")).toBe(-7);
    expect(evaluate("true")).toBe(true);
    expect(evaluate("false")).toBe(false);
  });

  it("reads dynamic JSON, typed literals and typed nulls", () => {
    expect(evaluate(`dynamic([1, -2.5, "a", 'b', true, null, {"k": [ ]}])`)).toEqual([1, -2.5, "a", "b", true, null, { k: [] }]);
    expect(evaluate("dynamic({})")).toEqual({});
    expect(evaluate("dynamic(null)")).toBeNull();
    expect(evaluate("int(null)")).toBeNull();
    expect(evaluate("bool(true)")).toBe(true);
    expect(evaluate("real(-1.5)")).toBe(-1.5);
  });

  it("skips comments and line breaks anywhere", () => {
    const rows = run(
      `securityresources // every Defender plan
      | where type == "microsoft.security/pricings" // pricings only
      // a whole-line comment
      | count`,
    );
    expect(rows).toEqual([{ Count: 4 }]);
  });
});

describe("columns and properties", () => {
  it("reads properties by name, by quoted name and by index", () => {
    expect(evaluate("properties.pricingTier", ai)).toBe("Standard");
    expect(evaluate("properties['pricingTier']", ai)).toBe("Standard");
    expect(evaluate(`properties["extensions"][0].name`, ai)).toBe("AIPromptEvidence");
    expect(evaluate("properties.extensions[-1].name", ai)).toBe("Other");
  });

  it("reads anything missing as null", () => {
    expect(evaluate("properties.nosuch", ai)).toBeNull();
    expect(evaluate("properties.nosuch.deeper", ai)).toBeNull();
    expect(evaluate("properties.extensions[5]", ai)).toBeNull();
    expect(evaluate("name.length", ai)).toBeNull();
    expect(evaluate("nosuch", ai)).toBeNull();
  });

  it("never reads what a plain object inherits", () => {
    expect(evaluate("properties.constructor", ai)).toBeNull();
    expect(evaluate("toString", ai)).toBeNull();
    expect(evaluate("properties['__proto__']", ai)).toBeNull();
    expect(evaluate(`parse_json('{"__proto__": {"x": 1}}')['__proto__'].x`)).toBe(1);
  });

  it("reads a column whose name needs quoting", () => {
    expect(run("t | project v = ['odd name']", { t: [{ "odd name": 1 }] })).toEqual([{ v: 1 }]);
  });
});

describe("comparisons", () => {
  it("== and != compare exactly, strings case-sensitively", () => {
    expect(evaluate("'a' == 'a'")).toBe(true);
    expect(evaluate("'a' == 'A'")).toBe(false);
    expect(evaluate("'a' != 'A'")).toBe(true);
    expect(evaluate("1 == 1.0")).toBe(true);
  });

  it("== with null is false against a value and null against null, != the opposite against a value", () => {
    expect(evaluate("nosuch == 'x'")).toBe(false);
    expect(evaluate("nosuch != 'x'")).toBe(true);
    expect(evaluate("nosuch == dynamic(null)")).toBeNull();
    expect(evaluate("nosuch != dynamic(null)")).toBeNull();
    expect(run("t | where a == b", { t: [{ a: null, b: null }] })).toEqual([]);
  });

  it("compares a dynamic value with a string as text", () => {
    expect(evaluate("v == '5'", { v: 5 })).toBe(true);
    expect(evaluate("v == 'true'", { v: true })).toBe(true);
    expect(evaluate("v == 5", { v: true })).toBe(false);
    expect(evaluate(`v == dynamic({"a": [1]})`, { v: { a: [1] } })).toBe(true);
  });

  it("orders numbers, numeric strings and strings", () => {
    expect(evaluate("2 < 10")).toBe(true);
    expect(evaluate("2 >= 2")).toBe(true);
    expect(evaluate("v > 3", { v: "10" })).toBe(true);
    expect(evaluate("'abc' < 'abd'")).toBe(true);
    expect(evaluate("'B' < 'a'")).toBe(true);
    expect(evaluate("nosuch < 3")).toBeNull();
    expect(evaluate("'x' <= 3")).toBeNull();
  });

  it("=~ and !~ ignore case", () => {
    expect(evaluate("'Standard' =~ 'standard'")).toBe(true);
    expect(evaluate("'Standard' !~ 'STANDARD'")).toBe(false);
    expect(evaluate("nosuch =~ ''")).toBe(true);
  });
});

describe("string operators", () => {
  it("has matches whole terms, ignoring case", () => {
    expect(evaluate("'AIPromptEvidence enabled' has 'aipromptevidence'")).toBe(true);
    expect(evaluate("'AIPromptEvidence' has 'prompt'")).toBe(false);
    expect(evaluate("'microsoft.security/pricings' has 'security'")).toBe(true);
    expect(evaluate("'microsoft.security/pricings' has 'microsoft.security'")).toBe(true);
    expect(evaluate("'microsoft.security/pricings' has 'crosoft.sec'")).toBe(false);
    expect(evaluate("'a-b' !has 'b'")).toBe(false);
    expect(evaluate("'Alpha beta' has_cs 'alpha'")).toBe(false);
    expect(evaluate("'Alpha beta' !has_cs 'alpha'")).toBe(true);
  });

  it("contains, startswith and endswith ignore case unless _cs", () => {
    expect(evaluate("'Standard' contains 'TAN'")).toBe(true);
    expect(evaluate("'Standard' !contains 'TAN'")).toBe(false);
    expect(evaluate("'Standard' contains_cs 'TAN'")).toBe(false);
    expect(evaluate("'Standard' !contains_cs 'TAN'")).toBe(true);
    expect(evaluate("'Standard' startswith 'st'")).toBe(true);
    expect(evaluate("'Standard' !startswith 'st'")).toBe(false);
    expect(evaluate("'Standard' startswith_cs 'st'")).toBe(false);
    expect(evaluate("'Standard' endswith 'ARD'")).toBe(true);
    expect(evaluate("'Standard' !endswith 'ARD'")).toBe(false);
    expect(evaluate("'Standard' endswith_cs 'ARD'")).toBe(false);
  });

  it("treats null as the empty string", () => {
    expect(evaluate("nosuch contains 'x'")).toBe(false);
    expect(evaluate("nosuch !contains 'x'")).toBe(true);
  });
});

describe("in", () => {
  it("in and !in compare exactly, in~ and !in~ ignoring case", () => {
    expect(evaluate("'AI' in ('VMs', 'AI')")).toBe(true);
    expect(evaluate("'ai' in ('VMs', 'AI')")).toBe(false);
    expect(evaluate("'ai' in~ ('VMs', 'AI')")).toBe(true);
    expect(evaluate("'ai' !in ('VMs', 'AI')")).toBe(true);
    expect(evaluate("'ai' !in~ ('VMs', 'AI')")).toBe(false);
  });

  it("looks inside dynamic arrays in the list, and finds nothing for null", () => {
    expect(evaluate("2 in (dynamic([1, 2]), 5)")).toBe(true);
    expect(evaluate("nosuch in ('a')")).toBe(false);
    expect(evaluate("nosuch !in ('a')")).toBe(true);
  });
});

describe("logic", () => {
  it("is three-valued, as in KQL", () => {
    expect(evaluate("true and nosuch")).toBeNull();
    expect(evaluate("false and nosuch")).toBe(false);
    expect(evaluate("nosuch and false")).toBe(false);
    expect(evaluate("true or nosuch")).toBe(true);
    expect(evaluate("false or nosuch")).toBeNull();
    expect(evaluate("not(true)")).toBe(false);
    expect(evaluate("not(nosuch)")).toBeNull();
  });

  it("binds and tighter than or, and comparisons tighter than both", () => {
    expect(evaluate("1 == 1 or 1 == 2 and 1 == 2")).toBe(true);
    expect(evaluate("(1 == 1 or 1 == 2) and 1 == 2")).toBe(false);
  });
});

describe("arithmetic", () => {
  it("follows the usual precedence", () => {
    expect(evaluate("1 + 2 * 3")).toBe(7);
    expect(evaluate("(1 + 2) * 3")).toBe(9);
    expect(evaluate("10 - 4 - 3")).toBe(3);
    expect(evaluate("-(2 + 3)")).toBe(-5);
    expect(evaluate("7 % 4")).toBe(3);
  });

  it("divides whole numbers with truncation, as KQL divides longs, and reals exactly", () => {
    expect(evaluate("7 / 2")).toBe(3);
    expect(evaluate("-7 / 2")).toBe(-3);
    expect(evaluate("7 / 2.0")).toBe(3.5);
    expect(evaluate("todouble(7) / 2")).toBe(3.5);
    expect(evaluate("v / 2", { v: 7.5 })).toBe(3.75);
  });

  it("is null for null operands, non-numbers and division by zero", () => {
    expect(evaluate("nosuch + 1")).toBeNull();
    expect(evaluate("'a' + 1")).toBeNull();
    expect(evaluate("1 / 0")).toBeNull();
    expect(evaluate("1 % 0")).toBeNull();
    expect(evaluate("v * 2", { v: "21" })).toBe(42);
  });
});

describe("functions", () => {
  it("tostring writes null as empty and dynamic values as JSON", () => {
    expect(evaluate("tostring(nosuch)")).toBe("");
    expect(evaluate("tostring(12)")).toBe("12");
    expect(evaluate("tostring(true)")).toBe("true");
    expect(evaluate("tostring(properties)", ai)).toBe(
      '{"pricingTier":"Standard","extensions":[{"name":"AIPromptEvidence","isEnabled":"True"},{"name":"Other"}]}',
    );
    expect(evaluate("tostring(dynamic([1,'a']))")).toBe('[1,"a"]');
  });

  it("tolower and toupper", () => {
    expect(evaluate("tolower('AbC')")).toBe("abc");
    expect(evaluate("toupper('AbC')")).toBe("ABC");
    expect(evaluate("toupper(nosuch)")).toBe("");
  });

  it("toint and tolong truncate numbers and parse numeric strings", () => {
    expect(evaluate("toint('12')")).toBe(12);
    expect(evaluate("toint(2.7)")).toBe(2);
    expect(evaluate("tolong(' -3 ')")).toBe(-3);
    expect(evaluate("toint(true)")).toBe(1);
    expect(evaluate("toint('abc')")).toBeNull();
    expect(evaluate("tolong(nosuch)")).toBeNull();
  });

  it("todouble and toreal", () => {
    expect(evaluate("todouble('1.25')")).toBe(1.25);
    expect(evaluate("toreal(false)")).toBe(0);
    expect(evaluate("todouble('x')")).toBeNull();
  });

  it("tobool and toboolean", () => {
    expect(evaluate("tobool('True')")).toBe(true);
    expect(evaluate("toboolean('false')")).toBe(false);
    expect(evaluate("tobool(0)")).toBe(false);
    expect(evaluate("tobool('yes')")).toBeNull();
  });

  it("isempty and isnotempty treat null and the empty string as empty", () => {
    expect(evaluate("isempty('')")).toBe(true);
    expect(evaluate("isempty(nosuch)")).toBe(true);
    expect(evaluate("isempty(dynamic([]))")).toBe(false);
    expect(evaluate("isnotempty('x')")).toBe(true);
    expect(evaluate("isnotempty('')")).toBe(false);
  });

  it("isnull and isnotnull do not count the empty string as null", () => {
    expect(evaluate("isnull(nosuch)")).toBe(true);
    expect(evaluate("isnull('')")).toBe(false);
    expect(evaluate("isnotnull(properties.pricingTier)", ai)).toBe(true);
  });

  it("iff, iif and case choose by predicate, null counting as false", () => {
    expect(evaluate("iff(1 < 2, 'yes', 'no')")).toBe("yes");
    expect(evaluate("iif(nosuch, 'yes', 'no')")).toBe("no");
    expect(evaluate("case(1 > 2, 'a', 2 > 1, 'b', 'c')")).toBe("b");
    expect(evaluate("case(false, 'a', 'else')")).toBe("else");
  });

  it("coalesce returns the first value that is neither null nor empty", () => {
    expect(evaluate("coalesce(nosuch, '', 'x', 'y')")).toBe("x");
    expect(evaluate("coalesce(nosuch, int(null))")).toBeNull();
  });

  it("strcat joins values as text", () => {
    expect(evaluate("strcat('a', 1, nosuch, true)")).toBe("a1true");
  });

  it("array_length and bag_keys", () => {
    expect(evaluate("array_length(properties.extensions)", ai)).toBe(2);
    expect(evaluate("array_length(name)", ai)).toBeNull();
    expect(evaluate("bag_keys(properties)", ai)).toEqual(["pricingTier", "extensions"]);
    expect(evaluate("bag_keys(name)", ai)).toBeNull();
  });

  it("split, optionally to the part at an index", () => {
    expect(evaluate("split('a/b/c', '/')")).toEqual(["a", "b", "c"]);
    expect(evaluate("split('a/b/c', '/', 1)")).toEqual(["b"]);
    expect(evaluate("split('a/b/c', '/', 9)")).toEqual([]);
  });

  it("parse_json and todynamic parse JSON text, keeping other strings and values as they are", () => {
    expect(evaluate(`parse_json('{"a": [1, 2]}').a[1]`)).toBe(2);
    expect(evaluate("todynamic('[true]')")).toEqual([true]);
    expect(evaluate("parse_json('not json')")).toBe("not json");
    expect(evaluate("todynamic(properties).pricingTier", ai)).toBe("Standard");
  });
});
