import { type RefObject, useEffect } from "react";
import { useAppLocation } from "../lib/navigation";

/** Where a navigation asks focus to go instead of the page heading (e.g. back to the plan row it came from). */
export type FocusRequest = { focus?: string };

export const pageHeadingId = "page-heading";

/** Puts focus on the page heading, e.g. after the content that had focus went away. */
export function focusPageHeading(): void {
  document.getElementById(pageHeadingId)?.focus();
}

/**
 * After each navigation focus goes to the new page's heading, so keyboard and screen-reader users
 * start at the top of what changed, unless the navigation named another element to return to.
 */
export function useFocusOnNavigation(heading: RefObject<HTMLElement | null>): void {
  const location = useAppLocation();
  useEffect(() => {
    if ((location.state as FocusRequest | null)?.focus === undefined) heading.current?.focus();
  }, [location.key, location.state, heading]);
}
