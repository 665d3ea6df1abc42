// Sample tables shaped like Resource Graph's, and helpers for the query engine's tests.

import { KqlError, parseKql, type KqlValue, type Row } from "./index";

export function pricing(subscriptionId: string, name: string, pricingTier: string, properties: Record<string, KqlValue> = {}): Row {
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/${name}`,
    name,
    type: "microsoft.security/pricings",
    tenantId: "t1",
    subscriptionId,
    properties: { pricingTier, ...properties },
  };
}

export function subscription(subscriptionId: string, name: string): Row {
  return { id: `/subscriptions/${subscriptionId}`, name, type: "microsoft.resources/subscriptions", tenantId: "t1", subscriptionId };
}

/** Small tables of plain values (nulls, arrays, bags) for the operators' own rules. */
export const peopleTables: Record<string, Row[]> = {
  people: [
    { name: "ada", team: "red", score: 3, tags: ["a", "b"] },
    { name: "bob", team: "blue", score: null, tags: [] },
    { name: "cy", team: "red", score: 7, tags: null },
    { name: "di", team: "green", score: 1, tags: { x: 1, y: 2 } },
  ],
  teams: [
    { team: "red", lead: "ada", size: 2 },
    { team: "green", lead: "di", size: 1 },
  ],
};

export const sampleTables: Record<string, Row[]> = {
  securityresources: [
    pricing("s1", "AI", "Standard", { extensions: [{ name: "AIPromptEvidence", isEnabled: "True" }] }),
    pricing("s1", "VirtualMachines", "Free"),
    pricing("s2", "AI", "Free", { extensions: [{ name: "AIPromptEvidence", isEnabled: "False" }], freeTrialRemainingTime: "PT720H" }),
    pricing("s2", "CloudPosture", "Standard"),
    {
      id: "/subscriptions/s1/providers/Microsoft.Security/assessments/a1",
      name: "a1",
      type: "microsoft.security/assessments",
      tenantId: "t1",
      subscriptionId: "s1",
      properties: { status: { code: "Unhealthy" } },
    },
  ],
  resourcecontainers: [
    subscription("s1", "Production"),
    subscription("s2", "Development"),
    subscription("s3", "Sandbox"),
    {
      id: "/subscriptions/s1/resourceGroups/rg1",
      name: "rg1",
      type: "microsoft.resources/subscriptions/resourcegroups",
      tenantId: "t1",
      subscriptionId: "s1",
    },
  ],
};

/** Parses and runs a query over the given tables (by default the samples above). */
export function run(query: string, tables: Record<string, Row[]> = sampleTables): Row[] {
  return parseKql(query).run((name) => tables[name]);
}

/** The value of one expression, evaluated over one row. */
export function evaluate(expression: string, row: Row = {}): KqlValue | undefined {
  return run(`t | project value = ${expression}`, { t: [row] })[0]?.["value"];
}

/** The KqlError a query fails with, whether parsing or running it. */
export function errorOf(query: string, tables: Record<string, Row[]> = sampleTables): KqlError {
  try {
    run(query, tables);
  } catch (error) {
    if (error instanceof KqlError) return error;
    throw error;
  }
  throw new Error(`Expected the query to fail: ${query}`);
}
