import type { Pipeline } from "./ast";
import { parseQuery } from "./parser";
import { compilePipeline, runToRows, tableSource } from "./tabular";
import type { Row } from "./values";

/** A query parsed and compiled once, to run against the tables as they are at each call. */
export type ParsedQuery = {
  /** Every table the query reads, lower-cased, including those inside join, each once. */
  readonly tables: string[];
  /** Whether the query caps its own rows (take, limit or top at its top level), which makes Resource Graph ignore $skip. */
  readonly limited: boolean;
  /**
   * Runs the query against `tables`, which returns a table's rows by lower-cased name (undefined: no such table).
   * The result rows are fresh objects holding every column, in column order; nested values (properties, tags) are the
   * input's own objects, not copies.
   */
  run(tables: (name: string) => Row[] | undefined): Row[];
};

/** Parses and compiles a Resource Graph query; throws KqlError for anything it cannot parse or does not support. */
export function parseKql(query: string): ParsedQuery {
  const pipeline = parseQuery(query);
  const execute = compilePipeline(pipeline);
  return {
    tables: [...new Set(tablesReadBy(pipeline))],
    limited: pipeline.operators.some(({ kind }) => kind === "take" || kind === "top"),
    run: (tables) => runToRows(execute(tableSource(tables))),
  };
}

function tablesReadBy({ table, operators }: Pipeline): string[] {
  return [table, ...operators.flatMap((operator) => (operator.kind === "join" ? tablesReadBy(operator.right) : []))];
}
