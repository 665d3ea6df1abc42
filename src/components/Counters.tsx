import { makeStyles, Text, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  counters: { display: "flex", flexWrap: "wrap", gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`, margin: 0 },
  counter: { display: "flex", flexDirection: "column-reverse" },
  value: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase500 },
});

/** The portal's row of counters above a list: each a large value over its label, read as a term and its definition. */
export function Counters({ children }: { children: ReactNode }) {
  return <dl className={useStyles().counters}>{children}</dl>;
}

export function Counter({ label, value }: { label: string; value: string }) {
  const styles = useStyles();
  return (
    <div className={styles.counter}>
      <dt>
        <Text size={200}>{label}</Text>
      </dt>
      <dd className={styles.value}>{value}</dd>
    </div>
  );
}
