import { beforeEach, describe, expect, it } from "vitest";
import { armToken, base, subs, tenants, testEmulator, users, type TestEmulator } from "../../../emulator/test-support";
import { describeError } from "../errors/messages";
import { ArmError } from "./errors";
import { listPricings, PRICINGS_API_VERSION, putPricing } from "./pricings";
import { emulatedArm } from "./test-support";

const securityOps = { tenantId: tenants.contoso, subscriptionId: subs.securityOps };
const production = { tenantId: tenants.contoso, subscriptionId: subs.production };

let emu: TestEmulator;
/** The emulator's request log, one line per request. */
let logged: string[];
const armAs = (upn: string) => emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, upn, tenantId) }).client;
beforeEach(async () => {
  logged = [];
  emu = await testEmulator({ putDurationMs: 0 }, () => {}, { log: { sink: (line) => logged.push(line) } });
});

describe("pricings at 2026-07-01", () => {
  it("says which plan a Microsoft 365 security rule manages, and no other", async () => {
    expect(PRICINGS_API_VERSION).toBe("2026-07-01");
    const managed = (await listPricings(armAs(users.megan.upn), securityOps)).find((plan) => plan.name === "AI");
    expect(managed?.properties.originatedFrom).toBe("M365");
    expect(managed?.properties.managedBy).toMatch(/^M365 security rule: \/management\/rules\//);
    const plans = await listPricings(armAs(users.adele.upn), production);
    expect(plans.filter((plan) => plan.properties.managedBy !== undefined)).toEqual([]);
  });

  it("a write to a managed plan is refused, explained, and not retried as a concurrent update", async () => {
    const write = putPricing(armAs(users.megan.upn), securityOps, "AI", { properties: { pricingTier: "Free" } });
    const error = await write.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({ status: 409, code: "PricingManagedExternally" });
    expect(describeError(error)).toMatchObject({ title: "Managed outside Azure Resource Manager", action: "none" });
    expect(
      logged.filter((line) => line.includes(" PUT ")),
      "sent once",
    ).toHaveLength(1);
  });
});
