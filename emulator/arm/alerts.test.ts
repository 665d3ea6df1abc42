// Microsoft.Security/alerts (2022-01-01) against the official specification and its examples: the AI
// alerts a subscription starts with, an alert raised now with and without prompt evidence, status
// changes, who may do what, and errors.
import { readdirSync, readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import {
  armToken,
  call,
  errorOf,
  pricingPath,
  raiseAlert,
  subs,
  testEmulator,
  users,
  type JsonResponse,
  type TestEmulator,
} from "../test-support";
import { aiAlertKinds } from "./ai-alerts";
import { loadSwagger } from "./spec";

const validate = loadSwagger(["common-types/resource-management/v5/types.json", "alerts-2022-01-01/alerts.json"]);
const alertsFile = "alerts-2022-01-01/alerts.json";

type Alert = {
  id: string;
  name: string;
  properties: Record<string, unknown> & {
    alertType: string;
    status: string;
    productComponentName: string;
    supportingEvidence: { columns: string[]; rows: unknown[][] };
  };
};

const alertsPath = (sub: string, suffix = "") =>
  `/subscriptions/${sub}/providers/Microsoft.Security/alerts${suffix}?api-version=2022-01-01`;
/** An alert's own path (from its id), with `suffix` after it. */
const alertPath = (alert: Alert, suffix = "") => `${alert.id}${suffix}?api-version=2022-01-01`;

let emu: TestEmulator;
let owner: string;
let reader: string;
beforeEach(async () => {
  emu = await testEmulator();
  owner = await armToken(emu, users.adele.upn);
  reader = await armToken(emu, users.lynne.upn);
});

function conforming(res: JsonResponse, definition: "AlertList" | "Alert"): Alert[] {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(validate(`${alertsFile}#${definition}`, res.body)).toEqual([]);
  return definition === "AlertList" ? (res.json["value"] as Alert[]) : [res.body as Alert];
}

/** An alert raised now, as the control API answers. */
async function raise(subscriptionId: string, alertType?: string, sent?: { prompt?: string; userAgent?: string }) {
  const { status, body } = await raiseAlert(emu, subscriptionId, alertType, sent);
  return { status, body: body as Alert };
}

describe("AI alerts", () => {
  it("lists the AI alerts of a subscription whose AI plan is on, valid against the official schema, without prompt text while evidence is off", async () => {
    const alerts = conforming(await call(emu, "GET", alertsPath(subs.aiResearch), { token: owner }), "AlertList");
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(aiAlertKinds.map((kind) => kind.alertType)).toContain(alert.properties.alertType);
      expect(alert.properties.productComponentName).toBe("AI");
      expect(alert.properties.status).toBe("Active");
      // Contoso AI Research's seed has AIPromptEvidence off.
      expect(alert.properties.supportingEvidence.columns).not.toContain("Prompt suspicious segment");
    }
    // A subscription whose AI plan is off has none.
    expect(conforming(await call(emu, "GET", alertsPath(subs.production), { token: owner }), "AlertList")).toEqual([]);
  });

  it("raises an alert now only while the AI plan is on, with the suspicious segment once prompt evidence is on", async () => {
    expect((await raise(subs.production)).status, "the AI plan is off").toBe(409);
    const on = (promptEvidence: "True" | "False") =>
      call(emu, "PUT", pricingPath(subs.production, "AI"), {
        token: owner,
        body: { properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: promptEvidence }] } },
      });
    await on("False");
    await on("False");
    const masked = await raise(subs.production, "AI.Azure_CredentialTheftAttempt");
    expect(masked.status).toBe(201);
    expect(masked.body.properties.supportingEvidence.columns).toEqual(["Event time", "Caller IP", "User agent"]);
    const segment = aiAlertKinds.find((kind) => kind.alertType === "AI.Azure_CredentialTheftAttempt")?.segment ?? "";
    expect(JSON.stringify(masked.body), "no prompt text anywhere").not.toContain(segment);

    await on("True");
    const shown = await raise(subs.production, "AI.Azure_CredentialTheftAttempt");
    expect(shown.body.properties.supportingEvidence.columns).toEqual([
      "Event time",
      "Prompt suspicious segment",
      "Caller IP",
      "User agent",
    ]);
    expect(shown.body.properties.supportingEvidence.rows[0]?.[1]).toBe(segment);

    const listed = conforming(await call(emu, "GET", alertsPath(subs.production), { token: owner }), "AlertList");
    expect(
      listed.map((alert) => alert.name),
      "newest first",
    ).toEqual([shown.body.name, masked.body.name]);
  });

  it("puts what the caller sent (the prompt, the user agent) in the evidence as it came, the prompt only while evidence is on", async () => {
    const sent = { prompt: '<img src=x onerror="alert(1)"> javascript:alert(2)', userAgent: "<script>alert(3)</script>" };
    const masked = await raise(subs.aiResearch, "AI.Azure_MaliciousUrl.UnknownSource", sent);
    expect(masked.status).toBe(201);
    expect(masked.body.properties.supportingEvidence.rows[0]).toEqual([expect.any(String), "203.0.113.23", sent.userAgent]);
    expect(JSON.stringify(masked.body)).not.toContain("onerror");

    await call(emu, "PUT", pricingPath(subs.aiResearch, "AI"), {
      token: owner,
      body: { properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] } },
    });
    const shown = await raise(subs.aiResearch, "AI.Azure_MaliciousUrl.UnknownSource", sent);
    expect(shown.body.properties.supportingEvidence.rows[0]).toEqual([expect.any(String), sent.prompt, "203.0.113.23", sent.userAgent]);
    const tooLong = await raiseAlert(emu, subs.aiResearch, undefined, { prompt: "x".repeat(40_000) });
    expect(tooLong.status).toBe(400);
  });

  it("raises Defender for Servers' test alert, the one non-AI alert, while the Servers plan is on, as the specification's example shows it", async () => {
    // Contoso Production has Servers on, Contoso AI Research has it off.
    expect((await raise(subs.aiResearch, "VM_EICAR")).status, "the Servers plan is off").toBe(409);
    const raised = await raise(subs.production, "VM_EICAR");
    expect(raised.status).toBe(201);
    const [listed] = conforming(await call(emu, "GET", alertsPath(subs.production), { token: owner }), "AlertList");
    const example = JSON.parse(
      readFileSync(new URL("../spec/alerts-2022-01-01/examples/Alerts/GetAlertSubscriptionLocation_example.json", import.meta.url), "utf8"),
    ) as { responses: { 200: { body: Alert } } };
    const documented = example.responses[200].body.properties;
    expect(listed?.properties).toMatchObject({
      alertType: documented.alertType,
      alertDisplayName: documented["alertDisplayName"],
      description: documented["description"],
      severity: documented["severity"],
      remediationSteps: documented["remediationSteps"],
    });
    expect(listed?.properties.productComponentName).not.toBe("AI");
    expect(listed?.properties.alertType).not.toMatch(/^AI\./);
  });

  it("gets an alert by location and name, at subscription and resource-group scope", async () => {
    const [alert] = conforming(await call(emu, "GET", alertsPath(subs.aiResearch), { token: owner }), "AlertList");
    if (!alert) throw new Error("no alert");
    expect(conforming(await call(emu, "GET", alertPath(alert), { token: owner }), "Alert")[0]?.name).toBe(alert.name);
    const atSubscription = alert.id.replace(/\/resourceGroups\/[^/]+/, "");
    expect((await call(emu, "GET", `${atSubscription}?api-version=2022-01-01`, { token: owner })).status).toBe(200);
    const group = /resourceGroups\/([^/]+)/.exec(alert.id)?.[1] ?? "";
    const inGroup = conforming(
      await call(
        emu,
        "GET",
        `/subscriptions/${subs.aiResearch}/resourceGroups/${group}/providers/Microsoft.Security/alerts?api-version=2022-01-01`,
        {
          token: owner,
        },
      ),
      "AlertList",
    );
    expect(inGroup.map((candidate) => candidate.name)).toContain(alert.name);
    const otherGroup = await call(emu, "GET", alertPath(alert).replace(`/resourceGroups/${group}/`, "/resourceGroups/elsewhere/"), {
      token: owner,
    });
    expect(otherGroup.status).toBe(404);
    expect(errorOf(otherGroup).code).toBe("ResourceNotFound");
  });

  it("changes an alert's status with 204, and the change is read back; a Reader may read but not change it", async () => {
    const [alert] = conforming(await call(emu, "GET", alertsPath(subs.aiResearch), { token: owner }), "AlertList");
    if (!alert) throw new Error("no alert");
    for (const [action, status] of [
      ["inProgress", "InProgress"],
      ["resolve", "Resolved"],
      ["activate", "Active"],
      ["dismiss", "Dismissed"],
    ] as const) {
      const res = await call(emu, "POST", alertPath(alert, `/${action}`), { token: owner });
      expect(res.status, action).toBe(204);
      expect(res.body).toBeUndefined();
      expect(conforming(await call(emu, "GET", alertPath(alert), { token: owner }), "Alert")[0]?.properties.status).toBe(status);
    }

    expect((await call(emu, "GET", alertPath(alert), { token: reader })).status).toBe(200);
    const refused = await call(emu, "POST", alertPath(alert, "/activate"), { token: reader });
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe("AuthorizationFailed");
    expect(errorOf(refused).message).toContain("Microsoft.Security/locations/alerts/activate/action");
    expect(validate(`${alertsFile}#Common.CloudError`, refused.body)).toEqual([]);
  });

  it("answers what ARM answers for a wrong api-version, an unknown alert and a subscription without Defender for Cloud", async () => {
    // 2021-11-01 (what @azure/arm-security 5 sends) is served, without supporting evidence.
    const older = await call(emu, "GET", alertsPath(subs.aiResearch).replace("2022-01-01", "2021-11-01"), { token: owner });
    expect(older.status).toBe(200);
    expect((older.json["value"] as Alert[])[0]?.properties).not.toHaveProperty("supportingEvidence");
    const version = await call(emu, "GET", alertsPath(subs.aiResearch).replace("2022-01-01", "2019-01-01"), { token: owner });
    expect(version.status).toBe(400);
    expect(errorOf(version).code).toBe("NoRegisteredProviderFound");
    const unknown = await call(
      emu,
      "GET",
      `/subscriptions/${subs.aiResearch}/providers/Microsoft.Security/locations/centralus/alerts/nope?api-version=2022-01-01`,
      {
        token: owner,
      },
    );
    expect(unknown.status).toBe(404);
    const unregistered = await call(emu, "GET", alertsPath(subs.sandbox), { token: owner });
    expect(unregistered.status).toBe(404);
    expect(errorOf(unregistered).code).toBe("Subscription Not Registered");
  });

  it("the official examples' responses validate against the same schemas", () => {
    const dir = new URL("../spec/alerts-2022-01-01/examples/Alerts/", import.meta.url);
    const checked = readdirSync(dir)
      .filter((file) => file.startsWith("GetAlert"))
      .map((file) => {
        const example = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { responses: { "200": { body: unknown } } };
        const definition = file.startsWith("GetAlerts") ? "AlertList" : "Alert";
        return [file, validate(`${alertsFile}#${definition}`, example.responses["200"].body)] as const;
      });
    expect(checked.length).toBe(6);
    expect(checked.filter(([, errors]) => errors.length > 0)).toEqual([]);
  });
});
