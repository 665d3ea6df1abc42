// The control API refuses what a web page could send it, and still serves the test tools: no
// Origin (Playwright's request fixture, curl), JSON bodies with their Content-Type, bodyless POSTs.
import { beforeEach, describe, expect, it } from "vitest";
import { appOrigin, armToken, base, call, pricingPath, subs, testEmulator, users, type TestEmulator } from "../test-support";

let emu: TestEmulator;
beforeEach(async () => {
  emu = await testEmulator();
});

const fault = { match: { method: "GET" }, fault: { kind: "status", status: 500 } };

async function send(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const res = await emu.fetch(new Request(`${base}/__emulator/${path}`, { method, ...init }));
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

/** What the control API reports and what ARM serves, to compare before and after a refused request. */
async function snapshot() {
  const token = await armToken(emu, users.adele.upn);
  return {
    faults: (await send("GET", "faults")).body,
    settings: (await send("GET", "settings")).body,
    ai: (await call(emu, "GET", pricingPath(subs.production, "AI"), { token })).body,
  };
}

describe("control API guard", () => {
  it("refuses a cross-origin text/plain POST (what any web page can send) and changes nothing", async () => {
    const before = await snapshot();
    const res = await send("POST", "faults", {
      body: JSON.stringify(fault),
      headers: { "Content-Type": "text/plain", Origin: "https://attacker.example" },
    });
    expect(res).toEqual({
      status: 403,
      body: {
        error: "forbidden",
        message: "The control API refuses requests from web pages: Origin https://attacker.example is not https://localhost:8443.",
      },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a text/plain or form body even without Origin (415), and changes nothing", async () => {
    const before = await snapshot();
    for (const contentType of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await send("POST", "faults", { body: JSON.stringify(fault), headers: { "Content-Type": contentType } });
      expect(res.status, contentType).toBe(415);
      expect(res.body?.["error"]).toBe("unsupported_media_type");
    }
    // new Request() with a string body and no header sends text/plain.
    expect((await send("PUT", "settings", { body: JSON.stringify({ putDurationMs: 1 }) })).status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a bodyless reset from a page (Origin, or Sec-Fetch-Site cross-site / same-site)", async () => {
    await send("PUT", "settings", { body: JSON.stringify({ putDurationMs: 7 }), headers: { "Content-Type": "application/json" } });
    const before = await snapshot();
    for (const headers of [
      { Origin: appOrigin },
      { Origin: "null" },
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
    ] as Array<Record<string, string>>) {
      const res = await send("POST", "reset", { headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body?.["error"]).toBe("forbidden");
    }
    const read = await send("GET", "faults", { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(read.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((before.settings as { putDurationMs: number }).putDurationMs).toBe(7);
  });

  it("serves tools: JSON with its Content-Type, bodyless POST and DELETE, the emulator's own origin", async () => {
    const json = { "Content-Type": "application/json; charset=utf-8" };
    const added = await send("POST", "faults", { body: JSON.stringify(fault), headers: json });
    expect(added.status).toBe(201);
    expect((await send("POST", "faults", { body: JSON.stringify(fault), headers: { ...json, Origin: base } })).status).toBe(201);
    expect(
      (await send("POST", "chaos", { body: JSON.stringify({ rate: 0, seed: 1 }), headers: { "Sec-Fetch-Site": "same-origin", ...json } }))
        .status,
    ).toBe(200);
    expect((await send("GET", "faults", { headers: { "Sec-Fetch-Site": "none" } })).status).toBe(200);
    expect((await send("DELETE", `faults/${String(added.body?.["id"])}`)).status).toBe(204);
    // Playwright's request.post(url) without data: no Content-Type, an empty body.
    expect((await send("POST", "reset", { body: "" })).status).toBe(204);
    expect((await send("POST", "reset")).status).toBe(204);
    expect((await send("GET", "faults")).body).toEqual({ faults: [] });
  });

  it("bounds control bodies like ARM's: 413 over 4 MB, 400 for deep JSON", async () => {
    const json = { "Content-Type": "application/json" };
    const big = await send("POST", "faults", {
      body: JSON.stringify({ ...fault, fault: { kind: "body", body: "x".repeat(4 * 1024 * 1024) } }),
      headers: json,
    });
    expect(big).toEqual({ status: 413, body: { error: "request_too_large", message: "The control API accepts at most 4194304 bytes." } });
    const deep = await send("PUT", "settings", { body: `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`, headers: json });
    expect(deep.status).toBe(400);
    expect(deep.body?.["message"]).toMatch(/MaxDepth of 64/);
    expect((await send("GET", "faults")).body).toEqual({ faults: [] });
  });
});

describe("fault paths cannot hang the emulator", () => {
  it("refuses a regular expression such as ^/(a+)+$", async () => {
    const res = await call(emu, "POST", "/__emulator/faults", { body: { match: { path: "^/(a+)+$" }, fault: { kind: "drop" } } });
    expect(res.status).toBe(400);
    expect(res.json["message"]).toMatch(/not a regular expression: remove '\^'/);
    expect((await call(emu, "GET", "/__emulator/faults")).json).toEqual({ faults: [] });
  });

  it("matches the worst glob against a long path quickly, and keeps answering", async () => {
    // As a regular expression (`(.*/)?[^/]*a[^/]*a…` twenty times) this would backtrack for ages.
    const path = `/subscriptions${"/**/*a*a*a*a*a*a*a*a".repeat(20)}/b`;
    expect((await call(emu, "POST", "/__emulator/faults", { body: { match: { path }, fault: { kind: "drop" } } })).status).toBe(201);
    const token = await armToken(emu, users.adele.upn);
    const started = performance.now();
    const res = await call(emu, "GET", `/subscriptions/${"aaaaaaaaaa/".repeat(1400)}c?api-version=2022-12-01`, { token });
    expect(res.status).toBe(501);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await call(emu, "GET", pricingPath(subs.production, "AI"), { token })).status).toBe(200);
  });
});
