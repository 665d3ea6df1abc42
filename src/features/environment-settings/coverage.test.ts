import { describe, expect, it, vi } from "vitest";
import { generateSeed } from "../../../emulator/fixtures/generate";
import { armToken, base, subs, tenants, testEmulator, users } from "../../../emulator/test-support";
import { listSubscriptions } from "../../lib/arm/directories";
import { listPricings } from "../../lib/arm/pricings";
import { emulatedArm } from "../../lib/arm/test-support";
import { visiblePlans } from "../../lib/plans/catalogue";
import { QueryClient } from "@tanstack/react-query";
import { coverageQuery, summarizePricings } from "./coverage";

vi.mock("../../lib/arm/notices", () => ({ showRetryNotice: () => () => undefined, reportConnectivity: () => undefined }));

describe("coverage from Resource Graph", () => {
  it("says for every subscription what reading its pricings one by one would say", async () => {
    const emu = await testEmulator({ resourceGraphDelayMs: 0 });
    const arm = emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) });
    const { subscriptions: coverage } = await new QueryClient().query(coverageQuery(arm.client, tenants.contoso));
    const subscriptions = await listSubscriptions(arm.client, tenants.contoso);
    expect(coverage.map((row) => row.subscriptionId).sort()).toEqual(subscriptions.map((s) => s.subscriptionId).sort());
    for (const subscription of subscriptions) {
      const row = coverage.find((r) => r.subscriptionId === subscription.subscriptionId);
      expect(row?.name).toBe(subscription.displayName);
      if (subscription.subscriptionId === subs.sandbox) {
        // Microsoft.Security is not registered there: no plans at all.
        expect(row?.plans).toBeUndefined();
        continue;
      }
      const pricings = await listPricings(arm.client, { tenantId: tenants.contoso, subscriptionId: subscription.subscriptionId });
      // The page's own summary of pricings read from ARM (after a Save, or without Resource Graph) agrees.
      expect(summarizePricings(pricings)).toEqual(row?.plans);
      const plans = visiblePlans(pricings);
      const ai = plans.find((plan) => plan.name === "AI");
      const evidence = ai?.properties.extensions?.find((extension) => extension.name === "AIPromptEvidence");
      expect(row?.plans).toEqual({
        total: plans.length,
        on: plans.filter((plan) => plan.properties.pricingTier === "Standard").length,
        ai: ai ? (ai.properties.pricingTier === "Standard" ? "On" : "Off") : "Not offered",
        promptEvidence: evidence ? evidence.isEnabled === "True" : undefined,
      });
    }
    const research = coverage.find((row) => row.subscriptionId === subs.aiResearch);
    expect(research?.managementGroups.map((group) => group.displayName)).toEqual(["AI", "Production", "Tenant Root Group"]);
  });

  it("reads thousands of subscriptions in one query per 1,000 rows", async () => {
    const emu = await testEmulator({ resourceGraphDelayMs: 0 }, (seed) =>
      Object.assign(seed, generateSeed(structuredClone(seed), { subscriptions: 2500 })),
    );
    const arm = emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) });
    const { subscriptions: coverage } = await new QueryClient().query(coverageQuery(arm.client, tenants.contoso));
    const visible = (await listSubscriptions(arm.client, tenants.contoso)).length;
    expect(coverage).toHaveLength(visible);
    expect(new Set(coverage.map((row) => row.subscriptionId)).size).toBe(visible);
    const graphRequests = arm.sent.filter((request) => request.url.includes("Microsoft.ResourceGraph"));
    expect(graphRequests).toHaveLength(Math.ceil(visible / 1000));

    // The page's query shows each page as it arrives, and says when the last is in.
    const queryClient = new QueryClient();
    const seen: string[] = [];
    const options = coverageQuery(arm.client, tenants.contoso);
    queryClient.getQueryCache().subscribe(() => {
      const data = queryClient.getQueryData(options.queryKey);
      const state = data && `${String(data.subscriptions.length)} ${data.complete ? "complete" : "so far"}`;
      if (state && seen.at(-1) !== state) seen.push(state);
    });
    const all = await queryClient.query(options);
    expect(all).toEqual({ subscriptions: coverage, complete: true });
    const pages = Array.from({ length: Math.ceil(visible / 1000) }, (_, page) => `${String(Math.min(visible, (page + 1) * 1000))} so far`);
    expect(seen).toEqual([...pages, `${String(visible)} complete`]);
  }, 60_000);

  it("past Resource Graph's limit of subscriptions per directory, names them all, 1,000 a query, and shows nothing twice", async () => {
    const emu = await testEmulator({ resourceGraphDelayMs: 0 });
    const arm = emulatedArm(emu, { endpoint: base, mint: (tenantId) => armToken(emu, users.adele.upn, tenantId) });
    const { subscriptions: whole } = await new QueryClient().query(coverageQuery(arm.client, tenants.contoso));
    expect(whole.length, "the seed's directory has more than the lowered limit").toBeGreaterThan(2);

    // As a directory of more than 10,000 subscriptions is answered: only the first ones, and a header saying so.
    await emu.fetch(
      new Request(`${base}/__emulator/settings`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ resourceGraphScopeSubscriptionLimit: 2 }),
      }),
    );
    arm.sent.length = 0;
    const { subscriptions: limited } = await new QueryClient().query(coverageQuery(arm.client, tenants.contoso));
    expect(limited).toEqual(whole);
    const graphBodies = arm.sent
      .filter((request) => request.url.includes("Microsoft.ResourceGraph"))
      .map((request) => request.body as { subscriptions?: string[] });
    expect(graphBodies.map((body) => body.subscriptions?.length)).toEqual([undefined, whole.length]);
    // The subscriptions named came from ARM's list of the directory (page by page).
    expect(arm.sent.filter((request) => new URL(request.url).pathname === "/subscriptions").length).toBeGreaterThan(0);
  });
});
