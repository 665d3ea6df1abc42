// Compiles scalar expressions into closures, once per operator and run (when the input's columns are known), so rows
// are evaluated without walking the tree again.

import type { Arithmetic, ArithmeticOperator, Expression, Logical, Membership } from "./ast";
import { comparisonsAgainstConstant, equalsLowered, field, fieldReader, isBag, kqlEquals, toNumber, toText, type KqlValue } from "./values";

/**
 * A row as the engine passes it between operators: a table's own object, or a list of values in column order (see
 * tabular.ts). Each operator knows which it is given, and compiles its column reads for that.
 */
export type RowData = Readonly<{ [key: string]: KqlValue }> | readonly KqlValue[];
export type Evaluator = (row: RowData) => KqlValue;
/** How a column is read from the rows an operator is given. */
export type ColumnReader = (name: string) => Evaluator;
type Compile = (expression: Expression) => Evaluator;

/** Whether an expression reads no column, so that it has one value for every row. */
function isConstant(expression: Expression): boolean {
  switch (expression.kind) {
    case "literal":
      return true;
    case "column":
      return false;
    case "member":
      return isConstant(expression.target);
    case "index":
      return isConstant(expression.target) && isConstant(expression.index);
    case "negate":
      return isConstant(expression.operand);
    case "arithmetic":
    case "compare":
      return isConstant(expression.left) && isConstant(expression.right);
    case "logical":
      return expression.operands.every(isConstant);
    case "in":
      return isConstant(expression.left) && expression.list.every(isConstant);
    case "call":
      return expression.args.every(isConstant);
  }
}

/** Adds the columns an expression reads to `into`. */
export function addColumnsRead(expression: Expression, into: Set<string>): void {
  switch (expression.kind) {
    case "literal":
      return;
    case "column":
      into.add(expression.name);
      return;
    case "member":
      addColumnsRead(expression.target, into);
      return;
    case "index":
      addColumnsRead(expression.target, into);
      addColumnsRead(expression.index, into);
      return;
    case "negate":
      addColumnsRead(expression.operand, into);
      return;
    case "arithmetic":
    case "compare":
      addColumnsRead(expression.left, into);
      addColumnsRead(expression.right, into);
      return;
    case "logical":
      for (const operand of expression.operands) addColumnsRead(operand, into);
      return;
    case "in":
      addColumnsRead(expression.left, into);
      for (const item of expression.list) addColumnsRead(item, into);
      return;
    case "call":
      for (const argument of expression.args) addColumnsRead(argument, into);
      return;
  }
}

/**
 * A constant expression is evaluated once, here: evaluation reads nothing but the row, never fails and never changes a
 * value (the engine builds new rows and bags rather than writing to values), so one value can serve every row.
 */
export function compileScalar(expression: Expression, column: ColumnReader): Evaluator {
  const compile: Compile = (node) => {
    if (node.kind !== "literal" && isConstant(node)) {
      const value = compileNode(node, compile, column)([]);
      return () => value;
    }
    return compileNode(node, compile, column);
  };
  return compile(expression);
}

/** A constant expression's value. */
export function constantValue(expression: Expression): KqlValue {
  return compileScalar(expression, () => () => null)([]);
}

function compileNode(expression: Expression, compile: Compile, column: ColumnReader): Evaluator {
  switch (expression.kind) {
    case "literal": {
      const { value } = expression;
      return () => value;
    }
    case "column":
      return column(expression.name);
    case "member": {
      const target = compile(expression.target);
      const read = fieldReader(expression.key);
      return (row) => {
        const value = target(row);
        return isBag(value) ? read(value) : null;
      };
    }
    case "index": {
      const target = compile(expression.target);
      const index = compile(expression.index);
      return (row) => elementAt(target(row), index(row));
    }
    case "negate": {
      const operand = compile(expression.operand);
      return (row) => {
        const number = toNumber(operand(row));
        return number === null ? null : -number;
      };
    }
    case "arithmetic":
      return compileArithmetic(expression, compile);
    case "logical":
      return compileLogical(expression, compile);
    case "compare": {
      const { test } = expression;
      const left = compile(expression.left);
      // A constant right side (name == "x", tier =~ "Standard") is prepared once: its text, lowered where case is ignored.
      const againstConstant = isConstant(expression.right) ? comparisonsAgainstConstant.get(test) : undefined;
      if (againstConstant) {
        const fixed = againstConstant(compile(expression.right)([]));
        return (row) => fixed(left(row));
      }
      const right = compile(expression.right);
      return (row) => test(left(row), right(row));
    }
    case "in":
      return compileMembership(expression, compile);
    case "call": {
      const { fn } = expression;
      const args = expression.args.map(compile);
      return fn.compile?.(args) ?? ((row) => fn.apply(args.map((arg) => arg(row))));
    }
  }
}

/** `array[i]` counts from the end when negative, as KQL does; `bag['key']` reads a property; anything else is null. */
function elementAt(target: KqlValue, index: KqlValue): KqlValue {
  if (Array.isArray(target) && typeof index === "number" && Number.isInteger(index))
    return target[index < 0 ? target.length + index : index] ?? null;
  if (isBag(target) && typeof index === "string") return field(target, index);
  return null;
}

const arithmetic: Record<ArithmeticOperator, (left: number, right: number) => number> = {
  "+": (left, right) => left + right,
  "-": (left, right) => left - right,
  "*": (left, right) => left * right,
  "/": (left, right) => left / right,
  "%": (left, right) => left % right,
};

/** Whether KQL would type the expression real rather than long. */
function isReal(expression: Expression): boolean {
  switch (expression.kind) {
    case "literal":
      return expression.real;
    case "negate":
      return isReal(expression.operand);
    case "arithmetic":
      return isReal(expression.left) || isReal(expression.right);
    case "call":
      return expression.name === "todouble" || expression.name === "toreal";
    default:
      return false;
  }
}

function compileArithmetic({ operator, left, right }: Arithmetic, compile: Compile): Evaluator {
  const compute = arithmetic[operator];
  // KQL divides long by long with truncation. JSON numbers carry no long/real distinction, so whole numbers count as long
  // unless a real literal (2.0) or todouble()/toreal() takes part.
  const truncates = operator === "/" && !isReal(left) && !isReal(right);
  const leftValue = compile(left);
  const rightValue = compile(right);
  return (row) => {
    const a = toNumber(leftValue(row));
    const b = toNumber(rightValue(row));
    if (a === null || b === null) return null;
    const result = truncates && Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : compute(a, b);
    // Division by zero and overflow have no JSON form: null, like any other missing value.
    return Number.isFinite(result) ? result : null;
  };
}

/** Three-valued, as in KQL: false and null is false, true or null is true, and otherwise a null operand makes the result null. */
function compileLogical({ operator, operands }: Logical, compile: Compile): Evaluator {
  const parts = operands.map(compile);
  const decisive = operator === "or"; // the value that settles the result on its own
  return (row) => {
    let unknown = false;
    for (const part of parts) {
      const value = part(row);
      if (value === decisive) return decisive;
      if (typeof value !== "boolean") unknown = true;
    }
    return unknown ? null : !decisive;
  };
}

/** `in` compares as `==` and `in~` as `=~`; an array in the list stands for its elements, as with `in (dynamic([…]))`. */
function compileMembership({ negated, caseInsensitive, left, list }: Membership, compile: Compile): Evaluator {
  const needle = compile(left);
  const candidates = list.map(compile);
  const lookup = list.every(isConstant) ? constantMembership(caseInsensitive, candidates) : undefined;
  if (lookup) return (row) => lookup(needle(row)) !== negated;
  const matches = caseInsensitive
    ? (value: KqlValue, candidate: KqlValue) => toText(value).toLowerCase() === toText(candidate).toLowerCase()
    : (value: KqlValue, candidate: KqlValue) => kqlEquals(value, candidate) === true;
  return (row) => {
    const value = needle(row);
    const found = candidates.some((candidate) => {
      const item = candidate(row);
      return Array.isArray(item) ? item.some((element) => matches(value, element)) : matches(value, item);
    });
    return found !== negated;
  };
}

/**
 * A constant list as a set of texts, looked up once per row instead of compared item by item: `in~` compares any two
 * values by their lowered text; `in` does so only against text (so only a list of text becomes a set, nulls left out,
 * since they match nothing), and a null value matches nothing.
 */
function constantMembership(caseInsensitive: boolean, candidates: readonly Evaluator[]): ((value: KqlValue) => boolean) | undefined {
  const items = candidates.flatMap((candidate) => {
    const item = candidate([]);
    return Array.isArray(item) ? item : [item];
  });
  if (caseInsensitive) {
    const texts = new Set(items.map((item) => toText(item).toLowerCase()));
    const few = [...texts];
    // A short list is compared item by item, which spares lowering each value.
    if (few.length <= 8)
      return (value) => {
        const text = toText(value);
        for (const item of few) if (equalsLowered(text, item)) return true;
        return false;
      };
    return (value) => texts.has(toText(value).toLowerCase());
  }
  const present = items.filter((item) => item !== null);
  if (!present.every((item) => typeof item === "string")) return undefined;
  const texts = new Set(present);
  return (value) => value !== null && texts.has(toText(value));
}
