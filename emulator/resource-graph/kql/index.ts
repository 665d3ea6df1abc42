// An emulated Azure Resource Graph's query engine: a parser and evaluator for the subset of KQL that the app's queries use.

export { KqlError, type KqlErrorCode, type KqlErrorPosition } from "./errors";
export { parseKql, type ParsedQuery } from "./query";
export { declareColumns } from "./tabular";
export type { KqlValue, Row } from "./values";
