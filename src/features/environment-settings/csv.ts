import { csvText } from "../../lib/csv";
import { type Coverage, coverageLabels, coverageLevel, type SubscriptionEntry } from "./tree";

// The filtered view as a CSV file (see lib/csv.ts).

const header = [
  "Directory",
  "Directory ID",
  "Management groups",
  "Subscription",
  "Subscription ID",
  "State",
  "Defender coverage",
  "Plans on",
  "Plans",
  "AI workloads",
  "Prompt evidence",
];

function coverageCells(coverage: Coverage): Array<string | number> {
  const level = coverageLevel(coverage);
  if (coverage.state === "known") {
    const { on, total, ai, promptEvidence } = coverage.summary;
    return [
      coverageLabels[level ?? "none"],
      on,
      total,
      ai,
      ai === "On" && promptEvidence !== undefined ? (promptEvidence ? "On" : "Off") : "",
    ];
  }
  if (level) return [coverageLabels[level], 0, 0, "Off", ""];
  return [coverage.state === "reading" ? "Not read yet" : "Could not be read", "", "", "", ""];
}

export function coverageCsv(entries: readonly SubscriptionEntry[], directoryName: (tenantId: string) => string): string {
  return csvText([
    header,
    ...entries.map((entry) => [
      directoryName(entry.tenantId),
      entry.tenantId,
      entry.groups.map((group) => group.displayName).join(" / "),
      entry.name,
      entry.subscriptionId,
      entry.state,
      ...coverageCells(entry.coverage),
    ]),
  ]);
}
