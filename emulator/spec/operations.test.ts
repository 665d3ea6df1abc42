// Every operation of every specification the project copies (emulator/spec/) is either emulated and
// covered by a contract test against that specification, or answered 501 NotImplemented and named in
// README's "Differences from real Azure". A newly copied document fails here until each of its
// operations is one or the other.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { armToken, call, subs, testEmulator, users } from "../test-support";

type Operation = { file: string; method: string; template: string; operationId: string; apiVersion: string };

const specRoot = new URL("./", import.meta.url);
const repoRoot = new URL("../../", import.meta.url);

/** The operations of every OpenAPI document in emulator/spec/ (examples and shared types hold none). */
function operations(): Operation[] {
  const found: Operation[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(new URL(dir, specRoot), { withFileTypes: true })) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory()) {
        if (!["examples", "common", "common-types"].includes(entry.name)) walk(`${path}/`);
        continue;
      }
      if (!entry.name.endsWith(".json") || entry.name === "MANIFEST.json") continue;
      const doc = JSON.parse(readFileSync(new URL(path, specRoot), "utf8")) as {
        info?: { version?: string };
        paths?: Record<string, Record<string, { operationId?: string }>>;
      };
      for (const [template, methods] of Object.entries(doc.paths ?? {}))
        for (const [method, operation] of Object.entries(methods))
          if (["get", "put", "post", "patch", "delete"].includes(method))
            found.push({
              file: path,
              method: method.toUpperCase(),
              template,
              operationId: operation.operationId ?? "",
              apiVersion: doc.info?.version ?? "",
            });
    }
  };
  walk("");
  return found;
}

/** The contract test of each emulated operation, by "<document>#<operationId>". */
const pricings2024 = "emulator/arm/contract.test.ts";
const pricings2026 = "emulator/arm/contract-2026.test.ts";
const alerts = "emulator/arm/alerts.test.ts";
const emulated: Record<string, string> = {
  "2024-01-01/pricings.json#Pricings_Get": pricings2024,
  "2024-01-01/pricings.json#Pricings_Update": pricings2024,
  "2024-01-01/pricings.json#Pricings_Delete": pricings2024,
  "2024-01-01/pricings.json#Pricings_List": pricings2024,
  "2026-07-01/pricings.json#Pricings_Get": pricings2026,
  "2026-07-01/pricings.json#Pricings_Update": pricings2026,
  "2026-07-01/pricings.json#Pricings_Delete": pricings2026,
  "2026-07-01/pricings.json#Pricings_List": pricings2026,
  "2026-07-01/pricings.json#Pricings_GlobalUpdate": pricings2026,
  ...Object.fromEntries(
    [
      "Alerts_List",
      "Alerts_ListSubscriptionLevelByRegion",
      "Alerts_GetSubscriptionLevel",
      "Alerts_UpdateSubscriptionLevelStateToActivate",
      "Alerts_UpdateSubscriptionLevelStateToDismiss",
      "Alerts_UpdateSubscriptionLevelStateToInProgress",
      "Alerts_UpdateSubscriptionLevelStateToResolve",
      "Alerts_ListByResourceGroup",
      "Alerts_ListResourceGroupLevelByRegion",
      "Alerts_GetResourceGroupLevel",
      "Alerts_UpdateResourceGroupLevelStateToActivate",
      "Alerts_UpdateResourceGroupLevelStateToDismiss",
      "Alerts_UpdateResourceGroupLevelStateToInProgress",
      "Alerts_UpdateResourceGroupLevelStateToResolve",
    ].map((id) => [`alerts-2022-01-01/alerts.json#${id}`, alerts]),
  ),
  "managementgroups-2023-04-01/management.json#ManagementGroups_List": "emulator/arm/management-groups.test.ts",
  "managementgroups-2023-04-01/management.json#ManagementGroups_Get": "emulator/arm/management-groups.test.ts",
  "managementgroups-2023-04-01/management.json#ManagementGroups_GetDescendants": "emulator/arm/management-groups.test.ts",
  "resourcegraph-2024-04-01/openapi.json#Resources": "emulator/resource-graph/query.test.ts",
};

/** Values for the path parameters: a seeded subscription, its AI plan, an alert that does not exist… */
const sample: Record<string, string> = {
  scopeId: `subscriptions/${subs.production}`,
  subscriptionId: subs.production,
  pricingName: "AI",
  pricingBatchName: "default",
  ascLocation: "centralus",
  alertName: "no-such-alert",
  resourceGroupName: "rg-ai",
  groupId: "contoso-production",
  resourceName: "saved-query",
};
const urlOf = (operation: Operation) =>
  `${operation.template.replace(/\{(\w+)\}/g, (_, name: string) => sample[name] ?? name)}?api-version=${operation.apiVersion}`;
const keyOf = (operation: Operation) => `${operation.file}#${operation.operationId}`;

/** README's "Differences from real Azure", where each operation answered 501 is named. */
const differences = (() => {
  const readme = readFileSync(new URL("README.md", repoRoot), "utf8");
  const start = readme.indexOf("### Differences from real Azure");
  return readme.slice(start, readme.indexOf("\n## ", start));
})();

describe("the copied specifications' operations", () => {
  const all = operations();

  it("are read from every copied document", () => {
    expect(new Set(all.map((operation) => operation.file))).toEqual(
      new Set([
        "2024-01-01/pricings.json",
        "2026-07-01/pricings.json",
        "2026-07-01/batchPricings.json",
        "alerts-2022-01-01/alerts.json",
        "managementgroups-2023-04-01/management.json",
        "resourcegraph-2024-04-01/openapi.json",
      ]),
    );
    // The table names only operations that exist (none left behind by a removed document).
    const keys = new Set(all.map(keyOf));
    expect(Object.keys(emulated).filter((key) => !keys.has(key))).toEqual([]);
  });

  it("are each emulated with a contract test against their document, or answered 501 and listed as not emulated", async () => {
    const emu = await testEmulator({ putDurationMs: 0 });
    const token = await armToken(emu, users.adele.upn);
    const problems: string[] = [];
    for (const operation of all) {
      const key = keyOf(operation);
      const res = await call(emu, operation.method, urlOf(operation), {
        token,
        ...(["PUT", "POST", "PATCH"].includes(operation.method) ? { body: {} } : {}),
      });
      const notImplemented = res.status === 501 && (res.json["error"] as { code?: string } | undefined)?.code === "NotImplemented";
      const test = emulated[key];
      if (test) {
        if (notImplemented) problems.push(`${key}: listed as emulated, answered 501`);
        const folder = operation.file.split("/")[0] ?? "";
        if (!existsSync(new URL(test, repoRoot))) problems.push(`${key}: no contract test ${test}`);
        else if (!readFileSync(new URL(test, repoRoot), "utf8").includes(folder))
          problems.push(`${key}: ${test} does not test against ${folder}`);
      } else {
        if (!notImplemented) problems.push(`${key}: answered ${String(res.status)}, neither listed as emulated nor 501`);
        if (!differences.includes(operation.operationId))
          problems.push(`${key}: answered 501 but not named in "Differences from real Azure"`);
      }
    }
    expect(problems).toEqual([]);
  });
});
