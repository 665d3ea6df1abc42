/**
 * How many subscriptions a run writes at once. ARM's limits are per subscription and principal, and
 * Microsoft.Security may apply its own, unpublished ones: the right number is not known up front. So
 * the run finds it as TCP finds a link's share: it starts a few, adds one per subscription finished
 * while Azure keeps up (doubling each round) until the first throttling, then one per round; a 429 or
 * 503 halves it, and nothing new starts until the wait Azure asked for (Retry-After) has passed.
 * Answers already on their way when Azure throttled cut it once, not once each.
 */
export type AdaptiveLimit = {
  /** Runs `task` when the limit allows. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Azure throttled a request and asked to wait `waitMs`. */
  throttled(waitMs: number): void;
  /** Drops the tasks not yet started (their promises never settle): their results are no longer wanted. */
  clear(): void;
  /** Tasks allowed at once now. */
  readonly concurrency: number;
};

export function adaptiveLimit({ initial, max, now = Date.now }: { initial: number; max: number; now?: () => number }): AdaptiveLimit {
  let concurrency = initial;
  /** Below it each finished task adds one; from it on, one per round. */
  let threshold = max;
  /** Tasks finished in this round while at or above the threshold. */
  let finishedThisRound = 0;
  let active = 0;
  /** No task starts before this moment (Retry-After). */
  let holdUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waiting: Array<() => void> = [];

  const next = () => {
    const wait = holdUntil - now();
    if (wait > 0) {
      if (waiting.length && !timer)
        timer = setTimeout(() => {
          timer = undefined;
          next();
        }, wait);
      return;
    }
    while (active < concurrency && waiting.length) {
      active++;
      waiting.shift()?.();
    }
  };

  return {
    get concurrency() {
      return concurrency;
    },
    run(task) {
      return new Promise((resolve, reject) => {
        waiting.push(() => {
          const started = now();
          task()
            .then(resolve, reject)
            .finally(() => {
              active--;
              // Only a task that started after the last throttling says Azure keeps up.
              if (started >= holdUntil && concurrency < max) {
                if (concurrency < threshold) concurrency++;
                else if (++finishedThisRound >= concurrency) {
                  concurrency++;
                  finishedThisRound = 0;
                }
              }
              next();
            });
        });
        next();
      });
    },
    clear() {
      waiting.length = 0;
    },
    throttled(waitMs) {
      const at = now();
      if (at < holdUntil) return;
      concurrency = threshold = Math.max(1, Math.floor(concurrency / 2));
      finishedThisRound = 0;
      holdUntil = at + waitMs;
      next();
    },
  };
}
