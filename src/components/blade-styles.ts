import { makeStyles, tokens } from "@fluentui/react-components";

/** Below this width (a phone, or a laptop at 200 % zoom) pages drop to one column. */
export const narrowScreen = "@media (max-width: 640px)";

/** Hidden from sight, still read by screen readers. */
export const visuallyHidden = {
  position: "absolute",
  width: "1px",
  height: "1px",
  overflow: "hidden",
  clipPath: "inset(50%)",
  whiteSpace: "nowrap",
} as const;

/** The frame every portal-like page ("blade") shares: white page, command bar under the header, padded body. */
export const useBladeStyles = makeStyles({
  page: { backgroundColor: tokens.colorNeutralBackground1, flexGrow: 1, minWidth: 0 },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    minHeight: "40px",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: `0 ${tokens.spacingHorizontalXL}`,
    [narrowScreen]: { padding: `0 ${tokens.spacingHorizontalS}` },
  },
  body: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalXXL}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    [narrowScreen]: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXXL}` },
  },
  /**
   * A table that, on a narrow screen, reads top to bottom: each row becomes a block of its cells,
   * one under the other, and the column headers are kept for screen readers only. The elements keep
   * their table roles, so a screen reader still announces rows and cells.
   */
  reflowTable: {
    [narrowScreen]: {
      display: "block",
      "& thead": visuallyHidden,
      "& tbody, & tr, & td": { display: "block" },
      "& tr": {
        padding: `${tokens.spacingVerticalS} 0`,
        borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      },
      "& td": { padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, height: "auto", minHeight: 0 },
      "& td:empty": { display: "none" },
    },
  },
});
