import type { ReactNode } from "react";

// Screen readers read what is inserted into a live region that was already in the page, so these
// stay rendered (empty) and only their content comes and goes: polite for progress and outcomes,
// assertive for errors. The content is the visible message itself, never a hidden copy of it.
// (Fluent's MessageBar would announce itself through an AnnounceProvider; none is installed, so
// nothing is read twice.)

/** Progress and outcomes, read when the reader is idle. */
export function StatusRegion({ className, children }: { className?: string; children?: ReactNode }) {
  return (
    <div role="status" className={className}>
      {children}
    </div>
  );
}

/** Errors, read at once. */
export function AlertRegion({ className, children }: { className?: string; children?: ReactNode }) {
  return (
    <div role="alert" className={className}>
      {children}
    </div>
  );
}
