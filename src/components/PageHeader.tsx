import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, makeStyles, Text, tokens } from "@fluentui/react-components";
import { Fragment, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { narrowScreen } from "./blade-styles";
import { PageHeading } from "./PageHeading";

const useStyles = makeStyles({
  root: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}`,
    [narrowScreen]: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalM}` },
  },
  // Long crumbs wrap instead of pushing the page sideways.
  breadcrumb: { "& ol": { flexWrap: "wrap" }, "& button, & a": { whiteSpace: "normal", height: "auto", textAlign: "start" } },
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
  const navigate = useNavigate();

  return (
    <div className={styles.root}>
      <Breadcrumb aria-label="Breadcrumb" size="small" className={styles.breadcrumb}>
        {crumbs.map((crumb, index) => (
          <Fragment key={crumb.to}>
            {index > 0 && <BreadcrumbDivider />}
            <BreadcrumbItem>
              <BreadcrumbButton
                href={crumb.to}
                onClick={(event) => {
                  event.preventDefault();
                  void navigate(crumb.to);
                }}
              >
                {crumb.label}
              </BreadcrumbButton>
            </BreadcrumbItem>
          </Fragment>
        ))}
      </Breadcrumb>
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
