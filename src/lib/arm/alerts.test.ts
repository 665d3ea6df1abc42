import { beforeEach, describe, expect, it } from "vitest";
import { armToken, base, raiseAlert, subs, tenants, testEmulator, users, type TestEmulator } from "../../../emulator/test-support";
import { getAlert, listAlerts, setAlertStatus } from "./alerts";
import { ArmError } from "./errors";
import { putPricing } from "./pricings";
import { emulatedArm } from "./test-support";

const research = { tenantId: tenants.contoso, subscriptionId: subs.aiResearch };
const production = { tenantId: tenants.contoso, subscriptionId: subs.production };

let emu: TestEmulator;
const armAs = (upn: string) => emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, upn, tenantId) }).client;
beforeEach(async () => {
  emu = await testEmulator({ putDurationMs: 0 });
});

/** Raises a jailbreak alert now through the emulator's test-mode control API. */
async function raise(subscriptionId: string) {
  expect((await raiseAlert(emu, subscriptionId, "AI.Azure_Jailbreak.ContentFiltering.BlockedAttempt")).status).toBe(201);
}

describe("security alerts", () => {
  it("lists a subscription's AI alerts in the shape the app reads, and gets one by its id", async () => {
    const arm = armAs(users.adele.upn);
    const alerts = await listAlerts(arm, research);
    expect(alerts.length).toBeGreaterThan(0);
    const [first] = alerts;
    if (!first) throw new Error("no alert");
    expect(first.properties.alertType).toMatch(/^AI\.Azure_/);
    expect(first.properties.resourceIdentifiers[0]?.azureResourceId).toMatch(/\/Microsoft\.CognitiveServices\/accounts\//);
    expect((await getAlert(arm, research, first.id)).name).toBe(first.name);
  });

  it("carries the prompt's suspicious segment only once prompt evidence is on", async () => {
    const arm = armAs(users.adele.upn);
    await putPricing(arm, production, "AI", { properties: { pricingTier: "Standard" } });
    await raise(subs.production);
    const segmentOf = async () => {
      const [latest] = await listAlerts(arm, production);
      const evidence = latest?.properties.supportingEvidence;
      const column = evidence?.columns.indexOf("Prompt suspicious segment") ?? -1;
      return column < 0 ? undefined : evidence?.rows[0]?.[column];
    };
    expect(await segmentOf()).toBeUndefined();
    await putPricing(arm, production, "AI", {
      properties: { pricingTier: "Standard", extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] },
    });
    await raise(subs.production);
    expect(await segmentOf()).toContain("Ignore all previous instructions");
  });

  it("changes an alert's status, read back from the service; a Reader is refused with ARM's error", async () => {
    const [alert] = await listAlerts(armAs(users.adele.upn), research);
    if (!alert) throw new Error("no alert");
    await setAlertStatus(armAs(users.adele.upn), research, alert.id, "InProgress");
    expect((await getAlert(armAs(users.adele.upn), research, alert.id)).properties.status).toBe("InProgress");

    const reader = armAs(users.lynne.upn);
    expect((await getAlert(reader, research, alert.id)).properties.status).toBe("InProgress");
    const refused = await setAlertStatus(reader, research, alert.id, "Dismissed").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ArmError);
    expect(refused).toMatchObject({ status: 403, code: "AuthorizationFailed" });
  });
});
