import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { aiAlert, aiAlertKinds } from "../../../emulator/arm/ai-alerts";
import { type Alert, alertSchema } from "../../lib/arm/alerts";
import {
  affectedResourceOf,
  alertCounters,
  type AlertEntry,
  defaultFilters,
  entityFields,
  evidenceOf,
  filterAlerts,
  statusLabel,
  tacticsOf,
} from "./alerts";

const target = { subscriptionId: "00000000-0000-4000-8000-000000000001", tenantId: "t", displayName: "Contoso AI Research" };
const kind = (alertType: string) => {
  const found = aiAlertKinds.find((candidate) => candidate.alertType === alertType);
  if (!found) throw new Error(alertType);
  return found;
};
/** An alert as the emulator answers it, read through the app's schema. */
const alertOf = (alertType: string, time: string, promptEvidence = false, sequence = time) =>
  v.parse(alertSchema, aiAlert(target, kind(alertType), new Date(time), promptEvidence, sequence));
const entryOf = (alert: Alert, subscriptionName = target.displayName): AlertEntry => ({
  alert,
  scope: { tenantId: target.tenantId, subscriptionId: target.subscriptionId },
  subscriptionName,
});
const withStatus = (alert: Alert, status: string): Alert => ({ ...alert, properties: { ...alert.properties, status } });
const notAi = (alert: Alert): Alert => ({
  ...alert,
  properties: { ...alert.properties, alertType: "VM_SuspiciousCommand", productComponentName: "Servers", supportingEvidence: undefined },
});

const jailbreak = alertOf("AI.Azure_Jailbreak.ContentFiltering.BlockedAttempt", "2026-11-20T10:00:00Z");
const credentials = alertOf("AI.Azure_CredentialTheftAttempt", "2026-11-22T10:00:00Z", true);
const phishing = alertOf("AI.Azure_MaliciousUrl.UnknownSource", "2026-11-21T10:00:00Z");

describe("the alerts list", () => {
  it("shows open AI alerts newest first, as the portal opens", () => {
    const entries = [
      jailbreak,
      withStatus(credentials, "Resolved"),
      phishing,
      notAi(alertOf("AI.Azure_ASCIISmuggling", "2026-11-23T00:00:00Z")),
    ].map((alert) => entryOf(alert));
    expect(filterAlerts(entries, defaultFilters).map((entry) => entry.alert.properties.alertType)).toEqual([
      "AI.Azure_MaliciousUrl.UnknownSource",
      "AI.Azure_Jailbreak.ContentFiltering.BlockedAttempt",
    ]);
    const everything = filterAlerts(entries, { ...defaultFilters, status: "all", aiOnly: false });
    expect(everything).toHaveLength(4);
    expect(everything[0]?.alert.properties.productComponentName).toBe("Servers");
  });

  it("filters by severity, by one status and by a search of the title, ID, resource or subscription", () => {
    const entries = [entryOf(jailbreak), entryOf(withStatus(credentials, "InProgress"), "Fabrikam"), entryOf(phishing)];
    const titles = (filters: Partial<typeof defaultFilters>) =>
      filterAlerts(entries, { ...defaultFilters, ...filters }).map((entry) => entry.alert.properties.alertDisplayName);
    expect(titles({ severity: "High" })).toEqual(["Phishing URL shared in an AI application"]);
    expect(titles({ status: "InProgress" })).toEqual(["Detected credential theft attempts on an Azure AI model deployment"]);
    expect(titles({ search: "  PHISHING " })).toEqual(["Phishing URL shared in an AI application"]);
    expect(titles({ search: jailbreak.name.toLowerCase() })).toHaveLength(1);
    expect(titles({ search: "fabrikam" })).toHaveLength(1);
    expect(titles({ search: "contoso-ai-research-openai / gpt-4o" })).toHaveLength(3);
    expect(titles({ search: "nothing like it" })).toEqual([]);
  });

  it("counts open alerts by status and the distinct resources they are on", () => {
    const entries = [jailbreak, withStatus(credentials, "InProgress"), withStatus(phishing, "Dismissed")].map((alert) => entryOf(alert));
    expect(alertCounters(entries)).toEqual({ open: 2, active: 1, inProgress: 1, affectedResources: 1 });
  });
});

describe("an alert's details", () => {
  it("names the AI account and model deployment it is about, and its tactics in words", () => {
    expect(affectedResourceOf(jailbreak)).toMatchObject({ account: "contoso-ai-research-openai", deployment: "gpt-4o" });
    expect(tacticsOf(jailbreak)).toEqual(["Privilege Escalation"]);
    expect(tacticsOf({ ...jailbreak, properties: { ...jailbreak.properties, intent: "Unknown" } })).toEqual([]);
    expect(statusLabel("InProgress")).toBe("In progress");
    expect(statusLabel("SomethingNew")).toBe("SomethingNew");
  });

  it("shows the prompt's suspicious segment when prompt evidence was on, and says it is masked when it was off", () => {
    const shown = evidenceOf(credentials);
    expect(shown?.promptMasked).toBe(false);
    expect(shown?.rows[0]).toContain(kind("AI.Azure_CredentialTheftAttempt").segment);

    const masked = evidenceOf(jailbreak);
    expect(masked?.promptMasked).toBe(true);
    expect(masked?.columns).toEqual(["Event time", "Caller IP", "User agent"]);
    expect(JSON.stringify(masked)).not.toContain(kind("AI.Azure_Jailbreak.ContentFiltering.BlockedAttempt").segment);
    // An AI alert without any evidence is masked too; another plan's alert has nothing to say about prompts.
    expect(evidenceOf({ ...jailbreak, properties: { ...jailbreak.properties, supportingEvidence: undefined } })?.promptMasked).toBe(true);
    expect(evidenceOf(notAi(jailbreak))).toBeUndefined();
  });

  it("turns every evidence cell and entity field into text, objects as JSON", () => {
    const odd = {
      ...credentials,
      properties: {
        ...credentials.properties,
        supportingEvidence: { type: "tabularEvidences", columns: ["a", "b", "c"], rows: [[{ html: "<b>x</b>" }, 7, null]] },
      },
    };
    expect(evidenceOf(odd)?.rows).toEqual([['{"html":"<b>x</b>"}', "7", ""]]);
    expect(entityFields({ type: "ip", $id: "1", address: "203.0.113.23", location: { countryCode: "NL" } })).toEqual([
      ["address", "203.0.113.23"],
      ["location", '{"countryCode":"NL"}'],
    ]);
  });
});
