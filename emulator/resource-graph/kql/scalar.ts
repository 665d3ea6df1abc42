// Compiles scalar expressions into closures once per query, so rows are evaluated without walking the tree again.

import type { Arithmetic, ArithmeticOperator, Expression, Logical, Membership } from "./ast";
import { field, isBag, kqlEquals, toNumber, toText, type KqlValue, type Row } from "./values";

export type Evaluator = (row: Row) => KqlValue;

export function compileScalar(expression: Expression): Evaluator {
  switch (expression.kind) {
    case "literal": {
      const { value } = expression;
      return () => value;
    }
    case "column": {
      const { name } = expression;
      return (row) => field(row, name);
    }
    case "member": {
      const target = compileScalar(expression.target);
      const { key } = expression;
      return (row) => {
        const value = target(row);
        return isBag(value) ? field(value, key) : null;
      };
    }
    case "index": {
      const target = compileScalar(expression.target);
      const index = compileScalar(expression.index);
      return (row) => elementAt(target(row), index(row));
    }
    case "negate": {
      const operand = compileScalar(expression.operand);
      return (row) => {
        const number = toNumber(operand(row));
        return number === null ? null : -number;
      };
    }
    case "arithmetic":
      return compileArithmetic(expression);
    case "logical":
      return compileLogical(expression);
    case "compare": {
      const { test } = expression;
      const left = compileScalar(expression.left);
      const right = compileScalar(expression.right);
      return (row) => test(left(row), right(row));
    }
    case "in":
      return compileMembership(expression);
    case "call": {
      const { fn } = expression;
      const args = expression.args.map(compileScalar);
      return (row) => fn.apply(args.map((arg) => arg(row)));
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

function compileArithmetic({ operator, left, right }: Arithmetic): Evaluator {
  const compute = arithmetic[operator];
  // KQL divides long by long with truncation. JSON numbers carry no long/real distinction, so whole numbers count as long
  // unless a real literal (2.0) or todouble()/toreal() takes part.
  const truncates = operator === "/" && !isReal(left) && !isReal(right);
  const leftValue = compileScalar(left);
  const rightValue = compileScalar(right);
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
function compileLogical({ operator, operands }: Logical): Evaluator {
  const parts = operands.map(compileScalar);
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
function compileMembership({ negated, caseInsensitive, left, list }: Membership): Evaluator {
  const needle = compileScalar(left);
  const candidates = list.map(compileScalar);
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
