import { aiComponents, type BulkChange, type Review } from "./change";
import type { SelectedSubscription } from "./selection";

// The reviewed change as files to run elsewhere instead of in the app: an Azure CLI script, Bicep,
// Terraform (azapi) and an Azure Policy assignment. Each writes what the review shows, and none switches off a
// component the change does not name.

export type ReviewedChange = { target: SelectedSubscription; review: Extract<Review, { kind: "change" }> };

/** The bodies of the PUTs the review shows, in order: the tier first where the plan is switched on. */
const writesOf = (review: ReviewedChange["review"]) =>
  review.requests.flatMap((request) => (request.method === "PUT" && request.body ? [request.body] : []));

/** The built-in "Configure Microsoft Defender threat protection for AI Services" (DeployIfNotExists). */
export const AI_POLICY_DEFINITION_ID = "/providers/Microsoft.Authorization/policyDefinitions/359a48a3-351a-4618-bb32-f1628645694b";
/** Security Admin: the role the policy's definition names for its deployments (roleDefinitionIds). */
const SECURITY_ADMIN_ROLE_ID = "fb1c8493-542b-48eb-b624-b4c8fea62acd";

const wantedStates = (change: Extract<BulkChange, { action: "enable" }>) =>
  Object.fromEntries(aiComponents.map((name) => [name, change.components[name] ? "True" : "False"]));

/** A shell word in single quotes: names come from whoever named the subscription. */
const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
/** A comment line: a name cannot end the comment and start a command. */
const comment = (text: string) => `# ${text.replace(/[\r\n]+/g, " ")}`;

/**
 * Bash with `az rest` and `jq`: per subscription, one after another, the AI plan is read, the change
 * merged into its full component list as it is then, and written (tier first when it is switched on,
 * as the service ignores components sent with that write); a write refused with 409 (another write in
 * progress) is tried again from a fresh read.
 */
export function cliScript(change: BulkChange, reviewed: readonly ReviewedChange[], endpoint: string): string {
  const lines = [
    "#!/usr/bin/env bash",
    comment(
      `${change.action === "enable" ? "Enable" : "Turn off"} AI workloads on ${String(reviewed.length)} subscriptions, as reviewed in Defender AI onboarding.`,
    ),
    "# Needs the Azure CLI (signed in: az login) and jq. Each subscription is read, merged and written on its own.",
    "set -euo pipefail",
    `endpoint=${quoted(endpoint)}`,
    "",
  ];
  if (change.action === "enable") {
    lines.push(
      `wanted=${quoted(JSON.stringify(wantedStates(change)))}`,
      "",
      "change_subscription() {",
      '  local url="$endpoint/subscriptions/$1/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01"',
      "  local current",
      '  current=$(az rest --method get --url "$url")',
      '  if [ "$(jq -r .properties.pricingTier <<<"$current")" != "Standard" ]; then',
      "    # The service switches its default components on with the tier and ignores a list sent with it.",
      '    az rest --method put --url "$url" --body "$(jq -c \'{properties: ({pricingTier: "Standard"} + (if .properties.subPlan then {subPlan: .properties.subPlan} else {} end))}\' <<<"$current")" >/dev/null',
      '    current=$(az rest --method get --url "$url")',
      "  fi",
      "  # Every component as it is now, the chosen ones as asked; settings kept only on a component that is on.",
      '  az rest --method put --url "$url" --body "$(jq -c --argjson wanted "$wanted" \'',
      "    (.properties.extensions // []) as $current",
      '    | {properties: ({pricingTier: "Standard"} + (if .properties.subPlan then {subPlan: .properties.subPlan} else {} end) + {extensions: (',
      '        [$current[] | .isEnabled = ($wanted[.name] // .isEnabled) | if .isEnabled == "True" and .additionalExtensionProperties then {name, isEnabled, additionalExtensionProperties} else {name, isEnabled} end]',
      "        + [$wanted | to_entries[] | select(.key as $name | all($current[]; .name != $name)) | {name: .key, isEnabled: .value}])})}",
      '  \' <<<"$current")" >/dev/null',
      "}",
    );
  } else {
    lines.push(
      "change_subscription() {",
      '  local url="$endpoint/subscriptions/$1/providers/Microsoft.Security/pricings/AI?api-version=2024-01-01"',
      '  az rest --method put --url "$url" --body \'{"properties":{"pricingTier":"Free"}}\' >/dev/null',
      "}",
    );
  }
  lines.push(
    "",
    "# A write refused because another is in progress (409) is tried again, from a fresh read, after a pause.",
    "with_retries() {",
    "  for attempt in 1 2 3 4 5; do",
    '    if change_subscription "$1"; then echo "$1: done"; return 0; fi',
    '    echo "$1: attempt $attempt failed, trying again in 10 s" >&2',
    "    sleep 10",
    "  done",
    '  echo "$1: failed" >&2',
    "  return 1",
    "}",
    "",
    ...reviewed.flatMap(({ target }) => [comment(target.name), `with_retries ${quoted(target.subscriptionId)}`]),
    "",
  );
  return lines.join("\n");
}

/** An HCL string literal; `${` and `%{` would otherwise start a template. */
const hcl = (text: string) => JSON.stringify(text).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");

/**
 * Terraform with the azapi provider: an update of each AI plan (azapi_update_resource, which changes an
 * existing resource rather than owning it) with the full component list the review shows, so nothing
 * unlisted is switched off. A plan switched on gets its tier written first, as the service ignores
 * components sent with that write.
 */
export function terraformFile(change: BulkChange, reviewed: readonly ReviewedChange[]): string {
  const blocks = [
    comment(
      `${change.action === "enable" ? "Enable" : "Turn off"} AI workloads on ${String(reviewed.length)} subscriptions, as reviewed in Defender AI onboarding.`,
    ),
    `terraform {\n  required_providers {\n    azapi = {\n      source  = "Azure/azapi"\n      version = "~> 2.0"\n    }\n  }\n}`,
    `provider "azapi" {}`,
  ];
  for (const { target, review } of reviewed) {
    const name = `ai_${target.subscriptionId.toLowerCase().replace(/[^0-9a-z]/g, "_")}`;
    const resourceId = `/subscriptions/${target.subscriptionId}/providers/Microsoft.Security/pricings/AI`;
    const writes = writesOf(review);
    writes.forEach((body, index) => {
      const last = index === writes.length - 1;
      const { pricingTier, subPlan, extensions } = body.properties;
      const properties = [
        `      pricingTier = ${hcl(pricingTier)}`,
        ...(subPlan ? [`      subPlan     = ${hcl(subPlan)}`] : []),
        ...(extensions
          ? [
              "      extensions = [",
              ...extensions.map((extension) => `        { name = ${hcl(extension.name)}, isEnabled = ${hcl(extension.isEnabled)} },`),
              "      ]",
            ]
          : []),
      ];
      blocks.push(
        [
          comment(`${target.name}${last ? "" : ": the tier first"}`),
          `resource "azapi_update_resource" "${name}${last ? "" : "_tier"}" {`,
          `  type        = "Microsoft.Security/pricings@2024-01-01"`,
          `  resource_id = ${hcl(resourceId)}`,
          "  body = {",
          "    properties = {",
          ...properties,
          "    }",
          "  }",
          ...(index > 0 ? [`  depends_on = [azapi_update_resource.${name}_tier]`] : []),
          "}",
        ].join("\n"),
      );
    });
  }
  return `${blocks.join("\n\n")}\n`;
}

/** A Bicep string literal: `\`, `'` and `${` would otherwise end it or start an interpolation. */
const bicepString = (text: string) =>
  `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\$\{/g, "\\${").replace(/\r/g, "\\r").replace(/\n/g, "\\n")}'`;

/** A JSON value as a Bicep literal: objects and arrays one member a line, as Bicep writes them. */
function bicepValue(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => `${inner}${bicepValue(item, inner)}\n`).join("")}${indent}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).filter(([, member]) => member !== undefined);
    const key = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : bicepString(name));
    return `{\n${members.map(([name, member]) => `${inner}${key(name)}: ${bicepValue(member, inner)}\n`).join("")}${indent}}`;
  }
  return typeof value === "string" ? bicepString(value) : JSON.stringify(value);
}

/**
 * Bicep, deployed once per subscription (`az deployment sub create`): the AI plan's writes the review
 * shows for that subscription, looked up by its id. A plan switched on gets its tier written first, in
 * a nested deployment the component list then waits for, as the service ignores components sent with
 * the tier; the list is the full one, so nothing unlisted is switched off.
 */
export function bicepFile(change: BulkChange, reviewed: readonly ReviewedChange[]): string {
  const writes = Object.fromEntries(reviewed.map(({ target, review }) => [target.subscriptionId.toLowerCase(), writesOf(review)]));
  return [
    `// ${change.action === "enable" ? "Enable" : "Turn off"} AI workloads on ${String(reviewed.length)} subscriptions, as reviewed in Defender AI onboarding.`,
    "// Deploy once per subscription; its writes go one after the other:",
    "//   az deployment sub create --subscription <id> --location <region> --template-file defender-ai-workloads.bicep",
    ...reviewed.map(({ target }) => `//   ${target.subscriptionId}: ${target.name.replace(/[\r\n]+/g, " ")}`),
    "targetScope = 'subscription'",
    "",
    "// Per subscription (by id, in lower case), the AI plan's writes in order, as the review shows them.",
    `var writesBySubscription = ${bicepValue(writes, "")}`,
    "",
    "var writes = writesBySubscription[toLower(subscription().subscriptionId)]",
    "",
    "// The tier first where the plan is switched on: a deployment of its own, which the list below waits for.",
    "resource tier 'Microsoft.Resources/deployments@2024-03-01' = if (length(writes) > 1) {",
    "  name: 'defender-ai-workloads-tier'",
    "  location: deployment().location",
    "  properties: {",
    "    mode: 'Incremental'",
    "    template: {",
    "      '$schema': 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#'",
    "      contentVersion: '1.0.0.0'",
    "      resources: [",
    "        {",
    "          type: 'Microsoft.Security/pricings'",
    "          apiVersion: '2024-01-01'",
    "          name: 'AI'",
    "          properties: first(writes).properties",
    "        }",
    "      ]",
    "    }",
    "  }",
    "}",
    "",
    "resource ai 'Microsoft.Security/pricings@2024-01-01' = {",
    "  name: 'AI'",
    "  properties: last(writes).properties",
    "  dependsOn: [",
    "    tier",
    "  ]",
    "}",
    "",
  ].join("\n");
}

/**
 * The built-in policy assigned at a management group, so that subscriptions added later are covered
 * too: DeployIfNotExists, with a system-assigned identity to deploy with. The policy sets prompt
 * evidence and data security for AI interactions; it does not manage AI model security.
 */
export function policyAssignment(change: Extract<BulkChange, { action: "enable" }>, managementGroupId: string, location: string) {
  const scope = `/providers/Microsoft.Management/managementGroups/${managementGroupId}`;
  const parameters = {
    isAIPromptEvidenceEnabled: { value: String(change.components.AIPromptEvidence) },
    isAIPromptSharingWithPurviewEnabled: { value: String(change.components.AIPromptSharingWithPurview) },
  };
  const cli = [
    "#!/usr/bin/env bash",
    '# Assigns the built-in policy "Configure Microsoft Defender threat protection for AI Services" at the management',
    "# group: every subscription under it, now and later, gets AI workloads On with these components.",
    "set -euo pipefail",
    [
      "az policy assignment create",
      "  --name defender-ai-workloads",
      `  --display-name ${quoted("Configure Microsoft Defender threat protection for AI Services")}`,
      `  --policy ${quoted(AI_POLICY_DEFINITION_ID)}`,
      `  --scope ${quoted(scope)}`,
      `  --params ${quoted(JSON.stringify(parameters))}`,
      "  --mi-system-assigned",
      `  --location ${quoted(location)}`,
      // The identity deploys the pricings: it needs the role the definition names, over the same scope.
      `  --role ${SECURITY_ADMIN_ROLE_ID}`,
      `  --identity-scope ${quoted(scope)}`,
    ].join(" \\\n"),
    "",
  ].join("\n");
  const bicep = [
    '// Assigns the built-in policy "Configure Microsoft Defender threat protection for AI Services" at the management group.',
    "targetScope = 'managementGroup'",
    "",
    "resource assignment 'Microsoft.Authorization/policyAssignments@2024-04-01' = {",
    "  name: 'defender-ai-workloads'",
    `  location: '${location}'`,
    "  identity: {",
    "    type: 'SystemAssigned'",
    "  }",
    "  properties: {",
    "    displayName: 'Configure Microsoft Defender threat protection for AI Services'",
    `    policyDefinitionId: '${AI_POLICY_DEFINITION_ID}'`,
    "    parameters: {",
    ...Object.entries(parameters).map(([name, { value }]) => `      ${name}: {\n        value: '${value}'\n      }`),
    "    }",
    "  }",
    "}",
    "",
    "// The identity deploys the pricings: it needs the role the definition names (Security Admin).",
    "resource deployer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {",
    "  name: guid(managementGroup().id, assignment.id, 'security-admin')",
    "  properties: {",
    `    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', '${SECURITY_ADMIN_ROLE_ID}')`,
    "    principalId: assignment.identity.principalId",
    "    principalType: 'ServicePrincipal'",
    "  }",
    "}",
    "",
  ].join("\n");
  return { cli, bicep };
}
