// KQL's values as Resource Graph returns them, and what KQL means by comparing, converting and ordering them.

/** KQL's scalar types and `dynamic`, as JSON: Resource Graph's rows are JSON, so int, long and real are all numbers here. */
export type KqlValue = null | boolean | number | string | KqlValue[] | { [key: string]: KqlValue };
/** A dynamic property bag. */
export type Bag = { [key: string]: KqlValue };
/** One row: column name to value, keys in column order. */
export type Row = Record<string, KqlValue>;

export function isBag(value: KqlValue): value is Bag {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads an own property only, so a column or key named `constructor` reads as missing instead of reaching Object.prototype. */
export function field(bag: Bag, key: string): KqlValue {
  const value: unknown = bag[key];
  // A plain object inherits only functions, and its prototype under __proto__: checking for those is much faster than Object.hasOwn on every read.
  if (value === undefined || typeof value === "function" || (key === "__proto__" && !Object.hasOwn(bag, key))) return null;
  return value as KqlValue;
}

/** field(bag, key) for one key, for a column read on every row. */
export function fieldReader(key: string): (bag: Bag) => KqlValue {
  return (bag) => field(bag, key);
}

/** Writes a property, even one named `__proto__`, which plain assignment would take for the prototype. */
export function setField(bag: Bag, key: string, value: KqlValue): void {
  if (key === "__proto__") Object.defineProperty(bag, key, { value, enumerable: true, writable: true, configurable: true });
  else bag[key] = value;
}

/** A fresh row holding the given columns in that order; a column the row lacks is null. */
export function pick(row: Row, columns: readonly string[]): Row {
  const picked: Row = {};
  for (const column of columns) setField(picked, column, field(row, column));
  return picked;
}

/** KQL's tostring(): null is "", a dynamic array or bag is its compact JSON. */
export function toText(value: KqlValue): string {
  if (typeof value === "string") return value;
  if (value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const numeral = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** The number a value stands for: a number, or a string spelling one (a dynamic value read from JSON may hold either); otherwise null. */
export function toNumber(value: KqlValue): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && numeral.test(value)) return Number(value);
  return null;
}

/** toint()/tolong(): booleans are 1 and 0, numbers and numeric strings are truncated towards zero, anything else is null. */
export function toInteger(value: KqlValue): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  const number = toNumber(value);
  return number === null ? null : Math.trunc(number);
}

/** todouble()/toreal(). */
export function toReal(value: KqlValue): number | null {
  return typeof value === "boolean" ? (value ? 1 : 0) : toNumber(value);
}

/** tobool(): "true"/"false" in any case, non-zero numbers are true, anything else is null. */
export function toBool(value: KqlValue): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  const text = typeof value === "string" ? value.trim().toLowerCase() : "";
  return text === "true" ? true : text === "false" ? false : null;
}

/** parse_json()/todynamic(): a string holding JSON becomes that value; any other string stays itself, as KQL keeps it; non-strings are already dynamic. */
export function parseJson(value: KqlValue): KqlValue {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as KqlValue;
  } catch {
    return value;
  }
}

/** isempty(): strings cannot be null in KQL, so "" counts as empty too; an empty array or bag does not. */
export function isEmpty(value: KqlValue): boolean {
  return value === null || value === "";
}

/**
 * KQL `==`. Null against null is null and null against a value is false (so `!=` is then true), as the KQL docs specify.
 * A string against a number or bool compares text, as KQL casts the dynamic side to string; arrays and bags compare as JSON.
 */
export function kqlEquals(left: KqlValue, right: KqlValue): boolean | null {
  if (left === null || right === null) return left === right ? null : false;
  if (typeof left === "string" || typeof right === "string") return toText(left) === toText(right);
  if (typeof left === "object" || typeof right === "object")
    return typeof left === typeof right && JSON.stringify(left) === JSON.stringify(right);
  return left === right;
}

/** The order `<`, `<=`, `>`, `>=` see: strings ordinally, otherwise numbers (numeric strings included); null when either side is null or they cannot be ordered. */
function kqlOrder(left: KqlValue, right: KqlValue): number | null {
  if (left === null || right === null) return null;
  if (typeof left === "string" && typeof right === "string") return left < right ? -1 : left > right ? 1 : 0;
  const a = toNumber(left);
  const b = toNumber(right);
  return a === null || b === null ? null : Math.sign(a - b);
}

const typeRank = (value: NonNullable<KqlValue>): number =>
  typeof value === "boolean" ? 0 : typeof value === "number" ? 1 : typeof value === "string" ? 2 : Array.isArray(value) ? 3 : 4;

/** A total order over non-null values, for sorting, min() and max(): booleans, numbers, strings (ordinal, as KQL sorts them), then arrays and bags by their JSON. */
export function compareOrdered(left: NonNullable<KqlValue>, right: NonNullable<KqlValue>): number {
  if (typeof left === "string" && typeof right === "string") return left < right ? -1 : left > right ? 1 : 0;
  const byType = typeRank(left) - typeRank(right);
  if (byType !== 0) return byType;
  if (typeof left === "number" && typeof right === "number") return left - right;
  const a = toText(left);
  const b = toText(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

const isTermCharacter = (character: string): boolean => /[\p{L}\p{N}]/u.test(character);

/** KQL `has`: `term` occurs as whole terms, a term being a run of letters and digits; "AIPromptEvidence" has "aipromptevidence" but not "prompt". */
function hasTerm(text: string, term: string): boolean {
  if (term === "") return true;
  const startsTerm = isTermCharacter(term.charAt(0));
  const endsTerm = isTermCharacter(term.charAt(term.length - 1));
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const end = at + term.length;
    if ((!startsTerm || !isTermCharacter(text.charAt(at - 1))) && (!endsTerm || !isTermCharacter(text.charAt(end)))) return true;
  }
  return false;
}

/** A binary predicate: true, false, or null when KQL's answer is null (which `where` treats as false). */
export type Comparison = (left: KqlValue, right: KqlValue) => boolean | null;
/** A comparison with its right operand fixed: what a constant operand compiles to, so that its work is done once. */
export type Test = (left: KqlValue) => boolean | null;

const negated =
  (test: Comparison): Comparison =>
  (left, right) => {
    const result = test(left, right);
    return result === null ? null : !result;
  };
const negatedTest =
  (test: Test): Test =>
  (left) => {
    const result = test(left);
    return result === null ? null : !result;
  };
const ordered =
  (accept: (order: number) => boolean): Comparison =>
  (left, right) => {
    const order = kqlOrder(left, right);
    return order === null ? null : accept(order);
  };
const equalsIgnoringCase: Comparison = (left, right) => toText(left).toLowerCase() === toText(right).toLowerCase();

/** `==` against a constant: against text, it is text equality (a null left side is false, as kqlEquals has it). */
function equalsConstant(right: KqlValue): Test {
  if (typeof right !== "string") return (left) => kqlEquals(left, right);
  return (left) => (left === null ? false : typeof left === "string" ? left === right : toText(left) === right);
}

function equalsIgnoringCaseConstant(right: KqlValue): Test {
  const lowered = toText(right).toLowerCase();
  return (left) => equalsLowered(toText(left), lowered);
}

/**
 * text.toLowerCase() === lowered, without building the lowered text while `text` is ASCII (which lowers letter by letter,
 * to the same length); from its first other character on, the lowered text is built after all, since such a character
 * may lower to one of another length (İ) or to ASCII (the Kelvin sign).
 */
export function equalsLowered(text: string, lowered: string): boolean {
  const { length } = text;
  for (let at = 0; at < length; at++) {
    let code = text.charCodeAt(at);
    if (code >= 128) return text.toLowerCase() === lowered;
    if (code >= 65 && code <= 90) code += 32;
    if (code !== lowered.charCodeAt(at)) return false;
  }
  return length === lowered.length;
}

/** The string operators; each also comes negated (`!has`) and case-sensitive (`has_cs`). Plain ones ignore case, as in KQL. */
const textPredicates: Record<string, (text: string, term: string) => boolean> = {
  has: hasTerm,
  contains: (text, term) => text.includes(term),
  startswith: (text, term) => text.startsWith(term),
  endswith: (text, term) => text.endsWith(term),
};

/** A comparison by its KQL spelling, and optionally the same with a constant right operand. */
type ComparisonEntry = readonly [name: string, test: Comparison, againstConstant?: (right: KqlValue) => Test];

/** Each comparison also negated (`!=`, `!has`): the same test, its answer flipped (null stays null). */
function withNegation(name: string, negatedName: string, test: Comparison, againstConstant: (right: KqlValue) => Test): ComparisonEntry[] {
  return [
    [name, test, againstConstant],
    [negatedName, negated(test), (right) => negatedTest(againstConstant(right))],
  ];
}

const comparisonEntries: ComparisonEntry[] = [
  ...withNegation("==", "!=", kqlEquals, equalsConstant),
  ...withNegation("=~", "!~", equalsIgnoringCase, equalsIgnoringCaseConstant),
  ["<", ordered((order) => order < 0)],
  ["<=", ordered((order) => order <= 0)],
  [">", ordered((order) => order > 0)],
  [">=", ordered((order) => order >= 0)],
  ...Object.entries(textPredicates).flatMap(([name, test]) => {
    const ignoringCase: Comparison = (left, right) => test(toText(left).toLowerCase(), toText(right).toLowerCase());
    const ignoringCaseConstant = (right: KqlValue): Test => {
      const term = toText(right).toLowerCase();
      return (left) => test(toText(left).toLowerCase(), term);
    };
    const caseSensitive: Comparison = (left, right) => test(toText(left), toText(right));
    const caseSensitiveConstant = (right: KqlValue): Test => {
      const term = toText(right);
      return (left) => test(toText(left), term);
    };
    return [
      ...withNegation(name, `!${name}`, ignoringCase, ignoringCaseConstant),
      ...withNegation(`${name}_cs`, `!${name}_cs`, caseSensitive, caseSensitiveConstant),
    ];
  }),
];

/** Every comparison operator by its KQL spelling; the parser binds them, so an operator it does not find here is not supported. */
export const comparisons: ReadonlyMap<string, Comparison> = new Map(comparisonEntries.map(([name, test]) => [name, test]));

/** For a comparison, how to compile it with a constant right operand; a comparison without an entry takes both per row. */
export const comparisonsAgainstConstant: ReadonlyMap<Comparison, (right: KqlValue) => Test> = new Map(
  comparisonEntries.flatMap(([, test, againstConstant]) => (againstConstant ? [[test, againstConstant] as const] : [])),
);
