// The emulator against the official contract: the swagger of Microsoft.Security pricings
// (2024-01-01) and its x-ms-examples, plus the PUT bodies the app itself builds.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { extensionsWrite, tierWrite, type PlanChange } from "../../src/features/defender-plans/plan-change";
import { pricingListSchema, pricingSchema, type Pricing } from "../../src/lib/arm/schemas";
import { loadSeed, type SeedSubscription } from "../fixtures/seed";
import { armToken, call, pricingPath, subs, testEmulator, users, type JsonResponse, type TestEmulator } from "../test-support";
import { exampleRequest, exampleSubscriptionId, seedExampleSubscription } from "./example-subscription";
import { loadSpec, missingKeys, subscriptionScopeExamples, type SpecDefinition } from "./spec";

const spec = loadSpec();
const seed = loadSeed();
const examples = subscriptionScopeExamples();

/** Checks a response against the spec: the success definition for 2xx, CloudError otherwise. */
function expectConforms(res: JsonResponse, success: SpecDefinition, what: string): void {
  const definition = res.status >= 200 && res.status < 300 ? success : "CloudError";
  expect(spec(definition, res.body), `${what}: HTTP ${res.status} as ${definition}`).toEqual([]);
}

/** A token of the subscription's seeded Owner (Adele, her guest account in Fabrikam, or Megan for Contoso Security Operations). */
async function ownerToken(emu: TestEmulator, sub: SeedSubscription): Promise<string> {
  const owner = seed.roleAssignments.find((ra) => ra.roleName === "Owner" && ra.scope === `/subscriptions/${sub.subscriptionId}`);
  const account = owner && emu.context.directory.accountByObjectId(sub.tenantId, owner.principalId);
  if (!account) throw new Error(`no seeded Owner of ${sub.displayName}`);
  return armToken(emu, account.home.userPrincipalName, sub.tenantId);
}

describe("the spec validator itself", () => {
  it("finds the subscription-scope examples", () => {
    expect(examples.map((e) => e.file)).toEqual([
      "GetPricingByNameCloudPosture_example.json",
      "GetPricingByNameContainers_example.json",
      "GetPricingByNameDns_example.json",
      "GetPricingByNameStorageAccounts_example.json",
      "GetPricingByNameVirtualMachines_example.json",
      "ListPricingsWithPlanFilter_example.json",
      "ListPricings_example.json",
      "PutPricingByNamePartialSuccess_example.json",
      "PutPricingByName_example.json",
      "PutPricingVMsByName_example.json",
    ]);
  });

  it("accepts every official example (so the tightened schemas are not stricter than the spec's authors)", () => {
    for (const example of examples) {
      const definition = example.file.startsWith("List") ? "PricingList" : "Pricing";
      for (const [status, response] of Object.entries(example.responses))
        expect(spec(definition, response.body), `${example.file} ${status}`).toEqual([]);
      if (example.parameters.pricing !== undefined)
        expect(spec("Pricing", example.parameters.pricing, "request"), `${example.file} request`).toEqual([]);
    }
  });

  it("refuses what the spec refuses: unknown fields, wrong enums, boolean isEnabled, read-only fields in a request", () => {
    const good = {
      id: "/x",
      name: "AI",
      type: "Microsoft.Security/pricings",
      properties: { pricingTier: "Free", freeTrialRemainingTime: "P30D" },
    };
    expect(spec("Pricing", good)).toEqual([]);
    expect(spec("Pricing", { ...good, properties: { ...good.properties, pricingTeir: "Free" } })).toEqual([
      "/properties must NOT have unevaluated properties 'pricingTeir'",
    ]);
    expect(spec("Pricing", { properties: { pricingTier: "Premium" } }).join()).toMatch(/allowed values/);
    expect(
      spec("Pricing", { properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: true }] } }).join(),
    ).toMatch(/must be string/);
    expect(spec("Pricing", { properties: { pricingTier: "Free", freeTrialRemainingTime: "30 days" } }).join()).toMatch(/duration/);
    expect(spec("Pricing", { properties: { pricingTier: "Free", freeTrialRemainingTime: "P30D" } }, "request")).not.toEqual([]);
    expect(spec("CloudError", { error: { code: "X", message: "y" } })).toEqual([]);
    expect(spec("CloudError", { error: { code: "X", message: "y", detail: "typo" } })).not.toEqual([]);
  });
});

describe("every pricings response of the emulator conforms to the spec", () => {
  for (const sub of seed.subscriptions) {
    it(`${sub.displayName} (${sub.state}, Microsoft.Security ${sub.securityProvider}): list, get and PUT of every plan`, async () => {
      const emu = await testEmulator({ putDurationMs: 0 });
      const token = await ownerToken(emu, sub);
      const id = sub.subscriptionId;
      expectConforms(await call(emu, "GET", pricingPath(id), { token }), "PricingList", "list");
      expectConforms(
        await call(emu, "GET", `${pricingPath(id)}&$filter=${encodeURIComponent("name in (AI,VirtualMachines)")}`, { token }),
        "PricingList",
        "filtered list",
      );
      for (const plan of seed.plans) {
        const get = await call(emu, "GET", pricingPath(id, plan.name), { token });
        expectConforms(get, "Pricing", `get ${plan.name}`);
        const tier = (get.json["properties"] as { pricingTier?: string } | undefined)?.pricingTier;
        // Switch the plan over and back: Free → Standard, Standard → Free (or the error of a deprecated plan).
        for (const pricingTier of tier === "Standard" ? ["Free", "Standard"] : ["Standard", "Free"]) {
          expectConforms(
            await call(emu, "PUT", pricingPath(id, plan.name), { token, body: { properties: { pricingTier } } }),
            "Pricing",
            `PUT ${plan.name} ${pricingTier}`,
          );
        }
      }
    });
  }

  it("partial-success PUTs (a Security Admin switching on role-assigning extensions) conform", async () => {
    const emu = await testEmulator({ putDurationMs: 0 });
    const secAdmin = await armToken(emu, users.alex.upn);
    let failures = 0;
    for (const plan of seed.plans.filter((p) => p.deprecated !== true)) {
      for (const pricingTier of ["Free", "Standard"]) {
        const res = await call(emu, "PUT", pricingPath(subs.production, plan.name), {
          token: secAdmin,
          body: { properties: { pricingTier } },
        });
        expect(res.status).toBe(200);
        expectConforms(res, "Pricing", `PUT ${plan.name} ${pricingTier}`);
        const extensions = (res.json["properties"] as { extensions?: { operationStatus?: { code: string } }[] }).extensions ?? [];
        failures += extensions.filter((e) => e.operationStatus?.code === "Failed").length;
      }
    }
    expect(failures).toBeGreaterThan(0);
  });

  it("ARM and resource-provider errors are CloudErrors", async () => {
    const emu = await testEmulator({ putDurationMs: 60 });
    const owner = await armToken(emu, users.adele.upn);
    const reader = await armToken(emu, users.lynne.upn);
    const path = pricingPath(subs.production, "AI");
    const cases: [string, Promise<JsonResponse>][] = [
      ["no api-version", call(emu, "GET", `/subscriptions/${subs.production}/providers/Microsoft.Security/pricings`, { token: owner })],
      ["unsupported api-version", call(emu, "GET", pricingPath(subs.production, undefined, "2019-01-01"), { token: owner })],
      ["no token", call(emu, "GET", path)],
      ["forged token", call(emu, "GET", path, { token: `${owner.slice(0, -4)}AAAA` })],
      ["reader writes", call(emu, "PUT", path, { token: reader, body: { properties: { pricingTier: "Standard" } } })],
      ["unknown subscription", call(emu, "GET", pricingPath("00000000-0000-4000-8000-000000000000"), { token: owner })],
      ["not registered", call(emu, "GET", pricingPath(subs.sandbox), { token: owner })],
      [
        "disabled subscription",
        call(emu, "PUT", pricingPath(subs.legacy, "AI"), { token: owner, body: { properties: { pricingTier: "Standard" } } }),
      ],
      [
        "deprecated plan",
        call(emu, "PUT", pricingPath(subs.production, "Dns"), { token: owner, body: { properties: { pricingTier: "Standard" } } }),
      ],
      ["DELETE at subscription scope", call(emu, "DELETE", path, { token: owner })],
      ["bad $filter", call(emu, "GET", `${pricingPath(subs.production)}&$filter=tier eq 'Free'`, { token: owner })],
      ["malformed JSON", call(emu, "PUT", path, { token: owner, body: "{not json" })],
    ];
    for (const [what, pending] of cases) {
      const res = await pending;
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expectConforms(res, "Pricing", what);
    }
    // Two concurrent PUTs: the second one's 409 Conflict.
    const [first, second] = await Promise.all([
      call(emu, "PUT", path, { token: owner, body: { properties: { pricingTier: "Standard" } } }),
      call(emu, "PUT", path, { token: owner, body: { properties: { pricingTier: "Standard" } } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expectConforms(first.status === 409 ? first : second, "Pricing", "conflict");
  });
});

describe("invalid PUT bodies get ARM's error codes", () => {
  const cases: { what: string; plan: string; body: unknown; status: number; code: string; specInvalid: boolean }[] = [
    {
      what: "unknown tier",
      plan: "AI",
      body: { properties: { pricingTier: "Premium" } },
      status: 400,
      code: "InvalidInputJson",
      specInvalid: true,
    },
    {
      what: "isEnabled as a boolean",
      plan: "AI",
      body: { properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: true }] } },
      status: 400,
      code: "InvalidInputJson",
      specInvalid: true,
    },
    { what: "missing properties", plan: "AI", body: { pricingTier: "Standard" }, status: 400, code: "InvalidInputJson", specInvalid: true },
    { what: "missing pricingTier", plan: "AI", body: { properties: {} }, status: 400, code: "InvalidInputJson", specInvalid: true },
    {
      what: "unknown plan name",
      plan: "Bogus",
      body: { properties: { pricingTier: "Standard" } },
      status: 400,
      code: "InvalidResourceName",
      specInvalid: false,
    },
    {
      what: "additionalExtensionProperties on a disabled extension",
      plan: "VirtualMachines",
      body: {
        properties: {
          pricingTier: "Standard",
          extensions: [{ name: "AgentlessVmScanning", isEnabled: "False", additionalExtensionProperties: { ExclusionTags: "[]" } }],
        },
      },
      status: 500,
      code: "InternalServerError",
      specInvalid: false,
    },
  ];
  for (const c of cases) {
    it(`${c.what} → ${c.status} ${c.code}`, async () => {
      // The spec and the emulator agree on what is malformed; the last two are well-formed bodies the service refuses.
      expect(spec("Pricing", c.body, "request").length > 0).toBe(c.specInvalid);
      const emu = await testEmulator({ putDurationMs: 0 });
      const res = await call(emu, "PUT", pricingPath(subs.production, c.plan), {
        token: await armToken(emu, users.adele.upn),
        body: c.body,
      });
      expect(res.status).toBe(c.status);
      expectConforms(res, "Pricing", c.what);
      expect((res.json["error"] as { code: string }).code).toBe(c.code);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The official examples, replayed against a subscription seeded with the examples' own state.

describe("the official examples are accepted and answered in their shape", () => {
  for (const example of examples) {
    it(example.file, async () => {
      expect(example.parameters.scopeId).toBe(`subscriptions/${exampleSubscriptionId}`);
      const request = exampleRequest(example);
      // A PUT example shows the answer of switching the plan on: start from Free.
      const emu = await testEmulator({ putDurationMs: 0 }, (s) => {
        seedExampleSubscription(
          s,
          examples,
          request.method === "PUT" && example.parameters.pricingName ? [example.parameters.pricingName] : [],
        );
      });
      // The partial-success example is what a caller who may not assign roles gets.
      const token = await armToken(emu, example.file.includes("PartialSuccess") ? users.alex.upn : users.adele.upn);
      const res = await call(emu, request.method, request.path, request.body === undefined ? { token } : { token, body: request.body });
      expect(res.status).toBe(200);
      const expected = example.responses["200"]?.body;
      expect(spec(example.file.startsWith("List") ? "PricingList" : "Pricing", res.body)).toEqual([]);
      expect(missingKeys(expected, res.body)).toEqual([]);
      if (example.file.includes("PartialSuccess")) {
        const statuses = (res.json["properties"] as { extensions: { name: string; operationStatus?: { code: string } }[] }).extensions.map(
          (e) => [e.name, e.operationStatus?.code],
        );
        expect(statuses).toEqual([
          ["AgentlessVmScanning", "Failed"],
          ["AgentlessDiscoveryForKubernetes", "Failed"],
          ["SensitiveDataDiscovery", "Failed"],
          ["ContainerRegistriesVulnerabilityAssessments", "Succeeded"],
          ["EntraPermissionsManagement", "Succeeded"],
        ]);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The app's own PUT bodies (src/features/defender-plans/plan-change.ts), over every seeded pricing.

/** A few wishes per plan: each tier, every extension flipped, the first one on, tier and extension together. */
function changesFor(pricing: Pricing): PlanChange[] {
  const extensions = pricing.properties.extensions ?? [];
  const flipped = Object.fromEntries(extensions.map((e) => [e.name, e.isEnabled !== "True"]));
  const first = extensions[0];
  const changes: PlanChange[] = [{ pricingTier: "Standard" }, { pricingTier: "Free" }];
  if (extensions.length > 0) changes.push({ extensions: flipped }, { pricingTier: "Standard", extensions: flipped });
  if (first) changes.push({ extensions: { [first.name.toLowerCase()]: true } }, { extensions: { [first.name]: false } });
  return changes;
}

describe("every PUT body the app builds conforms to the spec and is accepted", () => {
  for (const sub of seed.subscriptions.filter((s) => s.securityProvider === "Registered" && s.state === "Enabled")) {
    it(sub.displayName, async () => {
      const emu = await testEmulator({ putDurationMs: 0 });
      const token = await ownerToken(emu, sub);
      // Read as the app reads: its own schema over the 2024-01-01 list.
      const list = v.parse(pricingListSchema, (await call(emu, "GET", pricingPath(sub.subscriptionId), { token })).body);
      let bodies = 0;
      for (const pricing of list.value) {
        for (const change of changesFor(pricing)) {
          for (const body of [tierWrite(pricing, change), extensionsWrite(pricing, change)]) {
            if (body === null) continue;
            bodies++;
            expect(spec("Pricing", body, "request"), `${pricing.name} ${JSON.stringify(change)}`).toEqual([]);
          }
        }
        // Sent in the app's order (tier, then extensions against what the service then reports), each write is accepted.
        const change: PlanChange = {
          pricingTier: "Standard",
          extensions: Object.fromEntries((pricing.properties.extensions ?? []).map((e) => [e.name, true])),
        };
        const tier = tierWrite(pricing, change);
        if (tier && pricing.properties.deprecated !== true) {
          const res = await call(emu, "PUT", pricingPath(sub.subscriptionId, pricing.name), { token, body: tier });
          expect(res.status, `${pricing.name} tier write`).toBe(200);
        }
        const current = v.parse(pricingSchema, (await call(emu, "GET", pricingPath(sub.subscriptionId, pricing.name), { token })).body);
        const extensionsBody = extensionsWrite(current, change);
        if (extensionsBody) {
          expect(spec("Pricing", extensionsBody, "request")).toEqual([]);
          const res = await call(emu, "PUT", pricingPath(sub.subscriptionId, pricing.name), { token, body: extensionsBody });
          expect(res.status, `${pricing.name} extensions write`).toBe(200);
        }
      }
      expect(bodies).toBeGreaterThan(20);
    });
  }
});
