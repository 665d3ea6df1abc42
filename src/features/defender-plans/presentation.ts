// Turning API values into the words the portal shows.

/** Days left in an ISO-8601 duration such as "P26DT17H24M"; undefined when it can't be read. */
export function trialDaysLeft(duration: string | undefined): number | undefined {
  if (!duration) return undefined;
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(duration);
  if (!match) return undefined;
  const [, days = "0", hours = "0", minutes = "0", seconds = "0"] = match;
  const totalHours = Number(days) * 24 + Number(hours) + Number(minutes) / 60 + Number(seconds) / 3600;
  return Math.ceil(totalHours / 24);
}

export function trialText(duration: string | undefined): string | undefined {
  const days = trialDaysLeft(duration);
  if (days === undefined || days <= 0) return undefined;
  return `Free trial: ${String(days)} ${days === 1 ? "day" : "days"} left`;
}

const coverage: Record<string, string> = {
  fullycovered: "Full",
  partiallycovered: "Partial",
  notcovered: "Not covered",
};

export function coverageText(status: string | undefined): string | undefined {
  return status ? (coverage[status.toLowerCase()] ?? status) : undefined;
}

/** "P2" → "Plan 2"; other sub-plan names are shown as they are. */
/**
 * Why a plan cannot be changed here when something other than ARM controls it (2026-07-01's
 * `managedBy`), in words; undefined when ARM does. The service refuses writes to it.
 */
export function managedText(properties: { managedBy?: string | undefined; originatedFrom?: string | undefined }): string | undefined {
  if (!properties.managedBy) return undefined;
  const origin = properties.originatedFrom?.toUpperCase() === "M365" ? "Microsoft 365" : (properties.originatedFrom ?? "another system");
  return `Managed by ${origin} (${properties.managedBy}): change it there.`;
}

export function subPlanText(subPlan: string | undefined): string | undefined {
  if (!subPlan) return undefined;
  const plan = /^P(\d+)$/i.exec(subPlan);
  return plan ? `Plan ${plan[1] ?? ""}` : subPlan;
}
