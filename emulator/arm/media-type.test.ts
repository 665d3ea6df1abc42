// ARM reads JSON bodies only: a PUT, PATCH or POST with a body that is not declared
// application/json gets 415 UnsupportedMediaType, and nothing changes.
import { beforeEach, describe, expect, it } from "vitest";
import { armToken, base, call, pricingPath, subs, testEmulator, users, type TestEmulator } from "../test-support";

let emu: TestEmulator;
let token: string;
beforeEach(async () => {
  emu = await testEmulator();
  token = await armToken(emu, users.adele.upn);
});

const standard = JSON.stringify({ properties: { pricingTier: "Standard" } });

/** A raw request: `call` always declares JSON. */
async function send(method: string, path: string, body: string | undefined, contentType: string | undefined) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (contentType !== undefined) headers["Content-Type"] = contentType;
  const res = await emu.fetch(new Request(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }));
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown> };
}

const tierOfAi = async () =>
  ((await call(emu, "GET", pricingPath(subs.production, "AI"), { token })).json["properties"] as { pricingTier: string }).pricingTier;

describe("ARM request media type", () => {
  it("refuses a PUT whose body is text/plain with 415 UnsupportedMediaType, and applies nothing", async () => {
    const res = await send("PUT", pricingPath(subs.production, "AI"), standard, "text/plain;charset=UTF-8");
    expect(res.status).toBe(415);
    expect(res.json).toEqual({
      error: {
        code: "UnsupportedMediaType",
        message: "The content media type 'text/plain;charset=UTF-8' is not supported. Only 'application/json' is supported.",
      },
    });
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("199");
    expect(await tierOfAi()).toBe("Free");
  });

  it("refuses a body without Content-Type, naming it '<null>' as ARM does", async () => {
    // A byte body: fetch would label a string body text/plain itself.
    const request = new Request(`${base}${pricingPath(subs.production, "AI")}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}` },
      body: new TextEncoder().encode(standard),
    });
    expect(request.headers.get("content-type")).toBeNull();
    const res = await emu.fetch(request);
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: {
        code: "UnsupportedMediaType",
        message: "The content media type '<null>' is not supported. Only 'application/json' is supported.",
      },
    });
    expect(await tierOfAi()).toBe("Free");
  });

  it("refuses other media types on POST and PATCH too (a form, Resource Graph as text)", async () => {
    const form = await send("PATCH", pricingPath(subs.production, "AI"), "pricingTier=Standard", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    const graph = await send(
      "POST",
      "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01",
      JSON.stringify({ query: "resourcecontainers | project id" }),
      "text/plain",
    );
    expect(graph.status).toBe(415);
    expect((graph.json["error"] as { code: string }).code).toBe("UnsupportedMediaType");
    expect(graph.headers.get("x-ms-ratelimit-remaining-tenant-reads")).toBe("249");
  });

  it("accepts application/json with parameters, in any case", async () => {
    expect((await send("PUT", pricingPath(subs.production, "AI"), standard, "application/json; charset=utf-8")).status).toBe(200);
    expect(await tierOfAi()).toBe("Standard");
    const free = JSON.stringify({ properties: { pricingTier: "Free" } });
    expect((await send("PUT", pricingPath(subs.production, "AI"), free, "Application/JSON")).status).toBe(200);
    expect(await tierOfAi()).toBe("Free");
  });

  it("lets bodyless calls through without Content-Type (registering a provider)", async () => {
    const res = await send(
      "POST",
      `/subscriptions/${subs.sandbox}/providers/Microsoft.Security/register?api-version=2021-04-01`,
      undefined,
      undefined,
    );
    expect(res.status).toBe(200);
    // An empty body that names another type is still refused.
    const typed = await send(
      "POST",
      `/subscriptions/${subs.sandbox}/providers/Microsoft.Security/register?api-version=2021-04-01`,
      "",
      "text/plain",
    );
    expect(typed.status).toBe(415);
  });
});
