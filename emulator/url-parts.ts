// Reading URLs and URL-encoded text from requests the way Azure's .NET front ends do, in linear time:
// trailing slashes of a path or resource URI do not count, and a malformed percent-escape stays as it
// is instead of failing the request.

const slash = 0x2f;

/**
 * `/subscriptions/` → `/subscriptions`. A loop rather than `replace(/\/+$/, "")`: that regex takes
 * quadratic time on a long run of slashes followed by anything else (16 KB of them block the event
 * loop for most of a second).
 */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === slash) end--;
  return value.slice(0, end);
}

/**
 * decodeURIComponent, except that escapes which do not decode (`%zz`, a cut UTF-8 sequence) are left
 * as they are, as .NET's Uri.UnescapeDataString leaves them. The value then fails the usual checks
 * (InvalidSubscriptionId, InvalidResourceName, unknown client id) with a 4xx instead of throwing.
 */
export function decodePercentLeniently(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // Each run of %XX escapes is decoded on its own; a run that is not valid UTF-8 stays escaped.
    return value.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
