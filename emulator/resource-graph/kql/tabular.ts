// Runs the tabular operators. Each is compiled once per query. A run plans each for its input's columns, works out
// which columns every operator's output must hold (those read after it), then streams the rows through them one at a
// time, so that only what an operator must keep (groups, rows to sort) outlives a row.
// Rows start as the table's own objects. An operator that builds rows builds lists of values: objects whose keys are
// only known at run time are slow to build in V8 (each key added is a generic store, and an object given many keys so
// may turn into a dictionary), lists are not; and a built row holds only the columns read after it. The result's rows
// become objects at the end (runToRows).

import { resultName, type AggregateCall, type JoinOperator, type NamedExpression, type Operator, type Pipeline, type SortKey } from "./ast";
import { KqlError } from "./errors";
import type { Accumulator } from "./functions";
import { addColumnsRead, compileScalar, constantValue, type ColumnReader, type Evaluator, type RowData } from "./scalar";
import { compareOrdered, fieldReader, isBag, pick, setField, type Bag, type KqlValue, type Row } from "./values";

/** A table's rows by lower-cased name; undefined when there is no such table. */
export type TableLookup = (name: string) => readonly Row[] | undefined;

/** A table as read, with its columns: the keys its rows have, in first-seen order. */
export interface Table {
  readonly columns: readonly string[];
  /** The caller's own array and objects, never written to. */
  readonly rows: readonly Row[];
  /** Every row has exactly the columns as its own keys, in order (so its values can be listed without naming them). */
  readonly exact: boolean;
}
/** A table, read, by lower-cased name. */
export type TableSource = (name: string) => Table;

type Names = ReadonlySet<string>;

/** The rows between two operators. */
interface Shape {
  /** The columns, as KQL sees them. */
  readonly columns: readonly string[];
  /**
   * For rows this query built, lists of values: the place of each column a row holds. A column read by no later
   * operator may be left out (it would read as null). Undefined while the rows are still the table's own objects.
   */
  readonly layout: ReadonlyMap<string, number> | undefined;
  /** Of the table's own objects: Table.exact. */
  readonly exact: boolean;
}
interface BuiltShape extends Shape {
  readonly layout: ReadonlyMap<string, number>;
  /** The length of each row. */
  readonly width: number;
}

/** The rows a pipeline yields, in the form its Shape says. */
export interface Result {
  readonly shape: Shape;
  readonly rows: readonly RowData[];
}

/** Takes rows one at a time, in order, then end() once. */
interface Consumer {
  push(row: RowData): void;
  end(): void;
  /** Whether it holds on to rows past push(); if not, the rows it is given may be one list, rewritten for each. */
  readonly keeps: boolean;
}
/** An operator set up for one run: the shape of its output, and how it passes rows on. */
interface Stage {
  readonly shape: Shape;
  /** The consumer of this operator's input, feeding its output to `next`. */
  connect(next: Consumer): Consumer;
}
/** An operator planned for its input's columns. */
interface Plan {
  /** The output's columns. */
  readonly columns: readonly string[];
  /** The input columns it reads when these of its output columns are read after it. */
  reads(needed: Names): Names;
  /** Sets it up for its input's rows, to yield rows holding (at least) the needed columns. */
  build(input: Shape, needed: Names): Stage;
}
type Operation = (columns: readonly string[], source: TableSource) => Plan;

/** A pipeline planned for one run: its columns, known once its tables are read, and a way to run it. */
export interface PipelinePlan {
  readonly columns: readonly string[];
  /** Runs it; the rows hold at least the needed columns. */
  run(needed: Names): Result;
}

export function compilePipeline({ table, operators }: Pipeline): (source: TableSource) => PipelinePlan {
  const operations = operators.map(compileOperator);
  return (source) => {
    const scanned = source(table);
    let columns = scanned.columns;
    const plans = operations.map((operation) => {
      const plan = operation(columns, source);
      columns = plan.columns;
      return plan;
    });
    return {
      columns,
      run: (needed) => {
        // neededBy[i]: the columns operator i's input must hold; the last entry is what the pipeline's output must.
        const neededBy = plans.reduceRight<Names[]>((after, plan) => [plan.reads(after[0] ?? needed), ...after], [needed]);
        let shape: Shape = { columns: scanned.columns, layout: undefined, exact: scanned.exact };
        const stages = plans.map((plan, at) => {
          const stage = plan.build(shape, neededBy[at + 1] ?? needed);
          shape = stage.shape;
          return stage;
        });
        const rows: RowData[] = [];
        const collect: Consumer = {
          push: (row) => {
            rows.push(row);
          },
          end: () => undefined,
          keeps: true,
        };
        const first = stages.reduceRight((next, stage) => stage.connect(next), collect);
        for (const row of scanned.rows) first.push(row);
        first.end();
        return { shape, rows };
      },
    };
  };
}

/** Runs a pipeline, its rows as fresh objects holding every column in column order. */
export function runToRows(plan: PipelinePlan): Row[] {
  const { shape, rows } = plan.run(new Set(plan.columns));
  const { columns, layout, exact } = shape;
  if (!layout) return rows.map(exact ? (row) => copyExact(row as Row, columns) : (row) => pick(row as Row, columns));
  const places = columns.map((column) => layout.get(column) ?? -1);
  return rows.map((row) => {
    const values = row as readonly KqlValue[];
    const object: Row = {};
    for (let at = 0; at < columns.length; at++) {
      const place = places[at] ?? -1;
      setField(object, columns[at] ?? "", place < 0 ? null : (values[place] ?? null));
    }
    return object;
  });
}

/** pick(row, columns) of a row whose keys are the columns in order: a plain copy, unless a value would read as null. */
function copyExact(row: Row, columns: readonly string[]): Row {
  const copy = { ...row };
  for (const key in copy) if (isMissing(copy[key])) return pick(row, columns);
  return copy;
}

/** A value field() reads as null (see there): in a table's rows, it should not occur. */
const isMissing = (value: unknown): boolean => value === undefined || typeof value === "function";

/** One run's tables: each is looked up and read once, however often the query reads it (join often reads one twice). */
export function tableSource(lookup: TableLookup): TableSource {
  const read = new Map<string, Table>();
  return (name) => {
    let table = read.get(name);
    if (!table) read.set(name, (table = scan(name, lookup)));
    return table;
  };
}

const declaredColumns = new WeakMap<readonly Row[], readonly string[]>();

/**
 * Declares that every row has exactly these keys, in this order, as when all are built by one object literal: the
 * engine then takes the columns from here rather than reading every row's keys. Returns the rows.
 */
export function declareColumns<Rows extends readonly Row[]>(rows: Rows, columns: readonly string[]): Rows {
  declaredColumns.set(rows, columns);
  return rows;
}

function scan(name: string, lookup: TableLookup): Table {
  const rows = lookup(name);
  // Resource Graph's own code and wording, then ours.
  const message = `Table ${name} is invalid, unsupported or disallowed: this emulator's Resource Graph has no such table.`;
  if (!rows) throw new KqlError("DisallowedLogicalTableName", message, name);
  const declared = declaredColumns.get(rows);
  if (declared) return { columns: declared, rows, exact: true };
  // The emulator's tables are schemaless JSON, so a table's columns are the keys its rows have, in first-seen order.
  const columns: string[] = [];
  const seen = new Set<string>();
  let exact = true;
  let fewestKeys = Infinity;
  for (const row of rows) {
    let at = 0;
    for (const key in row) {
      // A table's rows mostly share one key order: a key found in its place needs no set lookup.
      if (key !== columns[at]) {
        if (seen.has(key)) exact = false;
        else {
          if (at !== columns.length) exact = false;
          seen.add(key);
          columns.push(key);
        }
      }
      at++;
    }
    if (at < fewestKeys) fewestKeys = at;
  }
  return { columns, rows, exact: exact && (rows.length === 0 || fewestKeys === columns.length) };
}

const union = (names: Names, more: Iterable<string>): Names => new Set([...names, ...more]);

function columnsRead(expressions: Iterable<NamedExpression["expression"]>): Names {
  const read = new Set<string>();
  for (const expression of expressions) addColumnsRead(expression, read);
  return read;
}

/** Rows this query builds with these columns, holding `held` (each name once, in this order). */
function built(columns: readonly string[], held: Iterable<string> = columns): BuiltShape {
  const layout = new Map<string, number>();
  for (const name of held) if (!layout.has(name)) layout.set(name, layout.size);
  return { columns, layout, exact: false, width: layout.size };
}

function placeOf(shape: BuiltShape, name: string): number {
  const at = shape.layout.get(name);
  if (at === undefined) throw new Error(`The engine left out column ${name}, which it reads`);
  return at;
}

/** Reads columns from rows of this shape; a column it lacks reads as null. */
function reader({ layout }: Shape): ColumnReader {
  if (!layout) return (name) => fieldReader(name) as Evaluator;
  return (name) => {
    const at = layout.get(name);
    return at === undefined ? () => null : (row) => (row as readonly KqlValue[])[at] ?? null;
  };
}

/**
 * Starts a built row of `width` places (a new list, or `into`, every place rewritten): `kept`, distinct columns of the
 * input, in its first places, the rest null.
 */
function starter(input: Shape, kept: readonly string[], width: number): (row: RowData, into?: KqlValue[]) => KqlValue[] {
  const count = kept.length;
  const filled = (values: KqlValue[]) => {
    for (let at = count; at < width; at++) values[at] = null;
    return values;
  };
  const { layout } = input;
  if (!layout) {
    if (input.exact && kept.length === input.columns.length && kept.every((column, at) => column === input.columns[at]))
      return (row, into) => {
        // Every row has exactly these keys, in this order.
        const object = row as Row;
        const values = into ?? new Array<KqlValue>(width);
        let at = 0;
        for (const key in object) {
          const value: unknown = object[key];
          values[at++] = isMissing(value) ? null : (value as KqlValue);
        }
        return filled(values);
      };
    const reads = kept.map(reader(input));
    return (row, into) => {
      const values = into ?? new Array<KqlValue>(width);
      let at = 0;
      for (const read of reads) values[at++] = read(row);
      return filled(values);
    };
  }
  const places = kept.map((column) => layout.get(column) ?? -1);
  return (row, into) => {
    const source = row as readonly KqlValue[];
    const values = into ?? new Array<KqlValue>(width);
    let at = 0;
    for (const place of places) values[at++] = place < 0 ? null : (source[place] ?? null);
    return filled(values);
  };
}

/** An operator that handles each row as it comes: passing it on (or not) if `passes`, otherwise building rows from it. */
function streaming(shape: Shape, handle: (next: Consumer) => (row: RowData) => void, passes = false): Stage {
  return {
    shape,
    connect: (next) => ({
      push: handle(next),
      end: () => {
        next.end();
      },
      keeps: passes && next.keeps,
    }),
  };
}

/** An operator that needs all its input before it passes any row on. */
function blocking(shape: Shape, finish: (rows: RowData[]) => readonly RowData[]): Stage {
  return {
    shape,
    connect: (next) => {
      const rows: RowData[] = [];
      return {
        push: (row) => {
          rows.push(row);
        },
        end: () => {
          for (const row of finish(rows)) next.push(row);
          next.end();
        },
        keeps: true,
      };
    },
  };
}

/** An operator whose rows are its input's (some of them, or reordered). */
function passing(read: Names, build: (input: Shape) => Stage): Operation {
  return (columns) => ({ columns, reads: (needed) => union(needed, read), build });
}

function compileOperator(operator: Operator): Operation {
  switch (operator.kind) {
    case "where": {
      const { predicate } = operator;
      return passing(columnsRead([predicate]), (input) => {
        const test = compileScalar(predicate, reader(input));
        return streaming(
          input,
          (next) => (row) => {
            if (test(row) === true) next.push(row);
          },
          true,
        );
      });
    }
    case "project":
      return project(operator.columns);
    case "project-away": {
      const removed = new Set(operator.columns);
      return (columns) => {
        const kept = columns.filter((column) => !removed.has(column));
        const keptOnly = (needed: Names) => new Set(kept.filter((column) => needed.has(column)));
        return {
          columns: kept,
          reads: keptOnly,
          build: (input, needed) => {
            const held = [...keptOnly(needed)];
            const shape = built(kept, held);
            const start = starter(input, held, shape.width);
            return streaming(shape, (next) => (row) => {
              next.push(start(row));
            });
          },
        };
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
      const { keys } = operator;
      return passing(columnsRead(keys.map(({ expression }) => expression)), (input) => blocking(input, compileSort(keys, reader(input))));
    }
    case "top": {
      const { key, count } = operator;
      return passing(columnsRead([key.expression]), (input) => {
        const order = compileSort([key], reader(input));
        return blocking(input, (rows) => order(rows).slice(0, count));
      });
    }
    case "take": {
      const { count } = operator;
      return passing(new Set(), (input) => ({
        shape: input,
        connect: (next) => {
          let taken = 0;
          return {
            push: (row) => {
              if (taken < count) {
                taken++;
                next.push(row);
              }
            },
            end: () => {
              next.end();
            },
            keeps: next.keeps,
          };
        },
      }));
    }
    case "count":
      return () => ({
        columns: ["Count"],
        reads: () => new Set(),
        build: () => ({
          shape: built(["Count"]),
          connect: (next) => {
            let count = 0;
            return {
              push: () => {
                count++;
              },
              end: () => {
                next.push([count]);
                next.end();
              },
              keeps: false,
            };
          },
        }),
      });
    case "distinct":
      return distinct(operator.columns);
  }
}

interface NamedColumn {
  readonly name: string;
  readonly expression: NamedExpression["expression"];
}

/**
 * Names `name = expression` lists. An unnamed expression KQL cannot name after itself becomes Column1, Column2, …,
 * skipping names already taken; which are taken depends on the input table, so the names are settled per run.
 */
function nameColumns(columns: readonly NamedExpression[]): (taken: readonly string[]) => NamedColumn[] {
  const pending = columns.map(({ name, expression }) => ({ declared: name ?? resultName(expression), expression }));
  return (existing) => {
    const taken = new Set([...existing, ...pending.flatMap(({ declared }) => declared ?? [])]);
    let next = 1;
    return pending.map(({ declared, expression }) => {
      if (declared !== undefined) return { name: declared, expression };
      while (taken.has(`Column${next}`)) next++;
      const name = `Column${next}`;
      taken.add(name);
      return { name, expression };
    });
  };
}

function project(columns: readonly NamedExpression[]): Operation {
  const named = nameColumns(columns);
  const read = columnsRead(columns.map(({ expression }) => expression));
  return () => {
    const computed = named([]);
    const names = computed.map(({ name }) => name);
    return {
      columns: names,
      reads: () => read,
      build: (input) => {
        const column = reader(input);
        const shape = built(names);
        const { width } = shape;
        // A name given twice holds the later value, as setting an object's key twice would.
        const evaluators = computed.map(({ name, expression }) => ({
          at: placeOf(shape, name),
          evaluate: compileScalar(expression, column),
        }));
        return streaming(shape, (next) => (row) => {
          const values = new Array<KqlValue>(width);
          for (const { at, evaluate } of evaluators) values[at] = evaluate(row);
          next.push(values);
        });
      },
    };
  };
}

/** A computed column of extend or mv-expand: where it goes in the row being built, and how its value is worked out. */
interface ComputedColumn {
  readonly at: number;
  readonly evaluate: Evaluator;
}

/**
 * extend and mv-expand: the input's columns, then the computed ones (a reused name keeps its place, a new one goes
 * last). A row holds the input columns needed after it or computed anew (and, for extend, those its expressions
 * read), then the computed ones. `perRow` turns each input row into output rows, given the computed columns and
 * `start`, which makes an output row holding the input row's kept columns.
 */
function widening(
  columns: readonly NamedExpression[],
  evaluatedOnOutput: boolean,
  perRow: (computed: readonly ComputedColumn[], start: (row: RowData) => KqlValue[], next: Consumer) => (row: RowData) => void,
): Operation {
  const named = nameColumns(columns);
  const read = columnsRead(columns.map(({ expression }) => expression));
  return (inputColumns) => {
    const computed = named(inputColumns);
    const names = new Set(computed.map(({ name }) => name));
    return {
      columns: [...new Set([...inputColumns, ...names])],
      reads: (needed) => union(new Set([...needed].filter((column) => !names.has(column))), read),
      build: (input, needed) => {
        // extend evaluates against the row being built, so what its expressions read must be in that row too.
        const kept = [...new Set(input.columns)].filter(
          (column) => needed.has(column) || names.has(column) || (evaluatedOnOutput && read.has(column)),
        );
        const shape = built([...new Set([...inputColumns, ...names])], [...kept, ...names]);
        const start = starter(input, kept, shape.width);
        const column = reader(evaluatedOnOutput ? shape : input);
        const evaluators = computed.map(({ name, expression }) => ({
          at: placeOf(shape, name),
          evaluate: compileScalar(expression, column),
        }));
        return streaming(shape, (next) => {
          // A list for every row, unless the next operator keeps none: then one list, rewritten for each.
          const reused = next.keeps ? undefined : new Array<KqlValue>(shape.width);
          return perRow(evaluators, (row) => start(row, reused), next);
        });
      },
    };
  };
}

function extend(columns: readonly NamedExpression[]): Operation {
  // Evaluated against the row being built, so a later column can use an earlier one: extend a = 1, b = a + 1.
  return widening(columns, true, (computed, start, next) => (row) => {
    const values = start(row);
    for (const { at, evaluate } of computed) values[at] = evaluate(values);
    next.push(values);
  });
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
function mvExpand(columns: readonly NamedExpression[]): Operation {
  return widening(columns, false, (computed, start, next) => (row) => {
    const expansions = computed.map(({ at, evaluate }) => ({ at, values: expansionOf(evaluate(row)) }));
    const count = Math.max(...expansions.map(({ values }) => values.length));
    for (let index = 0; index < count; index++) {
      const expanded = start(row);
      for (const { at, values } of expansions) expanded[at] = values[index] ?? null;
      next.push(expanded);
    }
  });
}

interface Aggregation {
  readonly value: Evaluator;
  readonly accumulator: Accumulator;
}

function summarize(aggregates: readonly AggregateCall[], by: readonly NamedExpression[]): Operation {
  const groupBy = nameColumns(by);
  const read = columnsRead([...by.map(({ expression }) => expression), ...aggregates.flatMap(({ args }) => args)]);
  const aggregations = aggregates.map(({ name, aggregate, args }) => {
    const [value, limit] = args;
    // A size limit is a constant.
    const cap = limit === undefined ? null : constantValue(limit);
    return { name: name ?? aggregate.columnName(args), value, start: () => aggregate.start(typeof cap === "number" ? cap : Infinity) };
  });
  return () => {
    const keyNames = groupBy([]);
    // Group-by columns first, then the aggregations, as KQL lays them out.
    const columns = [...keyNames.map(({ name }) => name), ...aggregations.map(({ name }) => name)];
    return { columns, reads: () => read, build: (input) => summarizer(input, keyNames, aggregations, columns) };
  };
}

function summarizer(
  input: Shape,
  keyNames: readonly NamedColumn[],
  aggregations: readonly { readonly value: NamedExpression["expression"] | undefined; readonly start: () => Accumulator }[],
  columns: readonly string[],
): Stage {
  const column = reader(input);
  const keyColumns = keyNames.map(({ expression }) => compileScalar(expression, column));
  const values = aggregations.map(({ value }): Evaluator => (value ? compileScalar(value, column) : () => null));
  const open = (): Aggregation[] => aggregations.map(({ start }, at) => ({ value: values[at] ?? (() => null), accumulator: start() }));
  const add = (group: readonly Aggregation[], row: RowData) => {
    for (const { value, accumulator } of group) accumulator.add(value(row));
  };
  const shape = built(columns);
  const { width } = shape;
  // A name given twice holds the later value, as setting an object's key twice would.
  const places = columns.map((name) => placeOf(shape, name));
  const keyCount = keyColumns.length;
  const [single] = keyColumns;
  return {
    shape,
    connect: (next) => {
      const groups = new Map<unknown, { readonly keys: readonly KqlValue[]; readonly aggregations: Aggregation[] }>();
      const push =
        single && keyCount === 1
          ? (row: RowData) => {
              // One key column, the usual case: no list of keys per row.
              const key = single(row);
              const id = singleKey(key);
              let group = groups.get(id);
              if (!group) groups.set(id, (group = { keys: [key], aggregations: open() }));
              add(group.aggregations, row);
            }
          : (row: RowData) => {
              const keys = keyColumns.map((evaluate) => evaluate(row));
              const id = tupleKey(keys);
              let group = groups.get(id);
              if (!group) groups.set(id, (group = { keys, aggregations: open() }));
              add(group.aggregations, row);
            };
      const end = () => {
        // Without by, summarize returns exactly one row, even over no rows: count() is then 0.
        if (keyCount === 0 && groups.size === 0) groups.set(tupleKey([]), { keys: [], aggregations: open() });
        for (const group of groups.values()) {
          const row = new Array<KqlValue>(width);
          let at = 0;
          for (const key of group.keys) row[places[at++] ?? 0] = key;
          for (const { accumulator } of group.aggregations) row[places[at++] ?? 0] = accumulator.result();
          next.push(row);
        }
        next.end();
      };
      // Keys and aggregated values are taken from a row, never the row itself.
      return { push, end, keeps: false };
    },
  };
}

/**
 * A Map key for a tuple of values, equal for equal tuples. A lone number, bool, null or string is its own key (Map tells
 * "1" from 1), which spares the JSON for the common single-column group or join; other tuples are their JSON, which
 * starts with "[", and a lone string that does too goes the JSON way, so the two kinds of key never meet.
 */
function tupleKey(values: readonly KqlValue[]): unknown {
  const [first = null] = values;
  return values.length === 1 ? singleKey(first) : JSON.stringify(values);
}

/** tupleKey([value]), without the list. */
function singleKey(value: KqlValue): unknown {
  // 91 is "[": charCodeAt is cheaper than startsWith, and an empty string's NaN is not 91 either.
  const alone = typeof value === "string" ? value.charCodeAt(0) !== 91 : typeof value !== "object" || value === null;
  return alone ? value : JSON.stringify([value]);
}

/** The key a row joins on; undefined when part of it is null, since null matches nothing in a join. */
function joinKey(shape: Shape, columns: readonly string[]): (row: RowData) => unknown {
  const parts = columns.map(reader(shape));
  const [single] = parts;
  if (single && parts.length === 1)
    return (row) => {
      const value = single(row);
      return value === null ? undefined : singleKey(value);
    };
  return (row) => {
    const values = parts.map((part) => part(row));
    return values.includes(null) ? undefined : tupleKey(values);
  };
}

/** A hash join: the right side is indexed by key once, then each left row looks its matches up, in right-side order. */
function join({ join: kind, right, on }: JoinOperator): Operation {
  const planRight = compilePipeline(right);
  const leftColumns = on.map((condition) => condition.left);
  const rightColumns = on.map((condition) => condition.right);
  return (inputColumns, source) => {
    const other = planRight(source);
    // A right-side column named like one already present gets a number, as in KQL: subscriptionId becomes subscriptionId1.
    const taken = new Set(inputColumns);
    const renamed = other.columns.map((column) => {
      let name = column;
      for (let suffix = 1; taken.has(name); suffix++) name = `${column}${suffix}`;
      taken.add(name);
      return { column, name };
    });
    return {
      columns: [...inputColumns, ...renamed.map(({ name }) => name)],
      reads: (needed) => union(new Set(inputColumns.filter((column) => needed.has(column))), leftColumns),
      build: (input, needed) => {
        const held = renamed.filter(({ name }) => needed.has(name));
        const result = other.run(new Set([...rightColumns, ...held.map(({ column }) => column)]));
        const rightKey = joinKey(result.shape, rightColumns);
        const rightValues = held.map(({ column }) => reader(result.shape)(column));
        const index = new Map<unknown, KqlValue[][]>();
        for (const row of result.rows) {
          const key = rightKey(row);
          if (key === undefined) continue;
          const values = rightValues.map((read) => read(row));
          const bucket = index.get(key);
          if (bucket) bucket.push(values);
          else index.set(key, [values]);
        }
        const kept = [...new Set(input.columns)].filter((column) => needed.has(column));
        const shape = built([...input.columns, ...renamed.map(({ name }) => name)], [...kept, ...held.map(({ name }) => name)]);
        const start = starter(input, kept, shape.width);
        const joined = (left: RowData, match: readonly KqlValue[]): KqlValue[] => {
          const values = start(left);
          let at = kept.length;
          for (const value of match) values[at++] = value;
          return values;
        };
        const leftKey = joinKey(input, leftColumns);
        return streaming(shape, (next) => (row) => {
          const key = leftKey(row);
          const matches = key === undefined ? undefined : index.get(key);
          if (matches) for (const match of matches) next.push(joined(row, match));
          else if (kind === "leftouter") next.push(start(row));
        });
      },
    };
  };
}

interface Keyed {
  readonly row: RowData;
  readonly key: KqlValue;
  readonly keys: readonly KqlValue[];
}

/** Orders two keys; nulls go first or last as the key says, whatever its direction. */
function keyOrder({ descending, nullsFirst }: SortKey): (left: KqlValue, right: KqlValue) => number {
  const direction = descending ? -1 : 1;
  return (left, right) => {
    if (typeof left === "string" && typeof right === "string") return left < right ? -direction : left > right ? direction : 0;
    if (left === null || right === null) return left === right ? 0 : (left === null) === nullsFirst ? -1 : 1;
    return direction * compareOrdered(left, right);
  };
}

/** A stable sort on keys evaluated once per row. */
function compileSort(keys: readonly SortKey[], column: ColumnReader): (rows: readonly RowData[]) => RowData[] {
  const evaluators = keys.map(({ expression }) => compileScalar(expression, column));
  const orders = keys.map(keyOrder);
  const [first] = evaluators;
  const [order] = orders;
  if (first && order && keys.length === 1)
    // One key, the usual case: kept beside the row rather than in a list.
    return (rows) =>
      rows
        .map((row): Keyed => ({ row, key: first(row), keys: [] }))
        .sort((a, b) => order(a.key, b.key))
        .map(({ row }) => row);
  return (rows) =>
    rows
      .map((row): Keyed => ({ row, key: null, keys: evaluators.map((evaluate) => evaluate(row)) }))
      .sort((a, b) => {
        for (let index = 0; index < orders.length; index++) {
          const result = orders[index]?.(a.keys[index] ?? null, b.keys[index] ?? null) ?? 0;
          if (result !== 0) return result;
        }
        return 0;
      })
      .map(({ row }) => row);
}

function distinct(columns: readonly string[] | "*"): Operation {
  return (inputColumns) => {
    const kept = columns === "*" ? inputColumns : columns;
    const read = new Set(kept);
    return {
      columns: kept,
      reads: () => read,
      build: (input) => {
        const shape = built(kept);
        const start = starter(input, [...read], shape.width);
        return {
          shape,
          connect: (next) => {
            const seen = new Set<unknown>();
            return {
              push: (row) => {
                const values = start(row);
                const id = tupleKey(values);
                if (seen.has(id)) return;
                seen.add(id);
                next.push(values);
              },
              end: () => {
                next.end();
              },
              keeps: false,
            };
          },
        };
      },
    };
  };
}
