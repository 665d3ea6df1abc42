import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  severity: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  mark: { width: "4px", height: "16px", borderRadius: tokens.borderRadiusSmall, flexShrink: 0 },
  high: { backgroundColor: tokens.colorPaletteRedBorderActive },
  medium: { backgroundColor: tokens.colorPaletteDarkOrangeBorderActive },
  low: { backgroundColor: tokens.colorPaletteYellowBorderActive },
  informational: { backgroundColor: tokens.colorNeutralStroke1 },
});

/** A severity in words, with the portal's colour mark beside it (never the colour alone). */
export function Severity({ severity }: { severity: string }) {
  const styles = useStyles();
  const tone = (["high", "medium", "low"] as const).find((candidate) => candidate === severity.toLowerCase()) ?? "informational";
  return (
    <span className={styles.severity}>
      <span aria-hidden className={mergeClasses(styles.mark, styles[tone])} />
      {severity}
    </span>
  );
}
