/** Hands `text` to the browser as a file download named `fileName`. */
export function downloadText(text: string, fileName: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName });
  link.click();
  // The download has started from the object URL by the time the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
