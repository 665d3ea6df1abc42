// Runs the tabular operators. Each is compiled once per query into a step from one table to the next.

import { resultName, type AggregateCall, type JoinOperator, type NamedExpression, type Operator, type Pipeline, type SortKey } from "./ast";
import { KqlError } from "./errors";
import type { Accumulator } from "./functions";
import { compileScalar, type Evaluator } from "./scalar";
import { compareOrdered, field, isBag, pick, setField, type Bag, type KqlValue, type Row } from "./values";

/** A table between operators: its columns in order, and rows whose keys are among them (a missing key reads as null). */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: Row[];
  /** The rows were built by this query, holding exactly the columns in order, so they need no copying before they are returned. */
  readonly fresh: boolean;
}
/** A table's rows by lower-cased name; undefined when there is no such table. */
export type TableLookup = (name: string) => readonly Row[] | undefined;
type Step = (input: Table, lookup: TableLookup) => Table;

export function compilePipeline({ table, operators }: Pipeline): (lookup: TableLookup) => Table {
  const steps = operators.map(compileOperator);
  return (lookup) => steps.reduce((input, step) => step(input, lookup), scan(table, lookup));
}

function scan(name: string, lookup: TableLookup): Table {
  const rows = lookup(name);
  // Resource Graph's own code and wording, then ours.
  const message = `Table ${name} is invalid, unsupported or disallowed: this emulator's Resource Graph has no such table.`;
  if (!rows) throw new KqlError("DisallowedLogicalTableName", message, name);
  // The emulator's tables are schemaless JSON, so a table's columns are the keys its rows have, in first-seen order.
  const columns = new Set<string>();
  for (const row of rows) for (const key in row) columns.add(key);
  return { columns: [...columns], rows: [...rows], fresh: false };
}

function compileOperator(operator: Operator): Step {
  switch (operator.kind) {
    case "where": {
      const test = compileScalar(operator.predicate);
      return (input) => ({ ...input, rows: input.rows.filter((row) => test(row) === true) });
    }
    case "project":
      return project(operator.columns);
    case "project-away": {
      const removed = new Set(operator.columns);
      return (input) => {
        const columns = input.columns.filter((column) => !removed.has(column));
        return { columns, rows: input.rows.map((row) => pick(row, columns)), fresh: true };
      };
    }
    case "extend":
      return extend(operator.columns);
    case "mv-expand":
      return mvExpand(operator.columns);
    case "summarize":
      return summarize(operator.aggregates, operator.by);
    case "join":
      return join(operator);
    case "sort": {
      const order = compileSort(operator.keys);
      return (input) => ({ ...input, rows: order(input.rows) });
    }
    case "top": {
      const order = compileSort([operator.key]);
      const { count } = operator;
      return (input) => ({ ...input, rows: order(input.rows).slice(0, count) });
    }
    case "take": {
      const { count } = operator;
      return (input) => ({ ...input, rows: input.rows.slice(0, count) });
    }
    case "count":
      return (input) => ({ columns: ["Count"], rows: [{ Count: input.rows.length }], fresh: true });
    case "distinct":
      return distinct(operator.columns);
  }
}

interface ComputedColumn {
  readonly name: string;
  readonly evaluate: Evaluator;
}

/**
 * Compiles `name = expression` lists. An unnamed expression KQL cannot name after itself becomes Column1, Column2, …,
 * skipping names already taken; which are taken depends on the input table, so the names are settled per run.
 */
function compileColumns(columns: readonly NamedExpression[]): (taken: readonly string[]) => ComputedColumn[] {
  const pending = columns.map(({ name, expression }) => ({
    declared: name ?? resultName(expression),
    evaluate: compileScalar(expression),
  }));
  return (existing) => {
    const taken = new Set([...existing, ...pending.flatMap(({ declared }) => declared ?? [])]);
    let next = 1;
    return pending.map(({ declared, evaluate }) => {
      if (declared !== undefined) return { name: declared, evaluate };
      while (taken.has(`Column${next}`)) next++;
      const name = `Column${next}`;
      taken.add(name);
      return { name, evaluate };
    });
  };
}

/** The columns after extend or mv-expand: a reused name keeps its place, a new one goes last. */
function withColumns(columns: readonly string[], added: readonly ComputedColumn[]): string[] {
  return [...new Set([...columns, ...added.map(({ name }) => name)])];
}

function project(columns: readonly NamedExpression[]): Step {
  const named = compileColumns(columns);
  return (input) => {
    const computed = named([]);
    const rows = input.rows.map((row) => {
      const projected: Row = {};
      for (const { name, evaluate } of computed) setField(projected, name, evaluate(row));
      return projected;
    });
    return { columns: computed.map(({ name }) => name), rows, fresh: true };
  };
}

function extend(columns: readonly NamedExpression[]): Step {
  const named = compileColumns(columns);
  return (input) => {
    const computed = named(input.columns);
    const rows = input.rows.map((row) => {
      const extended = pick(row, input.columns);
      // Evaluated against the row being built, so a later column can use an earlier one: extend a = 1, b = a + 1.
      for (const { name, evaluate } of computed) setField(extended, name, evaluate(extended));
      return extended;
    });
    return { columns: withColumns(input.columns, computed), rows, fresh: true };
  };
}

/** The values mv-expand spreads over rows: an array's elements, a bag's properties as one-property bags, and any other value once, null included. */
function expansionOf(value: KqlValue): readonly KqlValue[] {
  if (Array.isArray(value)) return value;
  if (!isBag(value)) return [value];
  return Object.entries(value).map(([key, property]) => {
    const single: Bag = {};
    setField(single, key, property);
    return single;
  });
}

/** Expands in parallel: a row yields as many rows as its longest expansion, shorter ones padded with null; an empty array or bag yields none. */
function mvExpand(columns: readonly NamedExpression[]): Step {
  const named = compileColumns(columns);
  return (input) => {
    const computed = named(input.columns);
    const rows: Row[] = [];
    for (const row of input.rows) {
      const expansions = computed.map(({ name, evaluate }) => ({ name, values: expansionOf(evaluate(row)) }));
      const count = Math.max(...expansions.map(({ values }) => values.length));
      for (let index = 0; index < count; index++) {
        const expanded = pick(row, input.columns);
        for (const { name, values } of expansions) setField(expanded, name, values[index] ?? null);
        rows.push(expanded);
      }
    }
    return { columns: withColumns(input.columns, computed), rows, fresh: true };
  };
}

interface Group {
  readonly keys: readonly KqlValue[];
  readonly aggregations: readonly { readonly name: string; readonly value: Evaluator; readonly accumulator: Accumulator }[];
}

function summarize(aggregates: readonly AggregateCall[], by: readonly NamedExpression[]): Step {
  const groupBy = compileColumns(by);
  const aggregations = aggregates.map(({ name, aggregate, args }) => {
    const [value = () => null, limit] = args.map(compileScalar);
    // A size limit is a constant, so any row will do to evaluate it.
    const cap = limit?.({}) ?? null;
    return { name: name ?? aggregate.columnName(args), value, start: () => aggregate.start(typeof cap === "number" ? cap : Infinity) };
  });
  const open = (keys: readonly KqlValue[]): Group => ({
    keys,
    aggregations: aggregations.map(({ name, value, start }) => ({ name, value, accumulator: start() })),
  });
  return (input) => {
    const keyColumns = groupBy([]);
    const groups = new Map<unknown, Group>();
    for (const row of input.rows) {
      const keys = keyColumns.map(({ evaluate }) => evaluate(row));
      const id = tupleKey(keys);
      let group = groups.get(id);
      if (!group) groups.set(id, (group = open(keys)));
      for (const { value, accumulator } of group.aggregations) accumulator.add(value(row));
    }
    // Without by, summarize returns exactly one row, even over no rows: count() is then 0.
    if (keyColumns.length === 0 && groups.size === 0) groups.set(tupleKey([]), open([]));
    const rows = [...groups.values()].map(({ keys, aggregations: results }) => {
      const row: Row = {};
      keyColumns.forEach(({ name }, index) => setField(row, name, keys[index] ?? null));
      for (const { name, accumulator } of results) setField(row, name, accumulator.result());
      return row;
    });
    // Group-by columns first, then the aggregations, as KQL lays them out.
    const columns = [...keyColumns.map(({ name }) => name), ...aggregations.map(({ name }) => name)];
    return { columns, rows, fresh: true };
  };
}

/**
 * A Map key for a tuple of values, equal for equal tuples. A lone number, bool, null or string is its own key (Map tells
 * "1" from 1), which spares the JSON for the common single-column group or join; other tuples are their JSON, which
 * starts with "[", and a lone string that does too goes the JSON way, so the two kinds of key never meet.
 */
function tupleKey(values: readonly KqlValue[]): unknown {
  const [first] = values;
  const alone = values.length === 1 && (typeof first === "string" ? !first.startsWith("[") : typeof first !== "object" || first === null);
  return alone ? first : JSON.stringify(values);
}

/** The key a row joins on; undefined when part of it is null, since null matches nothing in a join. */
function joinKey(row: Row, columns: readonly string[]): unknown {
  const values = columns.map((column) => field(row, column));
  return values.includes(null) ? undefined : tupleKey(values);
}

/** A hash join: the right side is indexed by key once, then each left row looks its matches up, in right-side order. */
function join({ join: kind, right, on }: JoinOperator): Step {
  const runRight = compilePipeline(right);
  const leftColumns = on.map((condition) => condition.left);
  const rightColumns = on.map((condition) => condition.right);
  return (input, lookup) => {
    const other = runRight(lookup);
    const index = new Map<unknown, Row[]>();
    for (const row of other.rows) {
      const key = joinKey(row, rightColumns);
      if (key === undefined) continue;
      const bucket = index.get(key);
      if (bucket) bucket.push(row);
      else index.set(key, [row]);
    }
    // A right-side column named like one already present gets a number, as in KQL: subscriptionId becomes subscriptionId1.
    const taken = new Set(input.columns);
    const renamed = other.columns.map((column) => {
      let name = column;
      for (let suffix = 1; taken.has(name); suffix++) name = `${column}${suffix}`;
      taken.add(name);
      return { column, name };
    });
    const joined = (left: Row, match: Row | undefined): Row => {
      const row = pick(left, input.columns);
      for (const { column, name } of renamed) setField(row, name, match ? field(match, column) : null);
      return row;
    };
    const rows: Row[] = [];
    for (const row of input.rows) {
      const key = joinKey(row, leftColumns);
      const matches = key === undefined ? undefined : index.get(key);
      if (matches) for (const match of matches) rows.push(joined(row, match));
      else if (kind === "leftouter") rows.push(joined(row, undefined));
    }
    return { columns: [...input.columns, ...renamed.map(({ name }) => name)], rows, fresh: true };
  };
}

interface Keyed {
  readonly row: Row;
  readonly keys: readonly KqlValue[];
}

/** A stable sort on precomputed keys; nulls go first or last as each key says, whatever its direction. */
function compileSort(keys: readonly SortKey[]): (rows: readonly Row[]) => Row[] {
  const evaluators = keys.map(({ expression }) => compileScalar(expression));
  const comparators = keys.map(({ descending, nullsFirst }, index) => (a: Keyed, b: Keyed): number => {
    const left = a.keys[index] ?? null;
    const right = b.keys[index] ?? null;
    if (left === null || right === null) return left === right ? 0 : (left === null) === nullsFirst ? -1 : 1;
    return (descending ? -1 : 1) * compareOrdered(left, right);
  });
  return (rows) =>
    rows
      .map((row) => ({ row, keys: evaluators.map((evaluate) => evaluate(row)) }))
      .sort((a, b) => {
        for (const compare of comparators) {
          const order = compare(a, b);
          if (order !== 0) return order;
        }
        return 0;
      })
      .map(({ row }) => row);
}

function distinct(columns: readonly string[] | "*"): Step {
  return (input) => {
    const kept = columns === "*" ? input.columns : columns;
    const seen = new Set<unknown>();
    const rows = input.rows.filter((row) => {
      const id = tupleKey(kept.map((column) => field(row, column)));
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    return { columns: kept, rows: rows.map((row) => pick(row, kept)), fresh: true };
  };
}
