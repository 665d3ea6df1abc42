// The scalar and aggregation functions this emulator supports; a function not listed here is reported as unsupported.

import { resultName, type Expression } from "./ast";
import type { Evaluator } from "./scalar";
import {
  compareOrdered,
  isBag,
  isEmpty,
  parseJson,
  setField,
  toBool,
  toInteger,
  toNumber,
  toReal,
  toText,
  type Bag,
  type KqlValue,
} from "./values";

export interface ScalarFunction {
  /** The parameter list, quoted in error messages. */
  readonly parameters: string;
  accepts(argumentCount: number): boolean;
  /** Conversions keep their argument's column name when unnamed, as KQL does: `project tostring(x)` makes a column x. */
  readonly keepsArgumentName: boolean;
  apply(args: readonly KqlValue[]): KqlValue;
  /** The call compiled over its arguments' evaluators, where that spares building an argument list for every row. */
  compile?(args: readonly Evaluator[]): Evaluator;
}

// KQL caps variadic functions such as strcat() at 64 arguments.
const maxArguments = 64;

function unary(apply: (value: KqlValue) => KqlValue, keepsArgumentName = false): ScalarFunction {
  return {
    parameters: "value",
    accepts: (count) => count === 1,
    keepsArgumentName,
    apply: (args) => apply(args[0] ?? null),
    compile:
      ([argument = () => null]) =>
      (row) =>
        apply(argument(row)),
  };
}

function variadic(parameters: string, minimum: number, apply: ScalarFunction["apply"]): ScalarFunction {
  return { parameters, accepts: (count) => count >= minimum && count <= maxArguments, keepsArgumentName: false, apply };
}

const conditional: ScalarFunction = {
  parameters: "predicate, ifTrue, ifFalse",
  accepts: (count) => count === 3,
  keepsArgumentName: false,
  apply: ([predicate, ifTrue, ifFalse]) => (predicate === true ? ifTrue : ifFalse) ?? null,
  // Evaluates only the branch taken: evaluation has no side effects, so skipping the other changes nothing.
  compile:
    ([predicate = () => null, ifTrue = () => null, ifFalse = () => null]) =>
    (row) =>
      predicate(row) === true ? ifTrue(row) : ifFalse(row),
};

const firstMatchingCase: ScalarFunction = {
  parameters: "predicate1, then1, [predicate2, then2, …,] else",
  accepts: (count) => count >= 3 && count % 2 === 1,
  keepsArgumentName: false,
  apply: (args) => {
    for (let at = 0; at + 1 < args.length; at += 2) if (args[at] === true) return args[at + 1] ?? null;
    return args.at(-1) ?? null;
  },
};

const split: ScalarFunction = {
  parameters: "text, delimiter [, index]",
  accepts: (count) => count === 2 || count === 3,
  keepsArgumentName: false,
  apply: ([text = null, delimiter = null, index]) => {
    const parts = toText(text).split(toText(delimiter));
    if (index === undefined) return parts;
    // With an index KQL still returns an array: of that one part, or empty when there is no such part.
    const position = toInteger(index);
    const part = position === null || position < 0 ? undefined : parts[position];
    return part === undefined ? [] : [part];
  },
};

const conversions: Record<string, (value: KqlValue) => KqlValue> = {
  tostring: toText,
  toint: toInteger,
  tolong: toInteger,
  todouble: toReal,
  toreal: toReal,
  tobool: toBool,
  toboolean: toBool,
  todynamic: parseJson,
  parse_json: parseJson,
};

export const scalarFunctions: ReadonlyMap<string, ScalarFunction> = new Map<string, ScalarFunction>([
  ...Object.entries(conversions).map(([name, convert]) => [name, unary(convert, true)] as const),
  ["tolower", unary((value) => toText(value).toLowerCase())],
  ["toupper", unary((value) => toText(value).toUpperCase())],
  ["isempty", unary(isEmpty)],
  ["isnotempty", unary((value) => !isEmpty(value))],
  ["isnull", unary((value) => value === null)],
  ["isnotnull", unary((value) => value !== null)],
  ["not", unary((value) => (typeof value === "boolean" ? !value : null))],
  ["array_length", unary((value) => (Array.isArray(value) ? value.length : null))],
  ["bag_keys", unary((value) => (isBag(value) ? Object.keys(value) : null))],
  ["iff", conditional],
  ["iif", conditional],
  ["case", firstMatchingCase],
  // KQL's coalesce() skips empty strings as well as nulls, since a string cannot be null.
  ["coalesce", variadic("value1, value2, …", 2, (args) => args.find((value) => !isEmpty(value)) ?? args.at(-1) ?? null)],
  ["strcat", variadic("value1, value2, …", 1, (args) => args.map(toText).join(""))],
  ["split", split],
]);

/** One group's running aggregation, fed the value of the aggregation's argument for each row. */
export interface Accumulator {
  add(value: KqlValue): void;
  result(): KqlValue;
}

export interface AggregateFunction {
  readonly parameters: string;
  accepts(argumentCount: number): boolean;
  /** The column KQL names an unnamed aggregation (Kusto.Language's result name prefixes): count() is count_, make_list(x) is list_x. */
  columnName(args: readonly Expression[]): string;
  /** Starts a group; `limit` caps the values make_list(), make_set() and make_bag() keep, their optional second argument. */
  start(limit: number): Accumulator;
}

/** Most aggregations name their column `prefix_argument`, the argument part empty unless the argument has a name of its own: count_, list_name. */
const prefixed =
  (prefix: string) =>
  (args: readonly Expression[]): string => {
    const argument = args[0];
    return `${prefix}_${argument ? (resultName(argument) ?? "") : ""}`;
  };

function aggregate(
  parameters: string,
  [minimum, maximum]: [number, number],
  columnName: AggregateFunction["columnName"],
  start: AggregateFunction["start"],
) {
  return { parameters, accepts: (count: number) => count >= minimum && count <= maximum, columnName, start };
}

// Accumulators use method syntax: tsx's esbuild keeps function names by wrapping each named arrow function as it is created, which would cost every group.

/** count() counts rows, countif(predicate) the rows where it is true. */
const counting = (accept: (value: KqlValue) => boolean) => (): Accumulator => {
  let count = 0;
  return {
    add(value) {
      if (accept(value)) count++;
    },
    result() {
      return count;
    },
  };
};

function sum(): Accumulator {
  let total: number | null = null; // null until a number arrives: a group of nulls sums to null
  return {
    add(value) {
      const number = toNumber(value);
      if (number !== null) total = (total ?? 0) + number;
    },
    result() {
      return total;
    },
  };
}

const extreme = (sign: 1 | -1) => (): Accumulator => {
  let best: KqlValue = null;
  return {
    add(value) {
      if (value !== null && (best === null || sign * compareOrdered(value, best) > 0)) best = value;
    },
    result() {
      return best;
    },
  };
};

/** make_list() and make_set() keep non-null values in arrival order, make_set() each value once; dcount() counts make_set()'s values. */
const collecting =
  (unique: boolean, finish: (values: KqlValue[]) => KqlValue) =>
  (limit: number): Accumulator => {
    const values: KqlValue[] = [];
    const seen = new Set<string>();
    return {
      add(value) {
        if (value === null || values.length >= limit) return;
        if (unique) {
          const key = JSON.stringify(value);
          if (seen.has(key)) return;
          seen.add(key);
        }
        values.push(value);
      },
      result() {
        return finish(values);
      },
    };
  };

/** make_bag(): the union of the bags; where two share a key KQL picks either value, and this picks the first. Non-bags are ignored. */
function makeBag(limit: number): Accumulator {
  const bag: Bag = {};
  let size = 0;
  return {
    add(value) {
      if (!isBag(value)) return;
      for (const [key, property] of Object.entries(value)) {
        if (size >= limit || Object.hasOwn(bag, key)) continue;
        setField(bag, key, property);
        size++;
      }
    },
    result() {
      return bag;
    },
  };
}

/** take_any()/any(): KQL returns a non-empty value when the group has one, so `any(iff(p, x, ""))` finds the x. */
function takeAny(): Accumulator {
  let chosen: KqlValue | undefined;
  let first: KqlValue | undefined;
  return {
    add(value) {
      if (chosen === undefined && !isEmpty(value)) chosen = value;
      first ??= value;
    },
    result() {
      return chosen ?? first ?? null;
    },
  };
}

const count = counting(() => true);
const countIf = counting((value) => value === true);
const makeList = collecting(false, (values) => values);
const makeSet = collecting(true, (values) => values);
// dcount()'s optional accuracy argument only tunes KQL's estimate; this count is exact, and that argument no limit.
const distinctCount = (): Accumulator => collecting(true, (values) => values.length)(Infinity);

export const aggregateFunctions: ReadonlyMap<string, AggregateFunction> = new Map([
  ["count", aggregate("", [0, 0], prefixed("count"), count)],
  ["countif", aggregate("predicate", [1, 1], prefixed("countif"), countIf)],
  ["sum", aggregate("value", [1, 1], prefixed("sum"), sum)],
  ["min", aggregate("value", [1, 1], prefixed("min"), extreme(-1))],
  ["max", aggregate("value", [1, 1], prefixed("max"), extreme(1))],
  ["dcount", aggregate("value [, accuracy]", [1, 2], prefixed("dcount"), distinctCount)],
  ["make_list", aggregate("value [, maxSize]", [1, 2], prefixed("list"), makeList)],
  ["make_set", aggregate("value [, maxSize]", [1, 2], prefixed("set"), makeSet)],
  ["make_bag", aggregate("bag [, maxSize]", [1, 2], prefixed("bag"), makeBag)],
  ["any", aggregate("value", [1, 1], prefixed("any"), takeAny)],
  // Unlike the deprecated any(), take_any(x) keeps x's own name; an expression without one becomes any_arg0.
  ["take_any", aggregate("value", [1, 1], (args) => (args[0] && resultName(args[0])) ?? "any_arg0", takeAny)],
]);
