import { makeStyles, Text, tokens } from "@fluentui/react-components";
import { ChevronRightRegular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { Link } from "wouter";
import { narrowScreen } from "./blade-styles";
import { PageHeading } from "./PageHeading";

const useStyles = makeStyles({
  root: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}`,
    [narrowScreen]: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalM}` },
  },
  // Fluent's small breadcrumb, without its arrow-key focus group (whose focus library, Tabster, was a
  // tenth of the plans page's download): crumbs are links in a list, Tab moves between them.
  // Long crumbs wrap instead of pushing the page sideways.
  crumbs: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    listStyleType: "none",
    margin: 0,
    padding: 0,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  crumb: { display: "flex", alignItems: "center" },
  link: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textDecorationLine: "none",
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground2Hover },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  divider: { display: "flex", color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  title: { display: "flex", flexWrap: "wrap", alignItems: "baseline", columnGap: tokens.spacingHorizontalS, margin: 0 },
  service: { fontWeight: tokens.fontWeightSemibold },
  page: { fontWeight: tokens.fontWeightRegular },
});

export type Crumb = { label: string; to: string };

/**
 * Breadcrumb, "Service | Page" title and subtitle, as on every portal blade; also the tab title
 * (`documentTitle`, most specific first) and where focus lands after a navigation.
 */
export function PageHeader({
  crumbs,
  service,
  page,
  subtitle,
  documentTitle,
}: {
  crumbs: Crumb[];
  service: string;
  page?: string;
  subtitle?: ReactNode;
  documentTitle: Array<string | undefined>;
}) {
  const styles = useStyles();

  return (
    <div className={styles.root}>
      <nav aria-label="Breadcrumb">
        <ol className={styles.crumbs}>
          {crumbs.map((crumb, index) => (
            <li key={crumb.to} className={styles.crumb}>
              {index > 0 && <ChevronRightRegular aria-hidden className={styles.divider} />}
              <Link to={crumb.to} className={styles.link}>
                {crumb.label}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <PageHeading className={styles.title} documentTitle={documentTitle}>
        <Text size={600} className={styles.service}>
          {service}
        </Text>
        {page && (
          <Text size={600} className={styles.page}>
            | {page}
          </Text>
        )}
      </PageHeading>
      {subtitle && <Text size={200}>{subtitle}</Text>}
    </div>
  );
}
