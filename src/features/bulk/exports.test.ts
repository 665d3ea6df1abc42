import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { afterAll, describe, expect, it } from "vitest";
import type { Pricing } from "../../lib/arm/schemas";
import { type BulkChange, reviewSubscription } from "./change";
import { AI_POLICY_DEFINITION_ID, bicepFile, cliScript, policyAssignment, type ReviewedChange, terraformFile } from "./exports";

const endpoint = "https://management.azure.com";
const enable: BulkChange = {
  action: "enable",
  components: { AIPromptEvidence: true, AIPromptSharingWithPurview: false, AIModelScanner: true },
};
const ai = (pricingTier: string, extensions: Record<string, "True" | "False">): Pricing => ({
  id: "/subscriptions/s/providers/Microsoft.Security/pricings/AI",
  name: "AI",
  properties: { pricingTier, extensions: Object.entries(extensions).map(([name, isEnabled]) => ({ name, isEnabled })) },
});
const subscriptions = {
  // Free: the service's defaults apply on the tier write, then the components are written.
  "11111111-1111-1111-1111-111111111111": ai("Free", {
    AIPromptEvidence: "False",
    AIPromptSharingWithPurview: "False",
    AIModelScanner: "False",
  }),
  // Standard, with a component the change does not name, which must stay on.
  "22222222-2222-2222-2222-222222222222": ai("Standard", {
    AIPromptEvidence: "False",
    AIPromptSharingWithPurview: "True",
    AIModelScanner: "False",
    FutureComponent: "True",
  }),
};

/** The subscriptions the change writes, as the review shows them. */
function reviewed(change: BulkChange): ReviewedChange[] {
  return Object.entries(subscriptions).flatMap(([subscriptionId, pricing], index) => {
    const url = `${endpoint}/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01`;
    const review = reviewSubscription({ state: "Enabled", access: { canWrite: true }, pricing, notRegistered: false }, change, url);
    // Names that try to break out of a comment or a quoted word.
    return review.kind === "change"
      ? [{ target: { tenantId: "t", subscriptionId, name: index ? "Prod'; rm -rf ~ #" : "Dev\n$(reboot)" }, review }]
      : [];
  });
}
/** The bodies of the app's own writes, in order, as a run would send them. */
const appWrites = (items: ReviewedChange[]) =>
  items.flatMap(({ review }) => review.requests.filter((request) => request.method === "PUT").map((request) => request.body));

const work = mkdtempSync(join(tmpdir(), "exports-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs a generated script with a fake `az` on the PATH that answers `az rest` like ARM for the AI plans
 * above (a Free → Standard write switches the default component on and ignores any list), and
 * returns the bodies of the PUTs it received.
 */
function runWithFakeAz(script: string): unknown[] {
  const state = join(work, "state.json");
  const puts = join(work, "puts.jsonl");
  writeFileSync(state, JSON.stringify(subscriptions));
  writeFileSync(puts, "");
  const az = join(work, "az");
  writeFileSync(
    az,
    `#!/usr/bin/env node
const fs = require("fs");
const args = process.argv.slice(2);
const arg = (name) => args[args.indexOf(name) + 1];
const id = /subscriptions\\/([^/]+)\\//.exec(arg("--url"))[1];
const state = JSON.parse(fs.readFileSync(${JSON.stringify(state)}, "utf8"));
if (arg("--method") === "put") {
  const body = JSON.parse(arg("--body"));
  fs.appendFileSync(${JSON.stringify(puts)}, JSON.stringify(body) + "\\n");
  const plan = state[id].properties;
  if (plan.pricingTier === "Free" && body.properties.pricingTier === "Standard") {
    plan.extensions = plan.extensions.map((e) => ({ name: e.name, isEnabled: e.name === "AIModelScanner" ? "True" : "False" }));
  } else if (body.properties.pricingTier === "Free") {
    plan.extensions = plan.extensions.map((e) => ({ name: e.name, isEnabled: "False" }));
  } else {
    for (const e of body.properties.extensions || []) {
      const found = plan.extensions.find((x) => x.name === e.name);
      if (found) found.isEnabled = e.isEnabled; else plan.extensions.push(e);
    }
  }
  plan.pricingTier = body.properties.pricingTier;
  fs.writeFileSync(${JSON.stringify(state)}, JSON.stringify(state));
}
process.stdout.write(JSON.stringify(state[id]));
`,
  );
  chmodSync(az, 0o755);
  const file = join(work, "script.sh");
  writeFileSync(file, script);
  const result = spawnSync("bash", [file], { env: { ...process.env, PATH: `${work}:${process.env.PATH ?? ""}` }, encoding: "utf8" });
  expect(result.stderr, "the script ran without errors (it needs jq, as it says)").toBe("");
  expect(result.status).toBe(0);
  return readFileSync(puts, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as unknown);
}

// Running a script starts bash, a fake az and jq for each command, and the HCL parser is Go compiled
// to WebAssembly, started on first use: seconds on a loaded machine. These check what is written, not
// speed: the generous timeout keeps a slow CI from failing them.
const startsProcesses = { timeout: 30_000 };

describe("the Azure CLI script", () => {
  it("is valid bash, and against ARM sends exactly the writes the app would, one subscription after another", startsProcesses, () => {
    const items = reviewed(enable);
    const script = cliScript(enable, items, endpoint);
    expect(() => execFileSync("bash", ["-n"], { input: script })).not.toThrow();
    expect(runWithFakeAz(script)).toEqual(appWrites(items));
  });

  it("turns off with the tier alone, where the plan is on", startsProcesses, () => {
    const items = reviewed({ action: "turn-off" });
    expect(items).toHaveLength(1);
    expect(runWithFakeAz(cliScript({ action: "turn-off" }, items, endpoint))).toEqual(appWrites(items));
  });

  it("keeps names in comments and quoted words: a name cannot run a command", () => {
    const script = cliScript(enable, reviewed(enable), endpoint);
    expect(script).toContain("# Dev $(reboot)\nwith_retries '11111111-1111-1111-1111-111111111111'");
    expect(script).toContain("# Prod'; rm -rf ~ #\nwith_retries '22222222-2222-2222-2222-222222222222'");
  });
});

describe("the Terraform file", () => {
  it("parses as HCL and updates each plan with the app's bodies, the tier first where it is switched on", startsProcesses, async () => {
    const items = reviewed(enable);
    const parsed = (await parse("main.tf", terraformFile(enable, items))) as {
      resource: {
        azapi_update_resource: Record<string, Array<{ type: string; resource_id: string; body: unknown; depends_on?: string[] }>>;
      };
      terraform: Array<{ required_providers: Array<{ azapi: { source: string } }> }>;
    };
    expect(parsed.terraform[0]?.required_providers[0]?.azapi.source).toBe("Azure/azapi");
    const resources = parsed.resource.azapi_update_resource;
    const free = "ai_11111111_1111_1111_1111_111111111111";
    // (The parser gives the resources by name, not in the file's order.)
    const [tierWrite, componentsWrite, standardWrite] = appWrites(items);
    expect(Object.fromEntries(Object.entries(resources).map(([name, [resource]]) => [name, resource?.body]))).toEqual({
      [`${free}_tier`]: tierWrite,
      [free]: componentsWrite,
      ai_22222222_2222_2222_2222_222222222222: standardWrite,
    });
    expect(resources[free]?.[0]?.depends_on).toEqual([`\${azapi_update_resource.${free}_tier}`]);
    expect(resources[free]?.[0]?.type).toBe("Microsoft.Security/pricings@2024-01-01");
    expect(resources[free]?.[0]?.resource_id).toBe(
      "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Security/pricings/AI",
    );
  });
});

/**
 * A Bicep value literal (object, array, single-quoted string with its escapes, number, boolean, null)
 * as JSON, strictly: anything else in it is an error. Members are one a line, as Bicep requires.
 */
function bicepLiteral(text: string): unknown {
  let at = 0;
  const skipSpace = () => {
    while (/[ \n]/.test(text.charAt(at))) at++;
  };
  const fail = (what: string): never => {
    throw new Error(`Bicep: ${what} at ${String(at)}: ${JSON.stringify(text.slice(at, at + 30))}`);
  };
  const string = (): string => {
    let out = "";
    at++;
    for (;;) {
      const char = text.charAt(at++);
      if (char === "") fail("unterminated string");
      if (char === "'") return out;
      if (char === "$" && text.charAt(at) === "{") fail("interpolation");
      if (char !== "\\") out += char;
      else {
        const escaped = text.charAt(at++);
        const known: Record<string, string> = { "\\": "\\", "'": "'", n: "\n", r: "\r", t: "\t", $: "$" };
        out += known[escaped] ?? fail(`unknown escape \\${escaped}`);
      }
    }
  };
  const value = (): unknown => {
    skipSpace();
    const char = text.charAt(at);
    if (char === "'") return string();
    if (char === "{" || char === "[") {
      const object = char === "{";
      const members: Array<[string, unknown]> = [];
      at++;
      for (;;) {
        skipSpace();
        if (text.charAt(at) === (object ? "}" : "]")) {
          at++;
          return object ? Object.fromEntries(members) : members.map(([, member]) => member);
        }
        let name = "";
        if (object) {
          if (text.charAt(at) === "'") name = string();
          else {
            name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at))?.[0] ?? fail("key");
            at += name.length;
          }
          if (text.charAt(at) !== ":") fail("':'");
          at++;
        }
        members.push([name, value()]);
        if (text.charAt(at) !== "\n") fail("a new line after a member");
      }
    }
    const word = /^(true|false|null|-?\d+)/.exec(text.slice(at))?.[0] ?? fail("a value");
    at += word.length;
    return JSON.parse(word);
  };
  const result = value();
  if (at !== text.length) fail("trailing text");
  return result;
}

describe("the Bicep file", () => {
  const items = reviewed(enable);
  const bicep = bicepFile(enable, items);

  it("holds, per subscription, the app's own writes in order, and deploys at subscription scope", () => {
    expect(bicep).toContain("targetScope = 'subscription'");
    const literal = /^var writesBySubscription = ([\s\S]+?\n\})$/m.exec(bicep)?.[1] ?? "";
    const [tierWrite, componentsWrite, standardWrite] = appWrites(items);
    expect(bicepLiteral(literal)).toEqual({
      "11111111-1111-1111-1111-111111111111": [tierWrite, componentsWrite],
      "22222222-2222-2222-2222-222222222222": [standardWrite],
    });
  });

  it("writes the tier first where the plan is switched on, then the full component list after it", () => {
    expect(bicep.match(/^resource \w+ '[^']+' = .*\{$/gm)).toEqual([
      "resource tier 'Microsoft.Resources/deployments@2024-03-01' = if (length(writes) > 1) {",
      "resource ai 'Microsoft.Security/pricings@2024-01-01' = {",
    ]);
    expect(bicep).toContain("properties: first(writes).properties");
    expect(bicep).toContain("  properties: last(writes).properties\n  dependsOn: [\n    tier\n  ]");
    // Braces and brackets balance, outside strings: every block that opens is closed.
    const code = bicep.replace(/^\/\/.*$/gm, "").replace(/'(?:[^'\\]|\\.)*'/g, "''");
    expect(code.split("{").length).toBe(code.split("}").length);
    expect(code.split("[").length).toBe(code.split("]").length);
  });

  it("keeps names in comments: a name cannot end a comment line and start a statement", () => {
    expect(bicep).toContain("//   11111111-1111-1111-1111-111111111111: Dev $(reboot)");
    expect(bicep.split("\n").filter((line) => line.includes("rm -rf"))).toEqual([
      "//   22222222-2222-2222-2222-222222222222: Prod'; rm -rf ~ #",
    ]);
  });

  it("escapes what would end a string or start an interpolation", () => {
    const tricky = { properties: { pricingTier: "Standard" as const, subPlan: "a'b\\c${x}\nd" } };
    const item = items[1];
    if (!item) throw new Error("no item");
    const file = bicepFile(enable, [{ ...item, review: { ...item.review, requests: [{ method: "PUT", url: "u", body: tricky }] } }]);
    const literal = /^var writesBySubscription = ([\s\S]+?\n\})$/m.exec(file)?.[1] ?? "";
    expect(bicepLiteral(literal)).toEqual({ "22222222-2222-2222-2222-222222222222": [tricky] });
  });
});

describe("the policy assignment", () => {
  const change = {
    action: "enable" as const,
    components: { AIPromptEvidence: true, AIPromptSharingWithPurview: false, AIModelScanner: true },
  };
  const { cli, bicep } = policyAssignment(change, "contoso-production", "westeurope");

  it("assigns the built-in definition at the management group with the chosen components, and an identity that may deploy", () => {
    expect(() => execFileSync("bash", ["-n"], { input: cli })).not.toThrow();
    expect(cli).toContain(`--policy '${AI_POLICY_DEFINITION_ID}'`);
    expect(cli).toContain("--scope '/providers/Microsoft.Management/managementGroups/contoso-production'");
    const params = /--params '([^']+)'/.exec(cli)?.[1];
    expect(JSON.parse(params ?? "")).toEqual({
      isAIPromptEvidenceEnabled: { value: "true" },
      isAIPromptSharingWithPurviewEnabled: { value: "false" },
    });
    expect(cli).toContain("--mi-system-assigned");
    expect(cli).toContain("--role fb1c8493-542b-48eb-b624-b4c8fea62acd");
  });

  it("as Bicep: one assignment at management-group scope, and the role for its identity", () => {
    expect(bicep).toContain("targetScope = 'managementGroup'");
    expect(bicep.match(/^resource \w+ '[^']+' = \{$/gm)).toEqual([
      "resource assignment 'Microsoft.Authorization/policyAssignments@2024-04-01' = {",
      "resource deployer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {",
    ]);
    expect(bicep).toContain(`policyDefinitionId: '${AI_POLICY_DEFINITION_ID}'`);
    expect(bicep).toContain("isAIPromptEvidenceEnabled: {\n        value: 'true'\n      }");
    expect(bicep).toContain("isAIPromptSharingWithPurviewEnabled: {\n        value: 'false'\n      }");
    // Braces balance: every block that opens is closed.
    expect(bicep.split("{").length).toBe(bicep.split("}").length);
  });
});
