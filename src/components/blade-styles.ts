import { makeStyles, tokens } from "@fluentui/react-components";

/** The frame every portal-like page ("blade") shares: white page, command bar under the header, padded body. */
export const useBladeStyles = makeStyles({
  page: { backgroundColor: tokens.colorNeutralBackground1, flexGrow: 1 },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    minHeight: "40px",
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: `0 ${tokens.spacingHorizontalXL}`,
  },
  body: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalXXL}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
});
