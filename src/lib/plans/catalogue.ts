import type { Pricing } from "../arm/schemas";

// What the portal calls each plan and component, keyed by the API's names (which never change when
// the portal renames things). Names the API returns that are not listed here are shown as they are.

export type PlanSection = "CSPM" | "CWP";

export type PlanInfo = {
  label: string;
  section: PlanSection;
  /** Pricing unit text as the portal shows it (list prices vary by agreement, so we show no amount). */
  unit: string;
  preview?: boolean;
};

const plans: Record<string, PlanInfo> = {
  cloudposture: { label: "Defender CSPM", section: "CSPM", unit: "/Billable resource/Month" },
  virtualmachines: { label: "Servers", section: "CWP", unit: "/Server/Month" },
  appservices: { label: "App Service", section: "CWP", unit: "/Instance/Month" },
  sqlservers: { label: "Azure SQL Databases", section: "CWP", unit: "/Instance/Month" },
  sqlservervirtualmachines: { label: "SQL servers on machines", section: "CWP", unit: "/Server/Month" },
  opensourcerelationaldatabases: { label: "Open-source relational databases", section: "CWP", unit: "/Instance/Month" },
  cosmosdbs: { label: "Azure Cosmos DB", section: "CWP", unit: "/100 RU/s/Month" },
  storageaccounts: { label: "Storage", section: "CWP", unit: "/Storage account/Month" },
  containers: { label: "Containers", section: "CWP", unit: "/VM core/Month" },
  ai: { label: "AI workloads", section: "CWP", unit: "/1K tokens/Month", preview: true },
  keyvaults: { label: "Key Vault", section: "CWP", unit: "/Key vault/Month" },
  arm: { label: "Resource Manager", section: "CWP", unit: "/Subscription/Month" },
  api: { label: "APIs", section: "CWP", unit: "/1M API calls/Month" },
};

/** Portal order within each section. */
const order = Object.keys(plans);

export function planInfo(name: string): PlanInfo {
  return plans[name.toLowerCase()] ?? { label: name, section: "CWP", unit: "—" };
}

/**
 * Plans the portal no longer shows. The API marks them `deprecated: true`, but not in every response
 * (the official list example returns Dns without the flag), so the names are known here too.
 */
export const deprecatedPlans: ReadonlySet<string> = new Set(["dns", "kubernetesservice", "containerregistry"]);

/** The plans a page shows: deprecated ones hidden, in portal order, unknown names last. */
export function visiblePlans(pricings: Pricing[]): Pricing[] {
  return pricings
    .filter((pricing) => pricing.properties.deprecated !== true && !deprecatedPlans.has(pricing.name.toLowerCase()))
    .sort((a, b) => comparePlans(a.name, b.name));
}

function comparePlans(a: string, b: string): number {
  const rank = (name: string) => {
    const index = order.indexOf(name.toLowerCase());
    return index === -1 ? order.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

export const sectionDescriptions: Record<PlanSection, { title: string; description: string }> = {
  CSPM: {
    title: "Cloud Security Posture Management (CSPM)",
    description:
      "Posture management finds misconfigurations and attack paths across your resources. Foundational CSPM is free and always on; Defender CSPM adds agentless scanning, the cloud security graph and data-aware posture.",
  },
  CWP: {
    title: "Cloud Workload Protection (CWP)",
    description:
      "Workload protection detects and responds to threats against your servers, data, containers, APIs and AI workloads at runtime.",
  },
};

export type ExtensionInfo = { label: string; description: string; preview?: boolean };

const extensions: Record<string, ExtensionInfo> = {
  aipromptevidence: {
    label: "Enable user prompt evidence",
    description:
      "Shows the suspicious segments of user prompts and model responses in the evidence of AI alerts, to help triage them. Sensitive data and secrets are redacted, but customer conversations may still be sensitive. When off, prompts are still analysed and the content is masked in alerts.",
  },
  aipromptsharingwithpurview: {
    label: "Enable data security for AI interactions",
    description:
      "Shares prompts and responses with Microsoft Purview for data security and compliance of AI interactions. Needs a separate Microsoft Purview licence.",
    preview: true,
  },
  aimodelscanner: {
    label: "AI Model Security",
    description: "Scans AI models in Azure Machine Learning registries and workspaces for embedded malware and unsafe operators.",
    preview: true,
  },
  agentlessvmscanning: {
    label: "Agentless scanning for machines",
    description: "Scans machines for installed software, vulnerabilities, malware and secrets without agents.",
  },
  agentlessdiscoveryforkubernetes: {
    label: "Agentless discovery for Kubernetes",
    description: "API-based discovery of Kubernetes clusters, their configuration and deployments.",
  },
  sensitivedatadiscovery: {
    label: "Sensitive data discovery",
    description: "Finds storage containers holding sensitive data such as credentials or credit card numbers.",
  },
  containerregistriesvulnerabilityassessments: {
    label: "Agentless container vulnerability assessment",
    description: "Vulnerability management for images stored in your container registries.",
  },
  entrapermissionsmanagement: {
    label: "Permissions Management (CIEM)",
    description: "Analyses permissions and their use, and recommends least privilege.",
  },
  mdedesignatedsubscription: {
    label: "Endpoint protection direct onboarding",
    description: "Onboards servers from Defender for Endpoint into a designated subscription.",
  },
  fileintegritymonitoring: {
    label: "File Integrity Monitoring",
    description: "Watches operating system files and registries for changes that might indicate an attack.",
  },
  containersensor: {
    label: "Defender sensor",
    description: "Runtime threat detection for Kubernetes clusters, nodes and workloads.",
  },
  onuploadmalwarescanning: {
    label: "On-upload malware scanning",
    description: "Scans blobs for malware as they are uploaded, up to a monthly cap per storage account.",
  },
};

export function extensionInfo(name: string): ExtensionInfo {
  return extensions[name.toLowerCase()] ?? { label: name, description: "" };
}

/**
 * The components the service switches on by itself when a plan goes Free → Standard, per plan. The
 * API does not say which these are (a Free plan reports every component "False"), so a page showing
 * a plan that is about to be switched on needs them from here. Components not listed stay off.
 */
const defaultExtensions: Record<string, readonly string[]> = {
  virtualmachines: ["agentlessvmscanning"],
  storageaccounts: ["onuploadmalwarescanning", "sensitivedatadiscovery"],
  containers: ["containerregistriesvulnerabilityassessments", "agentlessdiscoveryforkubernetes", "agentlessvmscanning", "containersensor"],
  cloudposture: [
    "agentlessvmscanning",
    "agentlessdiscoveryforkubernetes",
    "sensitivedatadiscovery",
    "containerregistriesvulnerabilityassessments",
    "entrapermissionsmanagement",
  ],
  ai: ["aimodelscanner"],
};

/** Whether the service switches this component on by itself when the plan is switched on. */
export function isDefaultExtension(planName: string, extensionName: string): boolean {
  return defaultExtensions[planName.toLowerCase()]?.includes(extensionName.toLowerCase()) ?? false;
}
