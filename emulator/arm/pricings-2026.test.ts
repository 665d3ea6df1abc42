// Microsoft.Security/pricings at api-version 2026-07-01: what it adds to 2024-01-01 (managedBy,
// originatedFrom, securityOperatorResourceId) and the global update of many plans in one request.
import { beforeEach, describe, expect, it } from "vitest";
import { sleep } from "../context";
import type { Seed } from "../fixtures/seed";
import { armToken, call, errorOf, pricingPath, subs, testEmulator, users, type JsonResponse, type TestEmulator } from "../test-support";

type Extension = {
  name: string;
  isEnabled: string;
  securityOperatorResourceId?: string;
  operationStatus?: { code: string; message: string };
};
type Pricing = {
  id: string;
  name: string;
  type: string;
  properties: Record<string, unknown> & { pricingTier: string; extensions?: Extension[] };
};
type GlobalResponse = {
  results: { planName: string; success: boolean; result?: Pricing; errorMessage?: string }[];
  summary: { totalRequested: number; successfulUpdates: number; failedUpdates: number };
};

const v2026 = "2026-07-01";
const managedBy = "M365 security rule: /management/rules/b6e2e7e2-2c7a-4e2e-9b7d-2e2e7e2b6e2e";
const operator =
  "/providers/Microsoft.Management/managementGroups/contoso-production/providers/Microsoft.Security/securityOperators/ContosoOperator";
const pricing = (res: JsonResponse) => res.body as Pricing;
const globalPath = (sub: string, apiVersion = v2026) =>
  `/subscriptions/${sub}/providers/Microsoft.Security/pricings/global?api-version=${apiVersion}`;
const managedFields = ["managedBy", "originatedFrom", "securityOperatorResourceId"];

/** Contoso AI Research's AI plan, as a Microsoft 365 security rule manages it. */
const manageAiResearchAi = (seed: Seed) => {
  const sub = seed.subscriptions.find((s) => s.subscriptionId === subs.aiResearch);
  const ai = sub?.pricings["AI"];
  if (!ai) throw new Error("seed changed: no AI pricing on Contoso AI Research");
  Object.assign(ai, { managedBy, originatedFrom: "M365" });
};

let emu: TestEmulator;
let owner: string;
beforeEach(async () => {
  emu = await testEmulator({ putDurationMs: 40 }, manageAiResearchAi);
  owner = await armToken(emu, users.adele.upn);
});

const get = (sub: string, name?: string, apiVersion = v2026) => call(emu, "GET", pricingPath(sub, name, apiVersion), { token: owner });
const put = (sub: string, name: string, properties: unknown, apiVersion = v2026, token = owner) =>
  call(emu, "PUT", pricingPath(sub, name, apiVersion), { token, body: { properties } });
const globalPut = (sub: string, plansConfigurations: unknown, token = owner) =>
  call(emu, "PUT", globalPath(sub), { token, body: { plansConfigurations } });

describe("pricings at 2026-07-01", () => {
  it("answers GET, list and filtered list as 2024-01-01 does for a plan that no one outside ARM manages", async () => {
    for (const name of ["AI", "VirtualMachines", "Dns"])
      expect((await get(subs.production, name)).body).toEqual((await get(subs.production, name, "2024-01-01")).body);
    expect((await get(subs.production)).body).toEqual((await get(subs.production, undefined, "2024-01-01")).body);
    const filtered = await call(
      emu,
      "GET",
      `${pricingPath(subs.aiResearch, undefined, v2026)}&$filter=${encodeURIComponent("name in (AI,CloudPosture)")}`,
      { token: owner },
    );
    expect((filtered.json["value"] as Pricing[]).map((p) => p.name)).toEqual(["CloudPosture", "AI"]);
  });

  it("shows managedBy and originatedFrom on a managed plan at 2026-07-01 only", async () => {
    expect(pricing(await get(subs.aiResearch, "AI")).properties).toMatchObject({
      pricingTier: "Standard",
      managedBy,
      originatedFrom: "M365",
    });
    const listed = ((await get(subs.aiResearch)).json["value"] as Pricing[]).find((p) => p.name === "AI");
    expect(listed?.properties).toMatchObject({ managedBy, originatedFrom: "M365" });
    for (const apiVersion of ["2022-03-01", "2023-01-01", "2024-01-01"]) {
      const one = pricing(await get(subs.aiResearch, "AI", apiVersion));
      const list = (await get(subs.aiResearch, undefined, apiVersion)).json["value"] as Pricing[];
      for (const p of [one, ...list])
        for (const field of managedFields) expect(p.properties, `${apiVersion} ${p.name}`).not.toHaveProperty(field);
    }
  });

  it("refuses a write to a managed plan at every api-version with 409 PricingManagedExternally, and changes nothing", async () => {
    const before = (await get(subs.aiResearch, "AI")).body;
    for (const apiVersion of ["2022-03-01", "2024-01-01", v2026]) {
      const res = await put(subs.aiResearch, "ai", { pricingTier: "Free" }, apiVersion);
      expect(res.status, apiVersion).toBe(409);
      expect(errorOf(res)).toEqual({
        code: "PricingManagedExternally",
        message: `The pricing 'AI' is managed by ${managedBy} (originated from M365) and cannot be changed through Azure Resource Manager. Change it where it is managed.`,
      });
    }
    expect((await get(subs.aiResearch, "AI")).body).toEqual(before);
    // Its other plans stay writable, and a body that is invalid anyway gets its 400 first.
    expect((await put(subs.aiResearch, "CosmosDbs", { pricingTier: "Free" })).status).toBe(200);
    expect((await put(subs.aiResearch, "AI", { pricingTier: "Premium" })).status).toBe(400);
  });

  it("stores securityOperatorResourceId (plan and extension) from 2026-07-01, shows it only there, and checks its form", async () => {
    const res = await put(subs.aiResearch, "Containers", {
      pricingTier: "Standard",
      securityOperatorResourceId: operator,
      extensions: [{ name: "ContainerSensor", isEnabled: "True", securityOperatorResourceId: operator }],
    });
    expect(res.status).toBe(200);
    expect(pricing(res).properties["securityOperatorResourceId"]).toBe(operator);
    const read = pricing(await get(subs.aiResearch, "Containers"));
    expect(read.properties["securityOperatorResourceId"]).toBe(operator);
    expect(read.properties.extensions?.find((e) => e.name === "ContainerSensor")?.securityOperatorResourceId).toBe(operator);
    const old = pricing(await get(subs.aiResearch, "Containers", "2024-01-01"));
    expect(old.properties).not.toHaveProperty("securityOperatorResourceId");
    expect(old.properties.extensions?.some((e) => "securityOperatorResourceId" in e)).toBe(false);
    // Left out of a later write: kept.
    await put(subs.aiResearch, "Containers", { pricingTier: "Standard" });
    expect(pricing(await get(subs.aiResearch, "Containers")).properties["securityOperatorResourceId"]).toBe(operator);

    const bad = await put(subs.aiResearch, "Containers", { pricingTier: "Standard", securityOperatorResourceId: "ContosoOperator" });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toContain("properties.securityOperatorResourceId");
    // 2024-01-01 has no such property: ignored there, as extensions are at 2022-03-01.
    expect(
      (await put(subs.production, "Arm", { pricingTier: "Standard", securityOperatorResourceId: "ContosoOperator" }, "2024-01-01")).status,
    ).toBe(200);
    expect(pricing(await get(subs.production, "Arm")).properties).not.toHaveProperty("securityOperatorResourceId");
  });

  it("refuses DELETE at subscription scope and PATCH, as at 2024-01-01", async () => {
    const del = await call(emu, "DELETE", pricingPath(subs.production, "AI", v2026), { token: owner });
    expect(del.status).toBe(400);
    expect(errorOf(del).code).toBe("InvalidUrlConfiguration");
    const patch = await call(emu, "PATCH", pricingPath(subs.production, "AI", v2026), {
      token: owner,
      body: { properties: { pricingTier: "Standard" } },
    });
    expect(patch.status).toBe(405);
  });
});

describe("the seeded managed plan: Contoso Security Operations' AI plan, which a Microsoft 365 security rule manages", () => {
  it("reads as the official ExternallyUpdated example does at 2026-07-01, without those fields at 2024-01-01, and refuses writes", async () => {
    const megan = await armToken(emu, users.megan.upn);
    const read = (apiVersion: string) => call(emu, "GET", pricingPath(subs.securityOps, "AI", apiVersion), { token: megan });
    expect(pricing(await read(v2026)).properties).toMatchObject({
      pricingTier: "Standard",
      managedBy: "M365 security rule: /management/rules/9f1d4860-dfd8-4554-9358-6613a7a233a2",
      originatedFrom: "M365",
    });
    const old = pricing(await read("2024-01-01"));
    expect(old.properties.pricingTier).toBe("Standard");
    for (const field of managedFields) expect(old.properties).not.toHaveProperty(field);
    const refused = await call(emu, "PUT", pricingPath(subs.securityOps, "AI"), {
      token: megan,
      body: { properties: { pricingTier: "Free" } },
    });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe("PricingManagedExternally");
    // Megan owns the subscription: its other plans are hers to change, one by one or together.
    const res = await call(emu, "PUT", globalPath(subs.securityOps), {
      token: megan,
      body: {
        plansConfigurations: [
          { planName: "AI", properties: { pricingTier: "Free" } },
          { planName: "KeyVaults", properties: { pricingTier: "Standard" } },
        ],
      },
    });
    expect((res.body as GlobalResponse).summary).toEqual({ totalRequested: 2, successfulUpdates: 1, failedUpdates: 1 });
    expect(pricing(await read(v2026)).properties.pricingTier).toBe("Standard");
    // The others do not see the subscription at all.
    expect((await get(subs.securityOps, "AI")).status).toBe(403);
  });
});

describe("PUT .../pricings/global (Pricings_GlobalUpdate)", () => {
  it("updates several plans in one request and reports each, with a summary", async () => {
    const res = await globalPut(subs.production, [
      { planName: "AI", properties: { pricingTier: "Standard" } },
      { planName: "storageaccounts", properties: { pricingTier: "Standard", subPlan: "DefenderForStorageV2" } },
      { planName: "VirtualMachines", properties: { pricingTier: "Free" } },
    ]);
    expect(res.status).toBe(200);
    const body = res.body as GlobalResponse;
    expect(body.summary).toEqual({ totalRequested: 3, successfulUpdates: 3, failedUpdates: 0 });
    expect(body.results.map((r) => [r.planName, r.success, r.result?.name, r.result?.properties.pricingTier])).toEqual([
      ["AI", true, "AI", "Standard"],
      ["storageaccounts", true, "storageaccounts", "Standard"],
      ["VirtualMachines", true, "VirtualMachines", "Free"],
    ]);
    expect(body.results[0]?.result?.properties.extensions?.find((e) => e.name === "AIModelScanner")?.operationStatus?.code).toBe(
      "Succeeded",
    );
    expect(pricing(await get(subs.production, "AI")).properties.pricingTier).toBe("Standard");
    expect(pricing(await get(subs.production, "VirtualMachines")).properties.pricingTier).toBe("Free");
    expect(res.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("199");
  });

  it("is best effort: valid plans are written, the others fail with the message their own PUT would get", async () => {
    const single = async (name: string, properties: unknown) => errorOf(await put(subs.aiResearch, name, properties)).message;
    const expected = {
      Bogus: await single("Bogus", { pricingTier: "Standard" }),
      AI: await single("AI", { pricingTier: "Free" }),
      Dns: await single("Dns", { pricingTier: "Standard" }),
      SqlServers: await single("SqlServers", { pricingTier: "Standard", extensions: [{ name: "InvalidExtension", isEnabled: "True" }] }),
      Arm: await single("Arm", { pricingTier: "Standard", subPlan: "P9" }),
    };
    const res = await globalPut(subs.aiResearch, [
      { planName: "Bogus", properties: { pricingTier: "Standard" } },
      { planName: "CosmosDbs", properties: { pricingTier: "Free" } },
      { planName: "AI", properties: { pricingTier: "Free" } },
      { planName: "Dns", properties: { pricingTier: "Standard" } },
      { planName: "SqlServers", properties: { pricingTier: "Standard", extensions: [{ name: "InvalidExtension", isEnabled: "True" }] } },
      { planName: "Arm", properties: { pricingTier: "Standard", subPlan: "P9" } },
      { planName: "KeyVaults" },
      { planName: "cosmosdbs", properties: { pricingTier: "Standard" } },
    ]);
    expect(res.status).toBe(200);
    const body = res.body as GlobalResponse;
    expect(body.summary).toEqual({ totalRequested: 8, successfulUpdates: 1, failedUpdates: 7 });
    const byName = (name: string) => body.results.find((r) => r.planName === name);
    for (const [name, message] of Object.entries(expected))
      expect(byName(name)).toEqual({ planName: name, success: false, errorMessage: message });
    expect(byName("AI")?.errorMessage).toContain("managed by M365 security rule");
    expect(byName("KeyVaults")?.errorMessage).toBe("The request body must contain a 'properties' object with 'pricingTier'.");
    expect(byName("cosmosdbs")?.errorMessage).toBe(
      "The plan 'CosmosDbs' is listed more than once in this request; only its first entry is applied.",
    );
    expect(byName("CosmosDbs")?.success).toBe(true);
    expect(pricing(await get(subs.aiResearch, "CosmosDbs")).properties.pricingTier).toBe("Free");
    expect(pricing(await get(subs.aiResearch, "AI")).properties.pricingTier).toBe("Standard");
  });

  it("answers 200 with every plan failed, and writes nothing, when none is valid", async () => {
    const res = await globalPut(subs.production, [{ planName: "Bogus", properties: { pricingTier: "Standard" } }]);
    expect(res.status).toBe(200);
    expect((res.body as GlobalResponse).summary).toEqual({ totalRequested: 1, successfulUpdates: 0, failedUpdates: 1 });
  });

  it("takes 1 to 30 plans, each named: otherwise 400 and nothing is written", async () => {
    const plans = (n: number) => Array.from({ length: n }, () => ({ planName: "AI", properties: { pricingTier: "Standard" } }));
    const tooMany = await globalPut(subs.production, plans(31));
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany)).toEqual({
      code: "BadRequest",
      message: "The request lists 31 plans; a global pricing update takes at most 30. Send the others in another request.",
    });
    expect((await globalPut(subs.production, plans(30))).status).toBe(200);
    for (const body of [[], undefined, "AI"]) expect(errorOf(await globalPut(subs.production, body)).code).toBe("InvalidInputJson");
    const unnamed = await globalPut(subs.production, [
      { planName: "CosmosDbs", properties: { pricingTier: "Standard" } },
      { properties: { pricingTier: "Standard" } },
    ]);
    expect(unnamed.status).toBe(400);
    expect(errorOf(unnamed).message).toBe("The value of 'plansConfigurations[1].planName' is required and must be a string.");
    expect(pricing(await get(subs.production, "CosmosDbs")).properties.pricingTier).toBe("Free");
    const notJson = await call(emu, "PUT", globalPath(subs.production), { token: owner, body: "{nope" });
    expect(errorOf(notJson).code).toBe("InvalidRequestContent");
  });

  it("needs Microsoft.Security/pricings/write, as a single PUT does", async () => {
    const reader = await armToken(emu, users.lynne.upn);
    const res = await globalPut(subs.production, [{ planName: "AI", properties: { pricingTier: "Standard" } }], reader);
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({
      code: "AuthorizationFailed",
      message: `The client '${users.lynne.upn}' with object id '${users.lynne.oid}' does not have authorization to perform action 'Microsoft.Security/pricings/write' over scope '/subscriptions/${subs.production}/providers/Microsoft.Security/pricings/global' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
    expect(pricing(await get(subs.production, "AI")).properties.pricingTier).toBe("Free");
    expect((await call(emu, "PUT", globalPath(subs.production), { body: { plansConfigurations: [] } })).status).toBe(401);
  });

  it("gives a Security Admin the same partial success a single PUT gives", async () => {
    const secAdmin = await armToken(emu, users.alex.upn);
    const res = await globalPut(subs.production, [{ planName: "AI", properties: { pricingTier: "Standard" } }], secAdmin);
    const ai = (res.body as GlobalResponse).results[0];
    expect(ai?.success).toBe(true);
    expect(ai?.result?.properties.extensions?.find((e) => e.name === "AIModelScanner")?.operationStatus?.code).toBe("Failed");
  });

  it("shares the subscription's write lock with single PUTs: either one meanwhile gets 409 Conflict", async () => {
    const body = [{ planName: "AI", properties: { pricingTier: "Standard" } }];
    const first = globalPut(subs.production, body);
    await sleep(5);
    const [single, global, other] = await Promise.all([
      put(subs.production, "CosmosDbs", { pricingTier: "Standard" }),
      globalPut(subs.production, body),
      globalPut(subs.aiResearch, [{ planName: "CosmosDbs", properties: { pricingTier: "Free" } }]),
    ]);
    expect([single.status, global.status, other.status]).toEqual([409, 409, 200]);
    expect(errorOf(global).code).toBe("Conflict");
    expect((await first).status).toBe(200);
    const during = put(subs.production, "CosmosDbs", { pricingTier: "Standard" });
    await sleep(5);
    expect((await globalPut(subs.production, body)).status).toBe(409);
    expect((await during).status).toBe(200);
  });

  it("refuses a Disabled subscription, answers 404 where Microsoft.Security is not registered, and is throttled as a write", async () => {
    const body = [{ planName: "AI", properties: { pricingTier: "Standard" } }];
    expect(errorOf(await globalPut(subs.legacy, body)).code).toBe("ReadOnlyDisabledSubscription");
    expect(errorOf(await globalPut(subs.sandbox, body)).code).toBe("Subscription Not Registered");
    const throttled = await testEmulator({
      putDurationMs: 0,
      rateLimits: { enabled: true, reads: { capacity: 10, refillPerSecond: 1 }, writes: { capacity: 1, refillPerSecond: 0.001 } },
    });
    const token = await armToken(throttled, users.adele.upn);
    const send = () => call(throttled, "PUT", globalPath(subs.production), { token, body: { plansConfigurations: body } });
    expect((await send()).status).toBe(200);
    const res = await send();
    expect(res.status).toBe(429);
    expect(errorOf(res).code).toBe("SubscriptionRequestsThrottled");
    expect(res.headers.get("Retry-After")).not.toBeNull();
  });

  it("exists only at 2026-07-01: at older api-versions 'global' is an invalid plan name; other scopes are not emulated", async () => {
    const old = await call(emu, "PUT", globalPath(subs.production, "2024-01-01"), {
      token: owner,
      body: { properties: { pricingTier: "Standard" } },
    });
    expect(old.status).toBe(400);
    expect(errorOf(old).code).toBe("InvalidResourceName");
    expect(errorOf(await get(subs.production, "global")).code).toBe("InvalidResourceName");
    const group = await call(
      emu,
      "PUT",
      `/providers/Microsoft.Management/managementGroups/contoso-production/providers/Microsoft.Security/pricings/global?api-version=${v2026}`,
      {
        token: owner,
        body: { plansConfigurations: [{ planName: "AI", properties: { pricingTier: "Standard" } }] },
      },
    );
    expect(group.status).toBe(501);
    expect(errorOf(group).code).toBe("NotImplemented");
  });
});

describe("batchPricings (2026-07-01)", () => {
  it("is not emulated: 501 NotImplemented in ARM's error envelope", async () => {
    for (const method of ["GET", "PUT"]) {
      const res = await call(
        emu,
        method,
        `/subscriptions/${subs.production}/providers/Microsoft.Security/batchPricings/default?api-version=${v2026}`,
        {
          token: owner,
          ...(method === "PUT" ? { body: { properties: {} } } : {}),
        },
      );
      expect(res.status).toBe(501);
      expect(errorOf(res).code).toBe("NotImplemented");
    }
  });
});
