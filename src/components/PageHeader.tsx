import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, makeStyles, Text, tokens } from "@fluentui/react-components";
import { Fragment, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { PageHeading } from "./PageHeading";

const useStyles = makeStyles({
  root: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}` },
  title: { display: "flex", alignItems: "baseline", gap: tokens.spacingHorizontalS, margin: 0 },
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
      <Breadcrumb aria-label="Breadcrumb" size="small">
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
