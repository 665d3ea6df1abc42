import { csvText } from "../../lib/csv";
import { describeError } from "../../lib/errors/messages";
import { extensionInfo } from "../../lib/plans/catalogue";
import type { BulkRun, TargetOutcome } from "./run";

/** A subscription's outcome in words: what the report shows and exports. */
export function outcomeText(outcome: TargetOutcome | undefined): string {
  if (!outcome || outcome.status === "pending") return "Waiting";
  if (outcome.status === "running") return "Writing…";
  if (outcome.status === "cancelled") return "Not started: the run was cancelled";
  if (outcome.status === "skipped") return `Skipped: ${outcome.reason}`;
  const { result } = outcome;
  if (result.status === "failed") return "Failed";
  return result.failedExtensions.length > 0 ? "Changed, but a component failed" : "Changed";
}

/** Whether a subscription needs another try: the write failed, or the service failed a component. */
export const failedOutcome = (outcome: TargetOutcome | undefined) =>
  outcome?.status === "finished" && (outcome.result.status === "failed" || outcome.result.failedExtensions.length > 0);

/** "Enable user prompt evidence" → "User prompt evidence": a component's name, as a state is reported against it. */
export const componentLabel = (name: string) =>
  extensionInfo(name)
    .label.replace(/^Enable /, "")
    .replace(/^./, (first) => first.toUpperCase());

/** The failure of a subscription, as the report shows it: what happened, ARM's code and request id. */
export function failureOf(outcome: TargetOutcome | undefined): { message: string; code: string; requestId: string } | undefined {
  if (outcome?.status !== "finished") return undefined;
  const { result } = outcome;
  if (result.status === "failed") {
    const described = describeError(result.error);
    return { message: `${described.title}: ${described.message}`, code: described.code ?? "", requestId: described.requestId ?? "" };
  }
  if (result.failedExtensions.length === 0) return undefined;
  const message = result.failedExtensions.map((failure) => `${componentLabel(failure.extension)} failed: ${failure.message}`).join(" ");
  return { message, code: "", requestId: "" };
}

const key = (subscriptionId: string) => subscriptionId.toLowerCase();

/** One line per subscription: its outcome, the AI plan and components as read back from ARM, and any failure. */
export function reportCsv(run: BulkRun): string {
  return csvText([
    ["Subscription", "Subscription ID", "Directory ID", "Outcome", "AI workloads", "Components", "Error", "Error code", "Request ID"],
    ...run.targets.map((target) => {
      const outcome = run.outcomes[key(target.subscriptionId)];
      const pricing = outcome?.status === "finished" ? outcome.result.pricing : undefined;
      const failure = failureOf(outcome);
      return [
        target.name,
        target.subscriptionId,
        target.tenantId,
        outcomeText(outcome),
        pricing ? (pricing.properties.pricingTier === "Free" ? "Off" : "On") : "",
        (pricing?.properties.extensions ?? [])
          .map((extension) => `${componentLabel(extension.name)}: ${extension.isEnabled === "True" ? "On" : "Off"}`)
          .join("; "),
        failure?.message ?? "",
        failure?.code ?? "",
        failure?.requestId ?? "",
      ];
    }),
  ]);
}
