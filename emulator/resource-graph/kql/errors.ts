/**
 * What Resource Graph calls the problem, for the `code` of its 400 error details:
 * - ParserFailure: the text is not KQL (an unterminated string, a missing operand);
 * - UnsupportedOperator / UnsupportedFunction: valid KQL this emulator does not run;
 * - InvalidQuery: parses, but means nothing (a wrong argument count, count() outside summarize);
 * - DisallowedLogicalTableName: the query reads a table there is none of (Resource Graph's own code).
 */
export type KqlErrorCode = "ParserFailure" | "UnsupportedOperator" | "UnsupportedFunction" | "InvalidQuery" | "DisallowedLogicalTableName";

/** Where the offending token starts, the way Resource Graph's ParserFailure details give it: line from 1, character in the line from 0. */
export interface KqlErrorPosition {
  readonly line: number;
  readonly characterPositionInLine: number;
}

/** Thrown for any query the engine cannot parse, does not support or cannot run. */
export class KqlError extends Error {
  override readonly name = "KqlError";

  constructor(
    readonly code: KqlErrorCode,
    message: string,
    readonly token?: string,
    readonly position?: KqlErrorPosition,
  ) {
    super(message);
  }
}

/** An error about the token at `offset`; the message starts with the line and column, so a reader can find the spot without counting. */
export function errorAt(query: string, offset: number, code: KqlErrorCode, message: string, token?: string): KqlError {
  const before = query.slice(0, offset);
  const line = before.split("\n").length;
  const characterPositionInLine = offset - (before.lastIndexOf("\n") + 1);
  return new KqlError(code, `Line ${line}, column ${characterPositionInLine + 1}: ${message}`, token, { line, characterPositionInLine });
}
