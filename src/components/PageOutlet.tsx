import { Spinner, tokens } from "@fluentui/react-components";
import { type ReactNode, Suspense } from "react";
import { RegionBoundary } from "./RegionBoundary";

/**
 * Where a layout shows its current page: while the page's code is downloading a spinner stands in
 * for it, and if the page fails the layout around it (top bar, menu) keeps working.
 */
export function PageOutlet({ children }: { children: ReactNode }) {
  return (
    <RegionBoundary>
      <Suspense fallback={<Spinner label="Loading page…" style={{ marginTop: tokens.spacingVerticalXXXL }} />}>{children}</Suspense>
    </RegionBoundary>
  );
}
