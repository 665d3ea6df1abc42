// Path patterns of fault rules (POST /__emulator/faults): a small glob instead of a regular
// expression, because a user-supplied regular expression can take exponential time (`^/(a+)+$`)
// and block the event loop, while this matcher's time is at most pattern length × path length.
//
// A pattern is compared with the whole URL pathname (no query), case-insensitively as ARM paths
// are, trailing slashes ignored:
//   *    any characters within one path segment (not `/`), also none: `/subscriptions/*`
//   **   a whole segment standing for any number of segments, also none: `/**/pricings/AI`
// Every other character stands for itself (`.` included).
import { trimTrailingSlashes } from "./url-parts";

/** Longer patterns are refused: together with Node's 16 KB request-line limit this bounds one match. */
export const maxPathGlobLength = 512;

/** Characters of regular expressions that never occur in the emulated paths: refusing them makes a leftover regex fail loudly instead of never matching. */
const regexCharacters = /[\^$()[\]{}|\\+?]/;

/** What is wrong with a pattern, or undefined when it is a valid glob. */
export function pathGlobProblem(pattern: string): string | undefined {
  if (pattern.length > maxPathGlobLength) return `must be at most ${maxPathGlobLength} characters`;
  const regex = regexCharacters.exec(pattern)?.[0];
  if (regex !== undefined) return `is a glob ('*' within a segment, '**' for any segments), not a regular expression: remove '${regex}'`;
  if (!pattern.startsWith("/")) return "must start with '/' (use '/**/…' to match anywhere)";
  if (pattern.split("/").some((segment) => segment.includes("**") && segment !== "**")) return "may use '**' only as a whole segment";
  return undefined;
}

const segmentsOf = (path: string) => trimTrailingSlashes(path.toLowerCase()).split("/");

/**
 * `*` within one segment: wildcard matching that backtracks only to the last `*` seen, which is
 * enough for a single kind of star and takes at most pattern × text steps.
 */
function segmentMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resumeAt = 0;
  while (t < text.length) {
    if (pattern[p] === "*") {
      star = p++;
      resumeAt = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** The same algorithm one level up: `**` is the star, and every other pattern segment matches exactly one path segment. */
export function matchesPathGlob(pattern: string, pathname: string): boolean {
  const want = segmentsOf(pattern);
  const have = segmentsOf(pathname);
  let w = 0;
  let h = 0;
  let globstar = -1;
  let resumeAt = 0;
  while (h < have.length) {
    const segment = want[w];
    if (segment === "**") {
      globstar = w++;
      resumeAt = h;
    } else if (segment !== undefined && segmentMatches(segment, have[h] ?? "")) {
      w++;
      h++;
    } else if (globstar >= 0) {
      w = globstar + 1;
      h = ++resumeAt;
    } else {
      return false;
    }
  }
  while (want[w] === "**") w++;
  return w === want.length;
}
