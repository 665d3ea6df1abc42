// Microsoft.Security/alerts (api-version 2022-01-01) at subscription and resource-group scope: list
// (all, or of one location), get, and the four status changes. A subscription's alerts are made on
// its first read: the AI alerts its seeded AI plan would have raised, plus any the test-mode control
// API raised since.
import type { SubscriptionState } from "../../store";
import {
  aiAlert,
  aiAlertKinds,
  seededAiAlerts,
  SERVERS_TEST_ALERT,
  serversTestAlert,
  type Alert,
  type AlertStatus,
  type SentRequest,
} from "../ai-alerts";
import { armErrors } from "../errors";
import { pageOf } from "../paging";
import type { ArmRequest, ArmResult } from "../pipeline";
import { registeredSubscription } from "./pricings";
import type { EmulatorContext } from "../../context";

/** Alerts per page of a list (the service's page size is not documented). */
const ALERTS_PAGE_SIZE = 50;

/** The subscription's alerts, newest first, made from its seed on first use. */
export function alertsOf(ctx: EmulatorContext, sub: SubscriptionState): Alert[] {
  let alerts = sub.alerts;
  if (!alerts) {
    const ai = sub.seed.pricings["AI"];
    alerts = seededAiAlerts(
      sub.seed,
      ai?.pricingTier === "Standard",
      ai?.extensions?.["AIPromptEvidence"]?.isEnabled === "True",
      new Date(ctx.now()),
    );
    sub.alerts = alerts;
    // Made with the time of this first read, often a GET: kept (--location) so a restart shows the same alerts.
    ctx.stateChanged(sub.seed.subscriptionId);
  }
  return alerts;
}

/**
 * Raises an alert on the subscription now, as the service would with its plans as they are: an AI
 * alert (with or without the prompt, as prompt evidence is) while the AI plan is on, or Defender for
 * Servers' test alert while the Servers plan is on; none while the plan is off.
 */
export function raiseAlert(
  ctx: EmulatorContext,
  sub: SubscriptionState,
  alertType: string | undefined,
  sent: SentRequest = {},
): Alert | undefined {
  const now = new Date(ctx.now());
  let build: (sequence: string) => Alert;
  if (alertType === SERVERS_TEST_ALERT) {
    if (sub.pricings.get("virtualmachines")?.pricingTier !== "Standard") return undefined;
    build = (sequence) => serversTestAlert(sub.seed, now, sequence);
  } else {
    const ai = sub.pricings.get("ai");
    if (ai?.pricingTier !== "Standard") return undefined;
    const kind = alertType === undefined ? aiAlertKinds[0] : aiAlertKinds.find((candidate) => candidate.alertType === alertType);
    if (!kind) throw new Error(`unknown AI alert type ${alertType ?? ""}`);
    const promptEvidence = ai.extensions.find((extension) => extension.name === "AIPromptEvidence")?.isEnabled === "True";
    build = (sequence) => aiAlert(sub.seed, kind, now, promptEvidence, sequence, sent);
  }
  const alerts = alertsOf(ctx, sub);
  const alert = build(`raised-${String(alerts.length)}`);
  alerts.unshift(alert);
  ctx.stateChanged(sub.seed.subscriptionId);
  return alert;
}

/** An alert as `apiVersion` shows it: before 2022-01-01 there was no supporting evidence (the rest is unverified). */
function alertView(alert: Alert, apiVersion: string): Alert {
  if (apiVersion >= "2022-01-01") return alert;
  const properties = { ...alert.properties };
  delete properties["supportingEvidence"];
  return { ...alert, properties };
}

/** The route's resource group (a capture after the subscription), if it names one. */
const resourceGroupOf = (req: ArmRequest, hasGroup: boolean) => (hasGroup ? req.params[1] : undefined);

function inScope(alert: Alert, resourceGroup: string | undefined, location: string | undefined): boolean {
  const id = alert.id.toLowerCase();
  if (resourceGroup !== undefined && !id.includes(`/resourcegroups/${resourceGroup.toLowerCase()}/`)) return false;
  return location === undefined || id.includes(`/locations/${location.toLowerCase()}/`);
}

/** GET …/alerts or …/locations/{ascLocation}/alerts, at subscription or resource-group scope. */
export function listAlerts({ group, located }: { group: boolean; located: boolean }) {
  return (req: ArmRequest): ArmResult => {
    const sub = registeredSubscription(req);
    const resourceGroup = resourceGroupOf(req, group);
    const location = located ? req.params[group ? 2 : 1] : undefined;
    const alerts = alertsOf(req.ctx, sub).filter((alert) => inScope(alert, resourceGroup, location));
    const { value, nextLink } = pageOf(alerts, { publicUrl: req.ctx.publicUrl, url: req.url }, ALERTS_PAGE_SIZE);
    return {
      status: 200,
      body: { value: value.map((alert) => alertView(alert, req.apiVersion)), ...(nextLink !== undefined && { nextLink }) },
    };
  };
}

function findAlert(req: ArmRequest, group: boolean): Alert {
  const sub = registeredSubscription(req);
  const resourceGroup = resourceGroupOf(req, group);
  const location = req.params[group ? 2 : 1] ?? "";
  const name = req.params[group ? 3 : 2] ?? "";
  const alert = alertsOf(req.ctx, sub).find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  // At subscription scope an alert of any resource group is found; at a group's, only that group's.
  if (!alert || !inScope(alert, resourceGroup, location)) throw armErrors.alertNotFound(name);
  return alert;
}

/** GET …/locations/{ascLocation}/alerts/{alertName}. */
export function getAlert({ group }: { group: boolean }) {
  return (req: ArmRequest): ArmResult => ({ status: 200, body: alertView(findAlert(req, group), req.apiVersion) });
}

const statusOfAction: Record<string, AlertStatus> = {
  activate: "Active",
  dismiss: "Dismissed",
  inprogress: "InProgress",
  resolve: "Resolved",
};

/** POST …/alerts/{alertName}/activate|dismiss|inProgress|resolve: 204, no body. */
export function updateAlertStatus({ group }: { group: boolean }) {
  return (req: ArmRequest): ArmResult => {
    const alert = findAlert(req, group);
    const action = (req.params[group ? 4 : 3] ?? "").toLowerCase();
    const status = statusOfAction[action];
    if (!status) throw new Error(`route must capture a status action, got ${action}`);
    alert.properties.status = status;
    return { status: 204, body: undefined };
  };
}
