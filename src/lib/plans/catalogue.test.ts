import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { pricingListSchema } from "../arm/schemas";
import { extensionInfo, isDefaultExtension, planInfo, visiblePlans } from "./catalogue";

// The official example of GET pricings (the project's copy in emulator/spec): the app must read it as is.
const example = JSON.parse(
  readFileSync(new URL("../../../emulator/spec/2024-01-01/examples/Pricings/ListPricings_example.json", import.meta.url), "utf8"),
) as { responses: { 200: { body: unknown } } };

// What the emulator's service switches on with each plan (its one fixture file, the same data it serves).
const seed = JSON.parse(readFileSync(new URL("../../../emulator/fixtures/seed.json", import.meta.url), "utf8")) as {
  plans: Array<{ name: string; extensions: Array<{ name: string; enabledByDefault: boolean }> }>;
};

describe("plan catalogue", () => {
  it("reads the official list example, hides deprecated plans and orders the rest like the portal", () => {
    const list = v.parse(pricingListSchema, example.responses[200].body);
    const names = visiblePlans(list.value).map((pricing) => pricing.name);
    expect(names).not.toContain("Dns");
    expect(names).not.toContain("KubernetesService");
    expect(names).not.toContain("ContainerRegistry");
    expect(names[0]).toBe("CloudPosture");
    expect(names).toContain("VirtualMachines");
    expect(names.map((name) => planInfo(name).label)).toContain("Servers");
  });

  it("shows a plan or component the app does not know by its API name", () => {
    expect(planInfo("QuantumComputers")).toMatchObject({ label: "QuantumComputers", section: "CWP" });
    expect(extensionInfo("SomethingNew").label).toBe("SomethingNew");
    expect(extensionInfo("aipromptevidence").label).toBe("Enable user prompt evidence");
  });

  it("puts unknown plans after the known ones", () => {
    const pricing = (name: string) => ({ id: name, name, properties: { pricingTier: "Free" } });
    expect(visiblePlans([pricing("Zeta"), pricing("AI"), pricing("Alpha")]).map((p) => p.name)).toEqual(["AI", "Alpha", "Zeta"]);
  });

  it("knows exactly the components the service switches on with each plan", () => {
    for (const plan of seed.plans) {
      for (const extension of plan.extensions) {
        expect(isDefaultExtension(plan.name, extension.name), `${plan.name}/${extension.name}`).toBe(extension.enabledByDefault);
      }
    }
    expect(isDefaultExtension("ai", "AIModelScanner")).toBe(true);
    expect(isDefaultExtension("AI", "AIPromptEvidence")).toBe(false);
    expect(isDefaultExtension("QuantumComputers", "Anything")).toBe(false);
  });
});
