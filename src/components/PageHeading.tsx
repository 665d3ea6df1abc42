import { makeStyles, mergeClasses, tokens, typographyStyles } from "@fluentui/react-components";
import { type ReactNode, useRef } from "react";
import { useDocumentTitle } from "./document-title";
import { pageHeadingId, useFocusOnNavigation } from "./page-focus";

const useStyles = makeStyles({
  heading: {
    ...typographyStyles.title3,
    margin: 0,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
});

/**
 * A page's one h1. It also sets the tab title (`documentTitle`, most specific part first) and takes
 * focus after each navigation, so keyboard and screen-reader users start at what changed.
 */
export function PageHeading({
  documentTitle,
  className,
  children,
}: {
  documentTitle: Array<string | undefined>;
  className?: string;
  children: ReactNode;
}) {
  const styles = useStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(documentTitle);
  useFocusOnNavigation(heading);
  return (
    <h1 id={pageHeadingId} tabIndex={-1} ref={heading} className={mergeClasses(styles.heading, className)}>
      {children}
    </h1>
  );
}
