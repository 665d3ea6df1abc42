import { beforeEach, describe, expect, it } from "vitest";
import { sleep } from "../context";
import { armToken, call, errorOf, pricingPath, subs, testEmulator, users, type JsonResponse, type TestEmulator } from "../test-support";

type Extension = {
  name: string;
  isEnabled: string;
  additionalExtensionProperties?: Record<string, unknown>;
  operationStatus?: { code: string; message: string };
};
type Pricing = {
  id: string;
  name: string;
  type: string;
  properties: Record<string, unknown> & { pricingTier: string; extensions?: Extension[] };
};

const pricing = (res: JsonResponse) => res.body as Pricing;
const ext = (p: Pricing, name: string) => p.properties.extensions?.find((e) => e.name === name);

let emu: TestEmulator;
let owner: string;
let secAdmin: string;
beforeEach(async () => {
  emu = await testEmulator({ putDurationMs: 40, registerDelayMs: 50 });
  owner = await armToken(emu, users.adele.upn);
  secAdmin = await armToken(emu, users.alex.upn);
});

describe("pricings list and get", () => {
  it("lists the 16 plans in the 2024-01-01 shape", async () => {
    const res = await call(emu, "GET", pricingPath(subs.production), { token: owner });
    expect(res.status).toBe(200);
    const value = res.json["value"] as Pricing[];
    expect(value.map((p) => p.name)).toEqual([
      "VirtualMachines",
      "SqlServers",
      "AppServices",
      "StorageAccounts",
      "SqlServerVirtualMachines",
      "KubernetesService",
      "ContainerRegistry",
      "KeyVaults",
      "Dns",
      "Arm",
      "OpenSourceRelationalDatabases",
      "Containers",
      "CloudPosture",
      "CosmosDbs",
      "Api",
      "AI",
    ]);
    expect(res.json["nextLink"]).toBeUndefined();
    const ai = value.find((p) => p.name === "AI");
    expect(ai).toEqual({
      id: `/subscriptions/${subs.production}/providers/Microsoft.Security/pricings/AI`,
      name: "AI",
      type: "Microsoft.Security/pricings",
      properties: {
        pricingTier: "Free",
        freeTrialRemainingTime: "P30D",
        enforce: "False",
        resourcesCoverageStatus: "NotCovered",
        extensions: [
          { name: "AIPromptEvidence", isEnabled: "False" },
          { name: "AIPromptSharingWithPurview", isEnabled: "False" },
          { name: "AIModelScanner", isEnabled: "False" },
        ],
      },
    });
    expect(value.find((p) => p.name === "Dns")?.properties).toMatchObject({ deprecated: true, replacedBy: ["VirtualMachines"] });
  });

  it("filters with $filter=name in (...)", async () => {
    const res = await call(emu, "GET", `${pricingPath(subs.aiResearch)}&$filter=${encodeURIComponent("name in (AI,CloudPosture)")}`, {
      token: owner,
    });
    expect((res.json["value"] as Pricing[]).map((p) => p.name)).toEqual(["CloudPosture", "AI"]);
  });

  it("gets one plan, case-insensitive, echoing the name as sent", async () => {
    const res = await call(emu, "GET", pricingPath(subs.aiResearch, "ai"), { token: owner });
    expect(res.status).toBe(200);
    expect(pricing(res).name).toBe("ai");
    expect(pricing(res).properties.pricingTier).toBe("Standard");
    expect(pricing(res).properties.extensions).toEqual([
      { name: "AIPromptEvidence", isEnabled: "False" },
      { name: "AIPromptSharingWithPurview", isEnabled: "True" },
      { name: "AIModelScanner", isEnabled: "False" },
    ]);
  });

  it("answers the older 2022-03-01 shape", async () => {
    const res = await call(emu, "GET", pricingPath(subs.aiResearch, "AI", "2022-03-01"), { token: owner });
    expect(pricing(res).properties).toEqual({ pricingTier: "Standard", freeTrialRemainingTime: "P21DT4H12M" });
  });

  it("refuses an invalid plan name with InvalidResourceName", async () => {
    const res = await call(emu, "GET", pricingPath(subs.production, "Bogus"), { token: owner });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      code: "InvalidResourceName",
      message:
        "The name 'Bogus' is not a valid name. Possible pricing bundle names: VirtualMachines, SqlServers, AppServices, StorageAccounts, SqlServerVirtualMachines, KubernetesService, ContainerRegistry, KeyVaults, Dns, Arm, OpenSourceRelationalDatabases, Containers, CloudPosture, CosmosDbs, Api, AI",
    });
  });

  it("refuses DELETE at subscription scope and PATCH", async () => {
    const del = await call(emu, "DELETE", pricingPath(subs.production, "AI"), { token: owner });
    expect(del.status).toBe(400);
    expect(errorOf(del).code).toBe("InvalidUrlConfiguration");
    const patch = await call(emu, "PATCH", pricingPath(subs.production, "AI"), {
      token: owner,
      body: { properties: { pricingTier: "Standard" } },
    });
    expect(patch.status).toBe(405);
    expect(patch.body).toEqual({ Message: "The requested resource does not support http method 'PATCH'." });
    const after = await call(emu, "GET", pricingPath(subs.production, "AI"), { token: owner });
    expect(pricing(after).properties.pricingTier).toBe("Free");
  });
});

describe("pricings PUT", () => {
  const put = (token: string, sub: string, name: string, body: unknown, apiVersion?: string) =>
    call(emu, "PUT", pricingPath(sub, name, apiVersion), { token, body });

  it("Free → Standard switches the default extensions on and ignores the extension list of that body", async () => {
    const res = await put(owner, subs.production, "AI", {
      properties: { pricingTier: "standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] },
    });
    expect(res.status).toBe(200);
    const p = pricing(res);
    expect(p.properties.pricingTier).toBe("Standard");
    expect(typeof p.properties["enablementTime"]).toBe("string");
    expect(p.properties["resourcesCoverageStatus"]).toBe("FullyCovered");
    expect(ext(p, "AIPromptEvidence")).toEqual({ name: "AIPromptEvidence", isEnabled: "False" });
    expect(ext(p, "AIModelScanner")).toEqual({
      name: "AIModelScanner",
      isEnabled: "True",
      operationStatus: { code: "Succeeded", message: "Successfully enabled extension" },
    });

    const get = pricing(await call(emu, "GET", pricingPath(subs.production, "AI"), { token: owner }));
    expect(ext(get, "AIModelScanner")).toEqual({ name: "AIModelScanner", isEnabled: "True" });
    expect(get.properties.extensions?.some((e) => e.operationStatus !== undefined)).toBe(false);
  });

  it("Standard → Standard sets listed extensions and keeps omitted ones", async () => {
    const res = await put(owner, subs.aiResearch, "AI", {
      properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] },
    });
    expect(res.status).toBe(200);
    const p = pricing(res);
    expect(ext(p, "AIPromptEvidence")).toEqual({
      name: "AIPromptEvidence",
      isEnabled: "True",
      operationStatus: { code: "Succeeded", message: "Successfully enabled extension" },
    });
    expect(ext(p, "AIPromptSharingWithPurview")).toEqual({ name: "AIPromptSharingWithPurview", isEnabled: "True" });
    expect(ext(p, "AIModelScanner")).toEqual({ name: "AIModelScanner", isEnabled: "False" });
    expect(p.properties["enablementTime"]).toBe("2025-01-20T10:05:44.6120938Z");

    const off = pricing(
      await put(owner, subs.aiResearch, "AI", {
        properties: { pricingTier: "Standard", extensions: [{ name: "aipromptevidence", isEnabled: "False" }] },
      }),
    );
    expect(ext(off, "AIPromptEvidence")?.operationStatus).toEqual({ code: "Succeeded", message: "Successfully disabled extension" });
    expect(ext(off, "AIPromptEvidence")?.isEnabled).toBe("False");
  });

  it("→ Free reports every extension False", async () => {
    const res = await put(owner, subs.aiResearch, "AI", { properties: { pricingTier: "Free" } });
    const p = pricing(res);
    expect(p.properties.pricingTier).toBe("Free");
    expect(p.properties["enablementTime"]).toBeUndefined();
    expect(p.properties.extensions?.every((e) => e.isEnabled === "False")).toBe(true);
    expect(ext(p, "AIPromptSharingWithPurview")?.operationStatus?.message).toBe("Successfully disabled extension");
  });

  it("answers 500 for additionalExtensionProperties on a disabled extension", async () => {
    const res = await put(owner, subs.production, "VirtualMachines", {
      properties: {
        pricingTier: "Standard",
        extensions: [{ name: "AgentlessVmScanning", isEnabled: "False", additionalExtensionProperties: { ExclusionTags: "[]" } }],
      },
    });
    expect(res.status).toBe(500);
    expect(errorOf(res).message).toBe(
      "AdditionalProperties of Extension 'AgentlessVmScanning' can't be updated while the extension is disabled",
    );
  });

  it("refuses a missing tier, a boolean isEnabled and a foreign extension", async () => {
    expect((await put(owner, subs.production, "AI", { properties: {} })).status).toBe(400);
    expect((await put(owner, subs.production, "AI", { properties: { pricingTier: "Premium" } })).status).toBe(400);
    const bool = await put(owner, subs.aiResearch, "AI", {
      properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: true }] },
    });
    expect(bool.status).toBe(400);
    expect(errorOf(bool).message).toContain("properties.extensions[0].isEnabled");
    const foreign = await put(owner, subs.aiResearch, "AI", {
      properties: { pricingTier: "Standard", extensions: [{ name: "ContainerSensor", isEnabled: "True" }] },
    });
    expect(foreign.status).toBe(400);
    expect(errorOf(foreign).message).toContain("AIPromptEvidence, AIPromptSharingWithPurview, AIModelScanner");
    const notJson = await put(owner, subs.aiResearch, "AI", "{nope");
    expect(notJson.status).toBe(400);
    expect(errorOf(notJson).code).toBe("InvalidRequestContent");
  });

  it("ignores extensions at api-version 2022-03-01", async () => {
    const res = await put(
      owner,
      subs.aiResearch,
      "AI",
      { properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] } },
      "2022-03-01",
    );
    expect(res.status).toBe(200);
    expect(pricing(res).properties.extensions).toBeUndefined();
    const get = pricing(await call(emu, "GET", pricingPath(subs.aiResearch, "AI"), { token: owner }));
    expect(ext(get, "AIPromptEvidence")?.isEnabled).toBe("False");
  });

  it("partially fails for a Security Admin: role-assigning extensions fail, echoed as the official example does, and stay off (HTTP 200)", async () => {
    const res = await put(secAdmin, subs.production, "AI", { properties: { pricingTier: "Standard" } });
    expect(res.status).toBe(200);
    const p = pricing(res);
    expect(p.properties.pricingTier).toBe("Standard");
    expect(ext(p, "AIModelScanner")).toEqual({
      name: "AIModelScanner",
      isEnabled: "True",
      operationStatus: {
        code: "Failed",
        message: "Failed assigning roles {2a2b9908-6ea1-4ae2-8e65-a410df84e7d1} to {identityName} for plan",
      },
    });
    const get = pricing(await call(emu, "GET", pricingPath(subs.production, "AI"), { token: secAdmin }));
    expect(ext(get, "AIModelScanner")).toEqual({ name: "AIModelScanner", isEnabled: "False" });

    // Extensions that assign no role succeed for the Security Admin.
    const evidence = pricing(
      await put(secAdmin, subs.production, "AI", {
        properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] },
      }),
    );
    expect(ext(evidence, "AIPromptEvidence")?.operationStatus?.code).toBe("Succeeded");
  });

  it("answers 409 Conflict to a second PUT on the same subscription while the first runs; other subscriptions run in parallel", async () => {
    const body = { properties: { pricingTier: "Standard" } };
    const first = put(owner, subs.production, "AI", body);
    await sleep(5);
    const [second, other] = await Promise.all([
      put(owner, subs.production, "CosmosDbs", body),
      put(owner, subs.aiResearch, "CosmosDbs", body),
    ]);
    expect(second.status).toBe(409);
    expect(errorOf(second)).toEqual({
      code: "Conflict",
      message: "Another update operation is in progress. Please retry in a few minutes",
    });
    expect(other.status).toBe(200);
    expect((await first).status).toBe(200);
    expect((await put(owner, subs.production, "CosmosDbs", body)).status).toBe(200);
  });

  it("refuses writes to a Disabled subscription but serves reads", async () => {
    const res = await put(owner, subs.legacy, "AI", { properties: { pricingTier: "Standard" } });
    expect(res.status).toBe(409);
    expect(errorOf(res)).toEqual({
      code: "ReadOnlyDisabledSubscription",
      message: `The subscription '${subs.legacy}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`,
    });
    expect((await call(emu, "GET", pricingPath(subs.legacy, "AI"), { token: owner })).status).toBe(200);
  });

  it("answers 404 'Subscription Not Registered' until Microsoft.Security is registered", async () => {
    const notRegistered = await call(emu, "GET", pricingPath(subs.sandbox), { token: owner });
    expect(notRegistered.status).toBe(404);
    expect(errorOf(notRegistered)).toEqual({
      code: "Subscription Not Registered",
      message: "Please register to Microsoft.Security in order to view your security status",
    });

    const providerPath = `/subscriptions/${subs.sandbox}/providers/Microsoft.Security`;
    const register = await call(emu, "POST", `${providerPath}/register?api-version=2021-04-01`, { token: owner });
    expect(register.status).toBe(200);
    expect(register.json).toMatchObject({
      id: providerPath,
      namespace: "Microsoft.Security",
      registrationState: "Registering",
      registrationPolicy: "RegistrationRequired",
    });
    expect(register.headers.get("x-ms-ratelimit-remaining-subscription-writes")).toBe("199");
    expect((await call(emu, "GET", pricingPath(subs.sandbox), { token: owner })).status).toBe(404);

    emu.clock.advance(60);
    const provider = await call(emu, "GET", `${providerPath}?api-version=2021-04-01`, { token: owner });
    expect(provider.json["registrationState"]).toBe("Registered");
    const list = await call(emu, "GET", pricingPath(subs.sandbox), { token: owner });
    expect(list.status).toBe(200);
    expect((list.json["value"] as Pricing[]).every((p) => p.properties.pricingTier === "Free")).toBe(true);
  });

  it("restores the fixture on reset", async () => {
    await put(owner, subs.production, "AI", { properties: { pricingTier: "Standard" } });
    const res = await emu.fetch(new Request("https://localhost:8443/__emulator/reset", { method: "POST" }));
    expect(res.status).toBe(204);
    expect(pricing(await call(emu, "GET", pricingPath(subs.production, "AI"), { token: owner })).properties.pricingTier).toBe("Free");
  });
});
