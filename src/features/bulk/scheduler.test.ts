import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { adaptiveLimit } from "./scheduler";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Tasks that finish when told to, and how many run at once. */
function tasks() {
  let active = 0;
  let peak = 0;
  const finishers: Array<() => void> = [];
  const task = () =>
    new Promise<void>((resolve) => {
      active++;
      peak = Math.max(peak, active);
      finishers.push(() => {
        active--;
        resolve();
      });
    });
  /** Finishes every task running now, and lets the limit start the next ones. */
  const finishRunning = async () => {
    for (const finish of finishers.splice(0)) finish();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { task, finishRunning, running: () => active, peak: () => peak };
}

describe("adaptiveLimit", () => {
  it("starts `initial` tasks, then one more per task finished, never more than `max`", async () => {
    const limit = adaptiveLimit({ initial: 2, max: 6 });
    const { task, finishRunning, running, peak } = tasks();
    const all = Promise.all(Array.from({ length: 40 }, () => limit.run(task)));
    await vi.advanceTimersByTimeAsync(0);
    expect(running()).toBe(2);
    await finishRunning();
    expect(running(), "each finished task lets two start").toBe(4);
    await finishRunning();
    expect(running()).toBe(6);
    await finishRunning();
    expect(running()).toBe(6);
    while (running()) await finishRunning();
    await all;
    expect(peak()).toBe(6);
  });

  it("halves when Azure throttles, starts nothing until Retry-After has passed, then grows by one a round", async () => {
    const limit = adaptiveLimit({ initial: 8, max: 32 });
    const { task, finishRunning, running } = tasks();
    void Promise.all(Array.from({ length: 100 }, () => limit.run(task)));
    await vi.advanceTimersByTimeAsync(0);
    expect(running()).toBe(8);

    limit.throttled(2000);
    // Throttled answers to requests sent before the first one arrived cut it once, not once each.
    limit.throttled(2000);
    expect(limit.concurrency).toBe(4);
    await finishRunning();
    expect(running(), "nothing starts while Azure asked to wait").toBe(0);
    await vi.advanceTimersByTimeAsync(1999);
    expect(running()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(running()).toBe(4);

    // From now on one more per round (a round: as many tasks finished as run at once).
    await finishRunning();
    expect(limit.concurrency).toBe(5);
    expect(running()).toBe(5);
    await finishRunning();
    expect(limit.concurrency).toBe(6);
  });

  it("goes on with one at a time however often Azure throttles", async () => {
    const limit = adaptiveLimit({ initial: 4, max: 8 });
    const { task, finishRunning, running } = tasks();
    let finished = 0;
    const all = Promise.all(Array.from({ length: 6 }, () => limit.run(task).then(() => finished++)));
    for (let time = 0; time < 4; time++) {
      await vi.advanceTimersByTimeAsync(1000);
      limit.throttled(500);
    }
    expect(limit.concurrency).toBe(1);
    await finishRunning();
    for (let round = 0; round < 6 && finished < 6; round++) {
      await vi.advanceTimersByTimeAsync(500);
      expect(running()).toBeLessThanOrEqual(1);
      await finishRunning();
    }
    await all;
    expect(finished).toBe(6);
  });

  it("starts none of the tasks waiting when cleared; those running finish", async () => {
    const limit = adaptiveLimit({ initial: 2, max: 2 });
    const { task, finishRunning, running, peak } = tasks();
    let started = 0;
    for (let index = 0; index < 10; index++) void limit.run(() => (started++, task()));
    await vi.advanceTimersByTimeAsync(0);
    limit.clear();
    await finishRunning();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    expect(running()).toBe(0);
    expect(peak()).toBe(2);
  });

  it("passes a task's result and its failure through", async () => {
    vi.useRealTimers();
    const limit = adaptiveLimit({ initial: 1, max: 1 });
    await expect(limit.run(() => Promise.resolve(42))).resolves.toBe(42);
    await expect(limit.run(() => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await expect(
      limit.run(() => Promise.resolve("after a failure")),
      "a failed task frees its place",
    ).resolves.toBe("after a failure");
  });
});
