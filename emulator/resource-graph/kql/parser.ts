// A recursive-descent parser for the KQL subset, binding function and operator names as it goes, so that everything
// unsupported fails here, before any row is read.

import {
  literal,
  resultName,
  type AggregateCall,
  type ArithmeticOperator,
  type Expression,
  type JoinCondition,
  type NamedExpression,
  type Operator,
  type Pipeline,
  type SortKey,
} from "./ast";
import { errorAt, type KqlErrorCode } from "./errors";
import { aggregateFunctions, scalarFunctions } from "./functions";
import { tokenize, type Token } from "./lexer";
import { comparisons, setField, type Bag, type KqlValue } from "./values";

const supportedOperators = "where project project-away extend mv-expand summarize join order sort top take limit count distinct".split(" ");

/** KQL's other tabular operators, so that naming one gets "not supported" rather than "not an operator". */
const unsupportedOperators = new Set(
  `as consume datatable evaluate externaldata facet filter find fork getschema graph-match invoke lookup make-graph make-series mv-apply
  mvapply mvexpand parse parse-kv parse-where partition print project-keep project-rename project-reorder range reduce render sample
  sample-distinct scan search serialize top-hitters top-nested union`.split(/\s+/),
);

/** KQL's other scalar operators, likewise. Their negations (`!between`) are caught by their leading `!`. */
const unsupportedScalarOperators = new Set("between has_any has_all hasprefix hassuffix hasprefix_cs hassuffix_cs matches".split(" "));

/** `int(null)`, `real(1.5)`, `bool(true)`: KQL's typed literals. */
const typedLiterals = new Set(["bool", "int", "long", "real", "double"]);

// Deep enough for any real query, shallow enough that parsing and evaluating never come near the call stack's limit.
const maxNesting = 100;

const operatorList = supportedOperators.map((name) => (name === "order" || name === "sort" ? `${name} by` : name)).join(", ");

function describe(token: Token): string {
  return token.kind === "end" ? "the end of the query" : `'${token.text}'`;
}

export function parseQuery(query: string): Pipeline {
  return new Parser(query).query();
}

class Parser {
  private readonly tokens: readonly Token[];
  private readonly end: Token;
  private position = 0;
  private nesting = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
    this.end = { kind: "end", text: "", value: "", start: source.length, end: source.length };
  }

  query(): Pipeline {
    if (this.peek().kind === "end") this.fail("The query is empty: start it with a table name, such as securityresources | where …");
    const pipeline = this.pipeline(true);
    if (this.peek().kind !== "end") this.fail(`Expected '|' or the end of the query but found ${describe(this.peek())}`);
    return pipeline;
  }

  // Tokens

  private peek(offset = 0): Token {
    return this.tokens[this.position + offset] ?? this.end;
  }

  private advance(): Token {
    const token = this.peek();
    this.position++;
    return token;
  }

  /** Whether the token at `offset` is this word or symbol (a string token's text keeps its quotes, so it never matches). */
  private is(text: string, offset = 0): boolean {
    return this.peek(offset).text === text;
  }

  private accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.position++;
    return true;
  }

  private expect(text: string, context: string): void {
    if (!this.accept(text)) this.fail(`Expected '${text}' ${context} but found ${describe(this.peek())}`);
  }

  private identifier(what: string): Token {
    const token = this.peek();
    if (token.kind !== "identifier") this.fail(`Expected ${what} but found ${describe(token)}`);
    this.position++;
    return token;
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.accept(",")) items.push(item());
    return items;
  }

  private fail(message: string, token = this.peek(), code: KqlErrorCode = "ParserFailure"): never {
    throw errorAt(this.source, token.start, code, message, token.text || undefined);
  }

  private unsupported(subject: string, token: Token, advice = "", code: KqlErrorCode = "UnsupportedOperator"): never {
    return this.fail(`${subject} is not supported by this emulator's Resource Graph${advice}`, token, code);
  }

  private enter(): void {
    if (++this.nesting > maxNesting) this.fail(`The query nests expressions more than ${maxNesting} deep`);
  }

  private nested<T>(parse: () => T): T {
    this.enter();
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  // Tabular

  /** Operator names such as project-away and mv-expand are words joined by hyphens, without spaces. */
  private operatorName(): { name: string; length: number } {
    let name = this.peek().text;
    let length = 1;
    const adjacent = (offset: number) => this.peek(offset).start === this.peek(offset - 1).end;
    while (this.is("-", length) && adjacent(length) && this.peek(length + 1).kind === "identifier" && adjacent(length + 1)) {
      name += `-${this.peek(length + 1).text}`;
      length += 2;
    }
    return { name, length };
  }

  private pipeline(topLevel: boolean): Pipeline {
    const operators: Operator[] = [];
    let table: string;
    // Resource Graph runs a query that starts with an operator (`where type =~ …`) against its Resources table.
    if (topLevel && this.peek().kind === "identifier" && supportedOperators.includes(this.operatorName().name)) {
      table = "resources";
      operators.push(this.operator());
    } else {
      table = this.tableName();
    }
    while (this.accept("|")) operators.push(this.operator());
    return { table, operators };
  }

  private tableName(): string {
    const token = this.identifier("a table name");
    if (token.text === "let") this.unsupported("A let statement", token);
    if (unsupportedOperators.has(token.text)) this.unsupportedOperator(token);
    return token.text.toLowerCase();
  }

  private operator(): Operator {
    const token = this.peek();
    if (token.kind !== "identifier")
      this.fail(`Expected a tabular operator such as where or project after '|' but found ${describe(token)}`);
    const { name, length } = this.operatorName();
    this.position += length;
    switch (name) {
      case "where":
        return { kind: "where", predicate: this.expression() };
      case "project": {
        const columns = this.list(() => this.namedExpression());
        this.checkDistinctNames(
          columns.map(({ name: column, expression }) => column ?? resultName(expression)),
          token,
        );
        return { kind: "project", columns };
      }
      case "project-away":
        return { kind: "project-away", columns: this.columnNames() };
      case "extend":
        return { kind: "extend", columns: this.list(() => this.namedExpression()) };
      case "mv-expand":
        return this.mvExpand();
      case "summarize":
        return this.summarize(token);
      case "join":
        return this.join(token);
      case "order":
      case "sort":
        this.expect("by", `after ${name}`);
        return { kind: "sort", keys: this.list(() => this.sortKey()) };
      case "top": {
        const count = this.rowCount();
        this.expect("by", "after the row count of top");
        return { kind: "top", count, key: this.sortKey() };
      }
      case "take":
      case "limit":
        return { kind: "take", count: this.rowCount() };
      case "count":
        return { kind: "count" };
      case "distinct":
        return { kind: "distinct", columns: this.accept("*") ? "*" : this.columnNames() };
      default:
        return this.unknownOperator({ ...token, text: name });
    }
  }

  /** `operator` spans a whole hyphenated name, such as make-series. */
  private unknownOperator(operator: Token): never {
    const { text } = operator;
    if (unsupportedOperators.has(text)) this.unsupportedOperator(operator);
    const meant = supportedOperators.find((supported) => supported === text.toLowerCase());
    if (meant) this.fail(`Unknown operator '${text}': KQL operators are case-sensitive, so write '${meant}'`, operator);
    return this.fail(`'${text}' is not a tabular operator. Supported operators: ${operatorList}`, operator);
  }

  private unsupportedOperator(operator: Token): never {
    return this.unsupported(`The operator '${operator.text}'`, operator, `. Supported operators: ${operatorList}`);
  }

  private namedExpression(): NamedExpression {
    if (this.peek().kind === "identifier" && this.is("=", 1)) {
      const name = this.advance().text;
      this.position++;
      return { name, expression: this.expression() };
    }
    return { name: undefined, expression: this.expression() };
  }

  /** KQL rejects a column declared twice by one project or summarize; names only known when the query runs (Column1) cannot clash. */
  private checkDistinctNames(names: readonly (string | undefined)[], operator: Token): void {
    const seen = new Set<string>();
    for (const name of names) {
      if (name === undefined) continue;
      if (seen.has(name))
        this.fail(`${operator.text} declares the column '${name}' twice; name one of them with name = …`, operator, "InvalidQuery");
      seen.add(name);
    }
  }

  private columnNames(): string[] {
    return this.list(() => this.identifier("a column name").text);
  }

  private rowCount(): number {
    const token = this.peek();
    if (token.kind !== "number" || !/^\d+$/.test(token.text)) this.fail(`Expected a whole number of rows but found ${describe(token)}`);
    this.position++;
    return Number(token.text);
  }

  private sortKey(): SortKey {
    const expression = this.expression();
    let descending = true; // KQL sorts descending unless told otherwise
    if (this.accept("asc")) descending = false;
    else this.accept("desc");
    let nullsFirst = !descending; // and puts nulls first when ascending, last when descending
    if (this.accept("nulls")) {
      nullsFirst = this.accept("first");
      if (!nullsFirst) this.expect("last", "after nulls");
    }
    return { expression, descending, nullsFirst };
  }

  private mvExpand(): Operator {
    const option = this.peek();
    if (["kind", "bagexpansion", "with_itemindex"].includes(option.text) && this.is("=", 1)) {
      this.unsupported(`The mv-expand option '${option.text}'`, option);
    }
    const columns = this.list(() => this.namedExpression());
    if (this.is("to") || this.is("limit")) {
      this.unsupported(`The mv-expand clause '${this.peek().text}'`, this.peek());
    }
    return { kind: "mv-expand", columns };
  }

  private summarize(operator: Token): Operator {
    const aggregates = this.is("by") ? [] : this.list(() => this.aggregateCall());
    const by = this.accept("by") ? this.list(() => this.namedExpression()) : [];
    this.checkDistinctNames(
      [
        ...by.map(({ name, expression }) => name ?? resultName(expression)),
        ...aggregates.map(({ name, aggregate, args }) => name ?? aggregate.columnName(args)),
      ],
      operator,
    );
    return { kind: "summarize", aggregates, by };
  }

  private aggregateCall(): AggregateCall {
    let name: string | undefined;
    if (this.peek().kind === "identifier" && this.is("=", 1)) {
      name = this.advance().text;
      this.position++;
    }
    const token = this.peek();
    if (token.kind !== "identifier" || !this.is("(", 1))
      this.fail(`Expected an aggregation such as count() or make_list(name) but found ${describe(token)}`);
    const aggregate = aggregateFunctions.get(token.text);
    const supported = [...aggregateFunctions.keys()].join(", ");
    if (!aggregate && scalarFunctions.has(token.text)) {
      this.fail(`'${token.text}' is not an aggregation function; summarize takes ${supported}`, token, "InvalidQuery");
    }
    if (!aggregate) this.unsupported(`The aggregation function '${token.text}'`, token, `. Supported: ${supported}`, "UnsupportedFunction");
    this.position++;
    return { name, aggregate, args: this.arguments(token, aggregate) };
  }

  private join(operator: Token): Operator {
    let kind: Token | undefined;
    while (this.peek().kind === "identifier" && (this.is("=", 1) || this.is(".", 1))) {
      const option = this.advance();
      if (option.text !== "kind" || !this.accept("=")) this.unsupported(`The join option '${option.text}'`, option);
      kind = this.identifier("a join kind");
    }
    const advice = ": write join kind=inner or join kind=leftouter";
    if (!kind) this.unsupported("A join without kind= (KQL's default, innerunique)", operator, advice);
    const join = kind.text;
    if (join !== "inner" && join !== "leftouter") this.unsupported(`The join kind '${join}'`, kind, advice);
    let right: Pipeline;
    if (this.accept("(")) {
      right = this.pipeline(false);
      this.expect(")", "to close the right side of join");
    } else {
      right = { table: this.tableName(), operators: [] };
    }
    this.expect("on", "after the right side of join");
    const on = [this.joinCondition()];
    while (this.accept(",") || this.accept("and")) on.push(this.joinCondition());
    return { kind: "join", join, right, on };
  }

  private joinCondition(): JoinCondition {
    if (!this.is("$left") && !this.is("$right")) {
      const column = this.identifier("a column to join on, or $left.column == $right.column").text;
      return { left: column, right: column };
    }
    const side = (): { side: string; column: string } => {
      const token = this.identifier("$left or $right");
      if (token.text !== "$left" && token.text !== "$right") this.fail(`Expected $left or $right but found ${describe(token)}`, token);
      this.expect(".", `after ${token.text}`);
      return { side: token.text, column: this.identifier("a column name").text };
    };
    const start = this.peek();
    const first = side();
    this.expect("==", "between the two sides of a join condition");
    const second = side();
    if (first.side === second.side) this.fail("A join condition compares a $left column with a $right column", start);
    return first.side === "$left" ? { left: first.column, right: second.column } : { left: second.column, right: first.column };
  }

  // Scalar

  private expression(): Expression {
    return this.nested(() => this.logical("or", () => this.logical("and", () => this.comparison())));
  }

  private logical(operator: "and" | "or", operand: () => Expression): Expression {
    const first = operand();
    if (!this.is(operator)) return first;
    const operands = [first];
    while (this.accept(operator)) operands.push(operand());
    return { kind: "logical", operator, operands };
  }

  private comparison(): Expression {
    const left = this.additive();
    const token = this.peek();
    if (["in", "!in", "in~", "!in~"].includes(token.text)) {
      this.position++;
      this.expect("(", `after ${token.text}`);
      const list = this.is(")") ? [] : this.list(() => this.expression());
      this.expect(")", `to close the ${token.text} list`);
      return { kind: "in", negated: token.text.startsWith("!"), caseInsensitive: token.text.endsWith("~"), left, list };
    }
    const test = comparisons.get(token.text);
    if (test) {
      this.position++;
      return { kind: "compare", test, left, right: this.additive() };
    }
    if (unsupportedScalarOperators.has(token.text) || (token.kind === "symbol" && token.text.startsWith("!") && token.text.length > 2)) {
      this.unsupported(`The operator '${token.text}'`, token);
    }
    return left;
  }

  private additive(): Expression {
    return this.arithmetic(["+", "-"], () => this.multiplicative());
  }

  private multiplicative(): Expression {
    return this.arithmetic(["*", "/", "%"], () => this.unary());
  }

  private arithmetic(operators: readonly ArithmeticOperator[], operand: () => Expression): Expression {
    const nesting = this.nesting;
    try {
      let left = operand();
      for (;;) {
        const operator = operators.find((candidate) => this.is(candidate));
        if (!operator) return left;
        this.position++;
        this.enter(); // each operator in a chain deepens the tree by one
        left = { kind: "arithmetic", operator, left, right: operand() };
      }
    } finally {
      this.nesting = nesting;
    }
  }

  private unary(): Expression {
    if (this.accept("-")) return this.nested(() => ({ kind: "negate", operand: this.unary() }));
    if (this.accept("+")) return this.nested(() => this.unary());
    return this.postfix();
  }

  private postfix(): Expression {
    const nesting = this.nesting;
    try {
      let expression = this.primary();
      for (;;) {
        if (this.accept(".")) {
          this.enter();
          expression = { kind: "member", target: expression, key: this.identifier("a property name after '.'").text };
        } else if (this.accept("[")) {
          this.enter();
          const index = this.expression();
          this.expect("]", "to close the index");
          expression = { kind: "index", target: expression, index };
        } else {
          return expression;
        }
      }
    } finally {
      this.nesting = nesting;
    }
  }

  private primary(): Expression {
    const token = this.peek();
    if (token.kind === "number") {
      this.position++;
      return literal(Number(token.text), /[.eE]/.test(token.text));
    }
    if (token.kind === "string") {
      this.position++;
      return literal(token.value);
    }
    if (token.kind === "identifier") {
      if (this.is("(", 1)) return this.call();
      this.position++;
      return token.text === "true" || token.text === "false" ? literal(token.text === "true") : { kind: "column", name: token.text };
    }
    if (this.accept("(")) {
      const inner = this.expression();
      this.expect(")", "to close the parenthesis");
      return inner;
    }
    if (this.is("[") && this.peek(1).kind === "string") {
      this.position++;
      const name = this.advance().value; // ['column name']
      this.expect("]", "after the quoted column name");
      return { kind: "column", name };
    }
    if (token.kind === "symbol" && token.text.startsWith("!") && token.text.length > 1) {
      this.fail(`KQL has no '!' for negation: write not(${token.text.slice(1)}(…)) or use an operator such as !=, !has, !in`, token);
    }
    return this.fail(`Expected an expression but found ${describe(token)}`);
  }

  private call(): Expression {
    const token = this.advance();
    const { text: name } = token;
    if (name === "dynamic") return literal(this.parenthesized(name, () => this.json()));
    if (typedLiterals.has(name)) return this.typedLiteral(name);
    const fn = scalarFunctions.get(name);
    if (!fn && aggregateFunctions.has(name))
      this.fail(`The aggregation function '${name}' can only be used in summarize`, token, "InvalidQuery");
    if (!fn)
      this.unsupported(
        `The function '${name}'`,
        token,
        `. Supported functions: ${[...scalarFunctions.keys()].join(", ")}`,
        "UnsupportedFunction",
      );
    return { kind: "call", name, fn, args: this.arguments(token, fn) };
  }

  private arguments(name: Token, fn: { readonly parameters: string; accepts(count: number): boolean }): Expression[] {
    this.expect("(", `after ${name.text}`);
    const args = this.is(")") ? [] : this.list(() => this.expression());
    this.expect(")", `to close the arguments of ${name.text}(`);
    if (!fn.accepts(args.length))
      this.fail(`${name.text}() takes (${fn.parameters}) but was given ${args.length} argument(s)`, name, "InvalidQuery");
    return args;
  }

  private parenthesized(name: string, parse: () => KqlValue): KqlValue {
    this.expect("(", `after ${name}`);
    const value = parse();
    this.expect(")", `to close ${name}(`);
    return value;
  }

  private typedLiteral(type: string): Expression {
    const value = this.parenthesized(type, () => {
      if (this.accept("null")) return null;
      const negative = this.accept("-");
      const token = this.advance();
      if (type === "bool" && !negative && (token.text === "true" || token.text === "false")) return token.text === "true";
      if (type !== "bool" && token.kind === "number") return (negative ? -1 : 1) * Number(token.text);
      return this.fail(`Expected a ${type} value or null inside ${type}(…) but found ${describe(token)}`, token);
    });
    return literal(value, type === "real" || type === "double");
  }

  /** The JSON inside dynamic(…); its strings may use either quote, as KQL's do. */
  private json(): KqlValue {
    return this.nested((): KqlValue => {
      if (this.accept("[")) {
        const items = this.is("]") ? [] : this.list(() => this.json());
        this.expect("]", "to close the dynamic array");
        return items;
      }
      if (this.accept("{")) {
        const bag: Bag = {};
        if (!this.is("}")) {
          do {
            const key = this.peek();
            if (key.kind !== "string") this.fail(`Expected a quoted property name but found ${describe(key)}`);
            this.position++;
            this.expect(":", "after the property name");
            setField(bag, key.value, this.json());
          } while (this.accept(","));
        }
        this.expect("}", "to close the dynamic property bag");
        return bag;
      }
      const negative = this.accept("-");
      const token = this.advance();
      if (token.kind === "number") return (negative ? -1 : 1) * Number(token.text);
      if (!negative && token.kind === "string") return token.value;
      if (!negative && (token.text === "true" || token.text === "false")) return token.text === "true";
      if (!negative && token.text === "null") return null;
      return this.fail(`Expected a JSON value inside dynamic(…) but found ${describe(token)}`, token);
    });
  }
}
