import type { Pricing } from "../../lib/arm/schemas";
import { describeError } from "../../lib/errors/messages";
import { extensionInfo, planInfo } from "../../lib/plans/catalogue";
import { extensionState, isStandard, type PlanChange, wantedFor } from "./plan-change";
import type { PlanSaveResult } from "./save";

/** One component whose state a Save changed; `byService` when the user did not ask for that state. */
export type ComponentChange = { extension: string; byService: boolean };

/** What one Save changed on one plan: the plan read before it compared with the plan read after it. */
export type PlanStateChanges = {
  /** The plan itself, when its tier changed. */
  plan: "switched on" | "switched off" | undefined;
  turnedOn: ComponentChange[];
  turnedOff: ComponentChange[];
};

export type ExtensionFailure = { extension: string; message: string };

const lower = (name: string) => name.toLowerCase();

/**
 * Compares two reads of one plan. The service switches components on or off by itself when the tier
 * changes (its defaults on Free → Standard, everything off on → Free), so the outcome of a Save is
 * what the service now holds, not what the user asked for.
 */
export function planStateChanges(before: Pricing, after: Pricing, change: PlanChange): PlanStateChanges {
  const changes: PlanStateChanges = {
    plan: isStandard(before) === isStandard(after) ? undefined : isStandard(after) ? "switched on" : "switched off",
    turnedOn: [],
    turnedOff: [],
  };
  for (const extension of after.properties.extensions ?? []) {
    const previous = before.properties.extensions?.find((candidate) => lower(candidate.name) === lower(extension.name));
    const was = previous ? extensionState(previous) : false;
    const now = extensionState(extension);
    if (now === undefined || now === was) continue;
    const entry = { extension: extension.name, byService: wantedFor(change, extension.name) !== now };
    (now ? changes.turnedOn : changes.turnedOff).push(entry);
  }
  return changes;
}

function componentList(components: ComponentChange[], planSwitched: boolean): string {
  return components
    .map(({ extension, byService }) => {
      const label = extensionInfo(extension).label;
      if (!byService) return label;
      return `${label} (${planSwitched ? "with the plan" : "by the service"})`;
    })
    .join(", ");
}

/**
 * The lines of a Save's outcome for one plan, in the user's words: what is now on and off (the plan
 * and each component, including those the service switched itself) and what failed, with the reason.
 * `changes` is undefined when the plan could not be read back after the save.
 */
export function planOutcomeDetails(
  planName: string,
  changes: PlanStateChanges | undefined,
  failedExtensions: ExtensionFailure[],
  saved: boolean,
): string[] {
  const lines: string[] = [];
  if (changes) {
    if (changes.plan) lines.push(`${planInfo(planName).label} ${changes.plan}.`);
    const planSwitched = changes.plan !== undefined;
    if (changes.turnedOn.length > 0) lines.push(`Turned on: ${componentList(changes.turnedOn, planSwitched)}`);
    if (changes.turnedOff.length > 0) lines.push(`Turned off: ${componentList(changes.turnedOff, planSwitched)}`);
  } else if (saved) {
    lines.push("Which components changed couldn't be read back; the plan list shows them once Azure answers.");
  }
  for (const failure of failedExtensions) {
    lines.push(`Failed: ${extensionInfo(failure.extension).label}: ${failure.message || "no message from the service"}`);
  }
  return lines;
}

export type SaveVerdict = { intent: "success" | "warning" | "error"; title: string };

/** Saved, saved with failed components, or not (all) saved: the outcome's colour and title. */
export function saveVerdict(results: PlanSaveResult[]): SaveVerdict {
  if (results.some((result) => result.status === "failed")) return { intent: "error", title: "Some changes were not saved" };
  if (results.some((result) => result.failedExtensions.length > 0))
    return { intent: "warning", title: "Saved, but some components failed" };
  return { intent: "success", title: "Saved" };
}

/** Why a plan was not saved, in one sentence with what support needs (ARM's code and request id). */
export function saveErrorText(error: unknown): string {
  const { title, message, code, requestId } = describeError(error);
  const support = [code && `code ${code}`, requestId && `request id ${requestId}`].filter(Boolean).join(", ");
  return `${title}: ${message.replace(/\.$/, "")}${support ? ` (${support})` : ""}.`;
}

/** The whole outcome as plain text, for a notification that outlives the page. */
export function saveSummaryText(results: PlanSaveResult[]): string {
  return results
    .map((result) => {
      const label = planInfo(result.plan).label;
      const head =
        result.status === "failed"
          ? `${label}: not saved. ${saveErrorText(result.error)} The change is still unsaved.`
          : result.failedExtensions.length > 0
            ? `${label}: saved, but some components failed.`
            : `${label}: your changes are applied.`;
      const details = planOutcomeDetails(result.plan, result.changes, result.failedExtensions, result.status === "saved");
      return [head, ...details.map((line) => (/[.!?]$/.test(line) ? line : `${line}.`))].join(" ");
    })
    .join(" ");
}
