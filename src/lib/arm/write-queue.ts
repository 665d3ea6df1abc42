/**
 * ARM allows one pricing write per subscription at a time (a second concurrent PUT gets 409
 * Conflict). Every write from this app goes through here: writes to one subscription run one after
 * another, writes to different subscriptions run in parallel.
 */
const tails = new Map<string, Promise<unknown>>();

export function runExclusive<T>(subscriptionId: string, work: () => Promise<T>): Promise<T> {
  const key = subscriptionId.toLowerCase();
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(work, work);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
