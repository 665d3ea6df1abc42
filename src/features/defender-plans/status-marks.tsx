import { Badge, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ErrorCircleRegular } from "@fluentui/react-icons";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  failure: {
    color: tokens.colorPaletteRedForeground1,
    display: "flex",
    gap: tokens.spacingHorizontalXS,
    marginTop: tokens.spacingVerticalXXS,
  },
});

export function PreviewBadge() {
  return (
    <Badge appearance="outline" color="informative">
      Preview
    </Badge>
  );
}

/** A component's failure as the service reported it (its message is the service's text, shown as text). */
export function FailureText({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    <Text size={200} className={styles.failure}>
      <ErrorCircleRegular aria-hidden />
      <span>{children}</span>
    </Text>
  );
}
