import { type Coverage, coverageLabels, coverageLevel, type SubscriptionEntry } from "./tree";

// The filtered view as a CSV file a spreadsheet opens as it is (RFC 4180, UTF-8 with a byte-order
// mark, CRLF). Names come from whoever named the subscription or group, so a cell a spreadsheet
// would run as a formula is written as text (OWASP's CSV injection advice).

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

function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
  const lines = [
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
  ];
  return `\uFEFF${lines.map((line) => line.map(cell).join(",")).join("\r\n")}\r\n`;
}
