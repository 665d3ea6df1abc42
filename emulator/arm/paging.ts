// Paging of ARM list operations with the emulator's own `$skiptoken` format (ARM's tokens are opaque):
// base64url JSON holding the index of the next item.

/**
 * One page of `items` from the request's `$skiptoken`, and the full URL of the next page, if any.
 * The link is the emulator's configured public URL with the request's path and query: never the
 * request's own origin, which comes from the Host header (any client, or a proxy in front of the
 * emulator, sets that to anything, and a client following the link would send its token there).
 */
export function pageOf<T>(
  items: readonly T[],
  request: { publicUrl: string; url: URL },
  size: number,
): { value: T[]; nextLink: string | undefined } {
  const { publicUrl, url } = request;
  const skip = skipOf(url.searchParams.get("$skiptoken"));
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value, nextLink: undefined };
  const next = new URL(`${publicUrl}${url.pathname}${url.search}`);
  next.searchParams.set("$skiptoken", Buffer.from(JSON.stringify({ skip: skip + size })).toString("base64url"));
  return { value, nextLink: next.toString() };
}

function skipOf(token: string | null): number {
  if (token === null) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "skip" in parsed && typeof parsed.skip === "number" && parsed.skip >= 0)
      return Math.floor(parsed.skip);
  } catch {
    // An unreadable token restarts from the first page.
  }
  return 0;
}
