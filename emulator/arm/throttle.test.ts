// ARM's rate-limit headers: every response after the request has drawn from its bucket carries
// x-ms-ratelimit-remaining-{subscription|tenant}-{reads|writes}, errors (the 429 included) as well.
import { describe, expect, it } from "vitest";
import { armToken, call, errorOf, pricingPath, subs, tenants, testEmulator, users } from "../test-support";

const small = { rateLimits: { enabled: true, reads: { capacity: 2, refillPerSecond: 1 }, writes: { capacity: 2, refillPerSecond: 1 } } };
const subscriptionReads = "x-ms-ratelimit-remaining-subscription-reads";
const subscriptionWrites = "x-ms-ratelimit-remaining-subscription-writes";
const tenantReads = "x-ms-ratelimit-remaining-tenant-reads";

describe("rate-limit headers", () => {
  it("are on the 429 too, at 0, with Retry-After", async () => {
    const emu = await testEmulator(small);
    const token = await armToken(emu, users.adele.upn);
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 2; i++)
      remaining.push((await call(emu, "GET", pricingPath(subs.production, "AI"), { token })).headers.get(subscriptionReads));
    expect(remaining).toEqual(["1", "0"]);
    const throttled = await call(emu, "GET", pricingPath(subs.production, "AI"), { token });
    expect(throttled.status).toBe(429);
    expect(errorOf(throttled).code).toBe("SubscriptionRequestsThrottled");
    expect(throttled.headers.get(subscriptionReads)).toBe("0");
    expect(throttled.headers.get("retry-after")).toBe("1");

    // A throttled write names the writes bucket.
    const put = () => call(emu, "PUT", pricingPath(subs.production, "AI"), { token, body: { properties: { pricingTier: "Free" } } });
    expect((await put()).headers.get(subscriptionWrites)).toBe("1");
    await put();
    const throttledWrite = await put();
    expect(throttledWrite.status).toBe(429);
    expect(throttledWrite.headers.get(subscriptionWrites)).toBe("0");
    expect(throttledWrite.headers.get(subscriptionReads)).toBeNull();
  });

  it("are on refusals after authentication: 403, 404 for a hidden subscription, 401 for another tenant's", async () => {
    // Lynne without her Reader role on Sandbox.
    const emu = await testEmulator({}, (seed) => {
      seed.roleAssignments = seed.roleAssignments.filter(
        (ra) => !(ra.principalId === users.lynne.oid && ra.scope === `/subscriptions/${subs.sandbox}`),
      );
    });
    // Lynne is Reader on Production: a write is refused with 403.
    const lynne = await armToken(emu, users.lynne.upn);
    const forbidden = await call(emu, "PUT", pricingPath(subs.production, "AI"), {
      token: lynne,
      body: { properties: { pricingTier: "Standard" } },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get(subscriptionWrites)).toBe("199");

    // No role on Sandbox: GET /subscriptions/{id} hides it with 404.
    const hidden = await call(emu, "GET", `/subscriptions/${subs.sandbox}?api-version=2022-12-01`, { token: lynne });
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get(subscriptionReads)).toBe("249");

    // A Contoso token for a Fabrikam subscription.
    const adele = await armToken(emu, users.adele.upn);
    const wrongTenant = await call(emu, "GET", pricingPath(subs.fabrikamShared, "AI"), { token: adele });
    expect(wrongTenant.status).toBe(401);
    expect(errorOf(wrongTenant).code).toBe("InvalidAuthenticationTokenTenant");
    expect(wrongTenant.headers.get(subscriptionReads)).toBe("249");

    // A write refused because the subscription is Disabled counts as a write.
    const disabled = await call(emu, "PUT", pricingPath(subs.legacy, "AI"), {
      token: adele,
      body: { properties: { pricingTier: "Standard" } },
    });
    expect(disabled.status).toBe(409);
    expect(disabled.headers.get(subscriptionWrites)).toBe("199");
  });

  it("name the tenant's bucket for tenant-level calls, 429 included", async () => {
    const emu = await testEmulator(small);
    const token = await armToken(emu, users.adele.upn);
    const first = await call(emu, "GET", "/tenants?api-version=2022-12-01", { token });
    expect(first.headers.get(tenantReads)).toBe("1");
    expect(first.headers.get(subscriptionReads)).toBeNull();
    await call(emu, "GET", "/subscriptions?api-version=2022-12-01", { token });
    const throttled = await call(emu, "GET", "/tenants?api-version=2022-12-01", { token });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get(tenantReads)).toBe("0");
    // The guest profile in Fabrikam is another principal in another tenant: its own bucket.
    const guest = await call(emu, "GET", "/tenants?api-version=2022-12-01", {
      token: await armToken(emu, users.adele.upn, tenants.fabrikam),
    });
    expect(guest.headers.get(tenantReads)).toBe("1");
  });

  it("are absent before the caller is known, and for subscription ids the emulator does not have", async () => {
    const emu = await testEmulator();
    const noToken = await call(emu, "GET", pricingPath(subs.production, "AI"));
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get(subscriptionReads)).toBeNull();
    const token = await armToken(emu, users.adele.upn);
    const unknown = await call(emu, "GET", `/subscriptions/00000000-0000-4000-8000-000000000000?api-version=2022-12-01`, { token });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get(subscriptionReads)).toBeNull();
  });
});
