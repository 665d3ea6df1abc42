import { useEffect } from "react";

// Apart from page-focus.ts, which needs the router: the sign-in page sets its title without it.
const product = "Microsoft Defender for Cloud";

/** The tab title names the page first, then what it is about: "Defender plans – Contoso Production – Microsoft Defender for Cloud". */
export function useDocumentTitle(parts: Array<string | undefined>): void {
  const title = [...parts.filter((part): part is string => Boolean(part)), product].join(" – ");
  useEffect(() => {
    document.title = title;
  }, [title]);
}
