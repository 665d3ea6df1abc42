// The parsed query. Function calls and comparisons carry what they were bound to, so evaluation never looks a name up again.

import type { AggregateFunction, ScalarFunction } from "./functions";
import type { Comparison, KqlValue } from "./values";

/** A literal; `real` if written with a decimal point or exponent, KQL's real type, which makes `/` divide exactly. */
export type Literal = { readonly kind: "literal"; readonly value: KqlValue; readonly real: boolean };
export type ColumnReference = { readonly kind: "column"; readonly name: string };
/** `target.key` */
export type MemberAccess = { readonly kind: "member"; readonly target: Expression; readonly key: string };
/** `target[index]`: an array element, or a bag property by name. */
export type ElementAccess = { readonly kind: "index"; readonly target: Expression; readonly index: Expression };
export type Negation = { readonly kind: "negate"; readonly operand: Expression };
export type ArithmeticOperator = "+" | "-" | "*" | "/" | "%";
export type Arithmetic = {
  readonly kind: "arithmetic";
  readonly operator: ArithmeticOperator;
  readonly left: Expression;
  readonly right: Expression;
};
/** `a and b and c` as one node, so that a long chain of conditions does not make a deep tree. */
export type Logical = { readonly kind: "logical"; readonly operator: "and" | "or"; readonly operands: readonly Expression[] };
export type Compare = { readonly kind: "compare"; readonly test: Comparison; readonly left: Expression; readonly right: Expression };
/** `left in (…)`, `in~`, `!in`, `!in~` */
export type Membership = {
  readonly kind: "in";
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly left: Expression;
  readonly list: readonly Expression[];
};
export type Call = { readonly kind: "call"; readonly name: string; readonly fn: ScalarFunction; readonly args: readonly Expression[] };
export type Expression =
  Literal | ColumnReference | MemberAccess | ElementAccess | Negation | Arithmetic | Logical | Compare | Membership | Call;

/** `name = expression`, or an expression whose column KQL names itself. */
export type NamedExpression = { readonly name: string | undefined; readonly expression: Expression };
export type AggregateCall = {
  readonly name: string | undefined;
  readonly aggregate: AggregateFunction;
  readonly args: readonly Expression[];
};
export type SortKey = { readonly expression: Expression; readonly descending: boolean; readonly nullsFirst: boolean };
/** `on column` joins a column with its namesake; `on $left.a == $right.b` names both. */
export type JoinCondition = { readonly left: string; readonly right: string };
export type JoinOperator = {
  readonly kind: "join";
  readonly join: "inner" | "leftouter";
  readonly right: Pipeline;
  readonly on: readonly JoinCondition[];
};
export type Operator =
  | { readonly kind: "where"; readonly predicate: Expression }
  | { readonly kind: "project" | "extend" | "mv-expand"; readonly columns: readonly NamedExpression[] }
  | { readonly kind: "project-away"; readonly columns: readonly string[] }
  | { readonly kind: "summarize"; readonly aggregates: readonly AggregateCall[]; readonly by: readonly NamedExpression[] }
  | JoinOperator
  | { readonly kind: "sort"; readonly keys: readonly SortKey[] }
  | { readonly kind: "top"; readonly count: number; readonly key: SortKey }
  | { readonly kind: "take"; readonly count: number }
  | { readonly kind: "count" }
  | { readonly kind: "distinct"; readonly columns: readonly string[] | "*" };

/** A table, lower-cased, piped through operators. */
export type Pipeline = { readonly table: string; readonly operators: readonly Operator[] };

export function literal(value: KqlValue, real = false): Literal {
  return { kind: "literal", value, real };
}

/**
 * The column name KQL gives an unnamed expression, following Kusto.Language's GetExpressionResultName: a column keeps its
 * name, `a.b` and `a['b']` become `a_b`, and conversions such as tostring(x) take their argument's name. Anything else is
 * undefined here and becomes Column1, Column2, … when the query runs.
 */
export function resultName(expression: Expression): string | undefined {
  switch (expression.kind) {
    case "column":
      return expression.name;
    case "member":
      return joinedName(expression.target, expression.key);
    case "index": {
      const { index } = expression;
      const constant = index.kind === "literal" && (typeof index.value === "string" || typeof index.value === "number");
      return joinedName(expression.target, constant ? String(index.value) : "");
    }
    case "call": {
      const argument = expression.args[0];
      return expression.fn.keepsArgumentName && argument ? resultName(argument) : undefined;
    }
    default:
      return undefined;
  }
}

function joinedName(target: Expression, key: string): string | undefined {
  const left = resultName(target);
  return left === undefined ? key || undefined : `${left}_${key}`;
}
