import * as v from "valibot";
import type { ArmClient } from "./client";
import { listAll } from "./directories";
import type { SubscriptionScope } from "./pricings";

/**
 * Security alerts at 2022-01-01, the first api-version with supporting evidence (where an AI alert's
 * prompt segment is). `@azure/arm-security` 5 reads alerts at 2021-11-01, without that evidence and
 * without the "in progress" status change, so alerts go through this client like the plans.
 */
export const ALERTS_API_VERSION = "2022-01-01";

/** Every string here may come from an attacker (prompts, responses, names): render it as text only. */
export const alertSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  properties: v.looseObject({
    alertType: v.string(),
    alertDisplayName: v.string(),
    description: v.optional(v.string(), ""),
    // Enums are "model as string": a value we do not know is shown as it is.
    severity: v.string(),
    status: v.string(),
    intent: v.optional(v.string(), ""),
    startTimeUtc: v.optional(v.string()),
    timeGeneratedUtc: v.optional(v.string()),
    productComponentName: v.optional(v.string()),
    compromisedEntity: v.optional(v.string()),
    remediationSteps: v.optional(v.array(v.string()), []),
    techniques: v.optional(v.array(v.string()), []),
    resourceIdentifiers: v.optional(v.array(v.looseObject({ type: v.string(), azureResourceId: v.optional(v.string()) })), []),
    entities: v.optional(v.array(v.looseObject({ type: v.string() })), []),
    supportingEvidence: v.optional(
      v.looseObject({
        type: v.string(),
        title: v.optional(v.string()),
        columns: v.optional(v.array(v.string()), []),
        rows: v.optional(v.array(v.array(v.unknown())), []),
      }),
    ),
  }),
});
export type Alert = v.InferOutput<typeof alertSchema>;

/** The status changes the alerts API offers, by the status they lead to. */
export const alertStatusActions = { Active: "activate", InProgress: "inProgress", Resolved: "resolve", Dismissed: "dismiss" } as const;
export type AlertStatus = keyof typeof alertStatusActions;

const alertsPath = ({ subscriptionId }: SubscriptionScope) =>
  `/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Security/alerts`;

/** A subscription's alerts, every page. */
export function listAlerts(client: ArmClient, scope: SubscriptionScope): Promise<Alert[]> {
  return listAll(client, scope.tenantId, alertsPath(scope), alertSchema, "the security alerts", ALERTS_API_VERSION);
}

/** One alert, by its id (`/subscriptions/…/locations/{location}/alerts/{name}`, as the list gives it). */
export function getAlert(client: ArmClient, scope: SubscriptionScope, alertId: string): Promise<Alert> {
  return client.send({
    tenantId: scope.tenantId,
    method: "GET",
    path: alertId,
    apiVersion: ALERTS_API_VERSION,
    schema: alertSchema,
    operation: "the security alert",
  });
}

/** Sets an alert's status; the service answers 204 with no body (read the alert again to show it). */
export async function setAlertStatus(client: ArmClient, scope: SubscriptionScope, alertId: string, status: AlertStatus): Promise<void> {
  await client.send({
    tenantId: scope.tenantId,
    method: "POST",
    path: `${alertId}/${alertStatusActions[status]}`,
    apiVersion: ALERTS_API_VERSION,
    // 204, no body. (Not v.undefined(): valibot is one module in the sign-in page's download, and each function used anywhere adds to it.)
    schema: v.unknown(),
    operation: "the security alert's status",
  });
}
