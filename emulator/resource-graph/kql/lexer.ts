import { errorAt } from "./errors";

export interface Token {
  readonly kind: "identifier" | "number" | "string" | "symbol" | "end";
  /** The token as written, quoted back in error messages. */
  readonly text: string;
  /** A string literal's value once quotes and escapes are gone; the text for any other token. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

// Longest first, so that `==` is never read as two `=`.
const symbols = "== != =~ !~ <= >= < > = + - * / % ( ) [ ] { } , . | : ;".split(" ");
const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", "'": "'", '"': '"' };
const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;
const numeral = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Splits a query into tokens, dropping whitespace and `//` comments. Words such as `has` stay identifiers; `in~` and the
 * negated word operators (`!has`, `!in~`) become single symbols, since KQL writes them without spaces.
 */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const failure = (offset: number, message: string, token: string) => errorAt(query, offset, "ParserFailure", message, token);
  const push = (kind: Token["kind"], start: number, end: number, value = query.slice(start, end)): number => {
    tokens.push({ kind, text: query.slice(start, end), value, start, end });
    return end;
  };
  const wordEnd = (start: number): number => {
    let end = start;
    while (identifierPart.test(query.charAt(end))) end++;
    // `in~` and `!in~` are the only words that end in a symbol.
    return query.slice(start, end) === "in" && query.charAt(end) === "~" ? end + 1 : end;
  };

  const readString = (start: number, quoteAt: number, verbatim: boolean): number => {
    const quote = query.charAt(quoteAt);
    let value = "";
    let cursor = quoteAt + 1;
    for (;;) {
      const character = query.charAt(cursor);
      if (character === "" || character === "\n") {
        throw failure(start, `Unterminated string literal: it needs a closing ${quote} on the same line`, query.slice(start, cursor));
      }
      if (character === quote && verbatim && query.charAt(cursor + 1) === quote) {
        value += quote; // a verbatim string doubles its quote character to contain it
        cursor += 2;
      } else if (character === quote) {
        return push("string", start, cursor + 1, value);
      } else if (character === "\\" && !verbatim) {
        const escaped = query.charAt(cursor + 1);
        const hex = escaped === "u" ? /^[0-9a-fA-F]{4}/.exec(query.slice(cursor + 2))?.[0] : undefined;
        const meaning = hex === undefined ? escapes[escaped] : String.fromCharCode(parseInt(hex, 16));
        if (meaning === undefined) throw failure(cursor, `Invalid escape sequence '\\${escaped}' in a string literal`, `\\${escaped}`);
        value += meaning;
        cursor += hex === undefined ? 2 : 6;
      } else {
        value += character;
        cursor++;
      }
    }
  };

  let at = 0;
  while (at < query.length) {
    const character = query.charAt(at);
    const next = query.charAt(at + 1);
    if (/\s/.test(character)) {
      at++;
    } else if (character === "/" && next === "/") {
      const newline = query.indexOf("\n", at);
      at = newline < 0 ? query.length : newline + 1;
    } else if (character === '"' || character === "'") {
      at = readString(at, at, false);
    } else if (character === "@" && (next === '"' || next === "'")) {
      at = readString(at, at + 1, true);
    } else if (/\d/.test(character)) {
      numeral.lastIndex = at;
      const end = at + (numeral.exec(query)?.[0].length ?? 1);
      if (identifierPart.test(query.charAt(end))) {
        const text = query.slice(at, wordEnd(end));
        throw failure(at, `Unsupported literal '${text}': this emulator reads plain numbers only, not timespans such as 1d or hex`, text);
      }
      at = push("number", at, end);
    } else if (identifierStart.test(character) || (character === "$" && identifierStart.test(next))) {
      const end = wordEnd(character === "$" ? at + 1 : at);
      at = push(query.charAt(end - 1) === "~" ? "symbol" : "identifier", at, end);
    } else if (character === "!" && identifierStart.test(next)) {
      at = push("symbol", at, wordEnd(at + 1));
    } else {
      const symbol = symbols.find((candidate) => query.startsWith(candidate, at));
      if (symbol === undefined) throw failure(at, `Unexpected character '${character}'`, character);
      at = push("symbol", at, at + symbol.length);
    }
  }
  return tokens;
}
