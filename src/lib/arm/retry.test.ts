import { describe, expect, it } from "vitest";
import { isRetriable, retryDelayMs } from "./retry";

describe("retry rules", () => {
  it("resends throttled or unavailable requests of any method", () => {
    expect(isRetriable("PUT", 429)).toBe(true);
    expect(isRetriable("PUT", 503)).toBe(true);
    expect(isRetriable("GET", 429)).toBe(true);
  });

  it("never resends a write that may have been processed", () => {
    expect(isRetriable("PUT", 500)).toBe(false);
    expect(isRetriable("PUT", undefined)).toBe(false);
    expect(isRetriable("POST", 502)).toBe(false);
  });

  it("resends reads after server errors and dropped connections, but not client errors", () => {
    expect(isRetriable("GET", 500)).toBe(true);
    expect(isRetriable("GET", undefined)).toBe(true);
    expect(isRetriable("GET", 404)).toBe(false);
    expect(isRetriable("GET", 403)).toBe(false);
  });

  it("waits as long as Retry-After says, within bounds", () => {
    expect(retryDelayMs(0, "2")).toBe(2000);
    expect(retryDelayMs(0, "3600")).toBe(30_000);
    expect(retryDelayMs(0, "0")).toBe(500);
    expect(retryDelayMs(0, new Date(10_000).toUTCString(), 5_000)).toBe(5000);
  });

  it("backs off exponentially without Retry-After", () => {
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(attempt, undefined))).toEqual([500, 1000, 2000, 4000]);
  });
});
