import type { Alert, AlertStatus } from "../../lib/arm/alerts";
import type { SubscriptionScope } from "../../lib/arm/pricings";

/**
 * The Security alerts page's model: what a row shows of an alert, the filters, and the evidence.
 * Everything in an alert may come from an attacker (prompts, responses, names, URLs): it is turned into
 * plain strings here and rendered as text, never as markup or links.
 */

/** The alerts read of one subscription. */
export type SubscriptionAlerts = SubscriptionScope & { subscriptionName: string; alerts: readonly Alert[] };

/** One row: an alert and the subscription it was read from. */
export type AlertEntry = { alert: Alert; scope: SubscriptionScope; subscriptionName: string };

const severityRank: Record<string, number> = { high: 3, medium: 2, low: 1, informational: 0 };
export const severities = ["High", "Medium", "Low", "Informational"] as const;

export const statusLabels: Record<AlertStatus, string> = {
  Active: "Active",
  InProgress: "In progress",
  Resolved: "Resolved",
  Dismissed: "Dismissed",
};
/** A status the service added after 2022-01-01 is shown as it came. */
export const statusLabel = (status: string) => (statusLabels as Partial<Record<string, string>>)[status] ?? status;
const isOpen = (status: string) => status === "Active" || status === "InProgress";

/** Threat protection for AI workloads raised it: its type is of the AI family, or its component is AI. */
export const isAiAlert = (alert: Alert) =>
  alert.properties.alertType.startsWith("AI.") || alert.properties.productComponentName?.toUpperCase() === "AI";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
/** An ISO time in the user's locale; what is not a time, as it came. */
export function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateTime.format(time);
}

/** When the suspicious activity happened (the portal's "Activity start time"). */
export const activityTimeOf = (alert: Alert) => alert.properties.startTimeUtc ?? alert.properties.timeGeneratedUtc ?? "";

/** "PrivilegeEscalation, Exploitation" → ["Privilege Escalation", "Exploitation"]; "Unknown" is none. */
export function tacticsOf(alert: Alert): string[] {
  return alert.properties.intent
    .split(",")
    .map((intent) => intent.trim())
    .filter((intent) => intent && intent.toLowerCase() !== "unknown")
    .map((intent) => intent.replace(/([a-z])([A-Z])/g, "$1 $2"));
}

export type AffectedResource = { id?: string; account?: string; deployment?: string; name: string };

/** The AI Services account (and model deployment) an alert is about, from its resource identifiers. */
export function affectedResourceOf(alert: Alert): AffectedResource {
  const ids = alert.properties.resourceIdentifiers.flatMap((identifier) => identifier.azureResourceId ?? []);
  for (const id of ids) {
    const match = /\/accounts\/([^/]+)\/deployments\/([^/]+)$/i.exec(id);
    if (match?.[1] && match[2]) return { id, account: match[1], deployment: match[2], name: `${match[1]} / ${match[2]}` };
  }
  const id = ids[0];
  const name = id?.split("/").pop() ?? alert.properties.compromisedEntity ?? "";
  return { ...(id !== undefined && { id }), name };
}

export type StatusFilter = "open" | "all" | AlertStatus;
export type AlertFilters = {
  search: string;
  severity: "all" | (typeof severities)[number];
  status: StatusFilter;
  aiOnly: boolean;
};
/** As the portal opens it: alerts still to act on. */
export const defaultFilters: AlertFilters = { search: "", severity: "all", status: "open", aiOnly: true };

function matches(entry: AlertEntry, filters: AlertFilters, search: string): boolean {
  const { properties } = entry.alert;
  if (filters.aiOnly && !isAiAlert(entry.alert)) return false;
  if (filters.severity !== "all" && properties.severity.toLowerCase() !== filters.severity.toLowerCase()) return false;
  if (filters.status === "open" ? !isOpen(properties.status) : filters.status !== "all" && properties.status !== filters.status)
    return false;
  if (!search) return true;
  // The portal's search: by ID, title or resource.
  return [entry.alert.name, properties.alertDisplayName, affectedResourceOf(entry.alert).name, entry.subscriptionName].some((text) =>
    text.toLowerCase().includes(search),
  );
}

/** The rows shown: those matching the filters, newest activity first, then the most severe. */
export function filterAlerts(entries: readonly AlertEntry[], filters: AlertFilters): AlertEntry[] {
  const search = filters.search.trim().toLowerCase();
  return entries
    .filter((entry) => matches(entry, filters, search))
    .sort(
      (a, b) =>
        activityTimeOf(b.alert).localeCompare(activityTimeOf(a.alert)) ||
        (severityRank[b.alert.properties.severity.toLowerCase()] ?? -1) - (severityRank[a.alert.properties.severity.toLowerCase()] ?? -1),
    );
}

/** The counters above the list, like the portal's: open, active, in progress, and the resources they are on. */
export function alertCounters(entries: readonly AlertEntry[]) {
  const open = entries.filter((entry) => isOpen(entry.alert.properties.status));
  return {
    open: open.length,
    active: open.filter((entry) => entry.alert.properties.status === "Active").length,
    inProgress: open.filter((entry) => entry.alert.properties.status === "InProgress").length,
    affectedResources: new Set(open.map((entry) => (affectedResourceOf(entry.alert).id ?? entry.alert.id).toLowerCase())).size,
  };
}

/** Any JSON value as the text shown for it. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export type Evidence = {
  title: string;
  columns: string[];
  rows: string[][];
  /**
   * An AI alert raised while user prompt evidence was off: the service leaves the suspicious segment
   * out (the portal shows it masked), so the page offers to turn the evidence on instead.
   */
  promptMasked: boolean;
};

const isPromptColumn = (column: string) => /prompt/i.test(column) && /segment/i.test(column);

/** The supporting evidence table, every cell as text; none when the alert has none. */
export function evidenceOf(alert: Alert): Evidence | undefined {
  const evidence = alert.properties.supportingEvidence;
  const ai = isAiAlert(alert);
  if (!evidence) return ai ? { title: "Supporting evidence events", columns: [], rows: [], promptMasked: true } : undefined;
  const columns = evidence.columns.map(textOf);
  return {
    title: evidence.title ?? "Supporting evidence",
    columns,
    rows: evidence.rows.map((row) => columns.map((_, index) => textOf(row[index]))),
    promptMasked: ai && !columns.some(isPromptColumn),
  };
}

/** An entity as label–value pairs (its `$id` and `$ref` bookkeeping left out), nested values as JSON text. */
export function entityFields(entity: Alert["properties"]["entities"][number]): Array<[string, string]> {
  return Object.entries(entity)
    .filter(([key]) => key !== "type" && !key.startsWith("$"))
    .map(([key, value]) => [key, textOf(value)]);
}
