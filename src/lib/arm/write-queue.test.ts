import { describe, expect, it } from "vitest";
import { runExclusive } from "./write-queue";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runExclusive", () => {
  it("never runs two writes to one subscription at once, even when one fails", async () => {
    let running = 0;
    let most = 0;
    const write = (fail: boolean) => async () => {
      running += 1;
      most = Math.max(most, running);
      await pause(5);
      running -= 1;
      if (fail) throw new Error("boom");
      return "ok";
    };
    const results = await Promise.allSettled([
      runExclusive("SUB", write(false)),
      runExclusive("sub", write(true)),
      runExclusive("sub", write(false)),
    ]);
    expect(most).toBe(1);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("runs writes to different subscriptions in parallel", async () => {
    let running = 0;
    let most = 0;
    const write = async () => {
      running += 1;
      most = Math.max(most, running);
      await pause(5);
      running -= 1;
    };
    await Promise.all([runExclusive("a", write), runExclusive("b", write)]);
    expect(most).toBe(2);
  });
});
