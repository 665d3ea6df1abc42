import { makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import { NavLink, Outlet } from "react-router";
import { PageHeading } from "../../components/PageHeading";

const useStyles = makeStyles({
  root: { display: "flex", flexGrow: 1, minHeight: 0 },
  nav: {
    width: "220px",
    flexShrink: 0,
    padding: tokens.spacingVerticalM,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  group: { margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}`, color: tokens.colorNeutralForeground3 },
  link: {
    display: "block",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    borderRadius: tokens.borderRadiusMedium,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected, fontWeight: tokens.fontWeightSemibold },
  content: { flexGrow: 1, minWidth: 0, backgroundColor: tokens.colorNeutralBackground1 },
  overview: {
    padding: tokens.spacingHorizontalXXL,
    maxWidth: "720px",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
  },
});

/** The Defender for Cloud menu. Only pages this app really has are listed. */
export function DefenderLayout() {
  const styles = useStyles();
  const linkClass = ({ isActive }: { isActive: boolean }) => mergeClasses(styles.link, isActive && styles.active);
  return (
    <div className={styles.root}>
      <nav className={styles.nav} aria-label="Microsoft Defender for Cloud">
        <Text as="h2" size={200} weight="semibold" className={styles.group}>
          General
        </Text>
        <NavLink to="/defender" end className={linkClass}>
          Getting started
        </NavLink>
        <Text as="h2" size={200} weight="semibold" className={styles.group}>
          Management
        </Text>
        <NavLink to="/defender/environment-settings" className={linkClass}>
          Environment settings
        </NavLink>
      </nav>
      <div className={styles.content}>
        <Outlet />
      </div>
    </div>
  );
}

export function DefenderOverview() {
  const styles = useStyles();
  return (
    <section className={styles.overview}>
      <PageHeading documentTitle={["Getting started"]}>Microsoft Defender for Cloud</PageHeading>
      <Text>
        Threat protection for AI workloads detects jailbreak attempts, credential theft, data leakage and other attacks on your Azure OpenAI
        and AI Foundry deployments. Open <strong>Environment settings</strong>, pick a subscription and switch <strong>AI workloads</strong>{" "}
        on.
      </Text>
    </section>
  );
}
