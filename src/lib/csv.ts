// CSV files a spreadsheet opens as they are (RFC 4180, UTF-8 with a byte-order mark, CRLF). Names come
// from whoever named a subscription or group, so a cell a spreadsheet would run as a formula is written
// as text (OWASP's CSV injection advice).

function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(lines: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `\uFEFF${lines.map((line) => line.map(cell).join(",")).join("\r\n")}\r\n`;
}
