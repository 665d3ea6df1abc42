// Bounds on what one request may carry, so that no request can exhaust memory or the stack, or
// store something a later read cannot serialise: the body size, and the nesting depth and string
// length of JSON bodies.

/**
 * ARM's documented request size limit ("The request content size exceeds the maximum size of 4 MB",
 * 413 RequestContentTooLarge); whether ARM's MB is 2^20 or 10^6 bytes is unverified. The emulator
 * applies it to every endpoint, Entra's and the control API's included.
 */
export const maxRequestBytes = 4 * 1024 * 1024;

export type JsonLimits = { maxDepth: number; maxStringLength: number };

/**
 * ARM reads bodies with Newtonsoft.Json, whose reader refuses nesting deeper than 64 (unverified for
 * ARM). ARM documents no string limit; 64 Ki characters is the emulator's own bound, far above any
 * value the pricings API carries (additionalExtensionProperties hold short lists).
 */
export const armJsonLimits: JsonLimits = { maxDepth: 64, maxStringLength: 64 * 1024 };

/** Why a body is not acceptable JSON; the message is the detail ARM's InvalidRequestContent quotes. */
export class JsonContentError extends Error {}

const quote = 0x22;
const backslash = 0x5c;
const newline = 0x0a;
const openers = new Set([0x7b, 0x5b]); // { [
const closers = new Set([0x7d, 0x5d]); // } ]

/** "line 1, position 42", counted like Newtonsoft.Json does (1-based line, position within the line). */
function where(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (text.charCodeAt(i) === newline) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, position ${index - lineStart + 1}`;
}

/**
 * One linear pass over the text before JSON.parse: JSON.parse itself copes with any depth, but the
 * value it builds would later overflow the stack of JSON.stringify (every read of the stored pricing
 * would fail). Malformed JSON is left for JSON.parse to report.
 */
function checkBounds(text: string, limits: JsonLimits): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== quote; i++) if (text.charCodeAt(i) === backslash) i++;
      // Counted as written (escapes included): a bound, not an exact length.
      if (i - start - 1 > limits.maxStringLength)
        throw new JsonContentError(
          `A string of more than ${limits.maxStringLength} characters starts at ${where(text, start)}; the emulator accepts no longer strings.`,
        );
    } else if (openers.has(c)) {
      depth++;
      if (depth > limits.maxDepth)
        throw new JsonContentError(`The reader's MaxDepth of ${limits.maxDepth} has been exceeded at ${where(text, i)}.`);
    } else if (closers.has(c)) {
      depth--;
    }
  }
}

/** JSON.parse within the limits; throws JsonContentError for bad JSON and for a body beyond the limits. */
export function parseJsonWithin(text: string, limits: JsonLimits): unknown {
  checkBounds(text, limits);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new JsonContentError(err instanceof Error ? err.message : "invalid JSON");
  }
}
