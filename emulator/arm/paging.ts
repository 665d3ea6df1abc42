// Paging of ARM list operations with the emulator's own `$skiptoken` format (ARM's tokens are opaque):
// base64url JSON holding the index of the next item.

/** One page of `items` from the request's `$skiptoken`, and the full URL of the next page, if any. */
export function pageOf<T>(items: readonly T[], url: URL, size: number): { value: T[]; nextLink: string | undefined } {
  const skip = skipOf(url.searchParams.get("$skiptoken"));
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value, nextLink: undefined };
  const next = new URL(url.toString());
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
