import { Button, makeStyles, mergeClasses, Text, tokens, useId } from "@fluentui/react-components";
import { NavigationRegular } from "@fluentui/react-icons";
import { type ReactNode, useState } from "react";
import { Link, useRoute } from "wouter";
import { PageOutlet } from "../../components/PageOutlet";
import { PageHeading } from "../../components/PageHeading";
import { securityAlertsPath } from "../security-alerts/paths";

// Below this width the menu collapses into a button above the page (phones, and 200 % zoom on a laptop).
const narrow = "@media (max-width: 768px)";

const useStyles = makeStyles({
  root: { display: "flex", flexGrow: 1, minHeight: 0, [narrow]: { flexDirection: "column" } },
  nav: {
    width: "220px",
    flexShrink: 0,
    padding: tokens.spacingVerticalM,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    [narrow]: {
      width: "auto",
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
      borderRight: "none",
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
  },
  menuButton: { display: "none", [narrow]: { display: "inline-flex" } },
  collapsed: { [narrow]: { display: "none" } },
  group: { margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}`, color: tokens.colorNeutralForeground3 },
  link: {
    display: "block",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    borderRadius: tokens.borderRadiusMedium,
    // Each background with its own foreground: in high contrast, hover and selected are light on black.
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover, color: tokens.colorNeutralForeground1Hover },
  },
  active: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    color: tokens.colorNeutralForeground1Selected,
    fontWeight: tokens.fontWeightSemibold,
  },
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
export function DefenderLayout({ children }: { children: ReactNode }) {
  const styles = useStyles();
  const [menuOpen, setMenuOpen] = useState(false);
  const linksId = useId();
  const close = () => setMenuOpen(false);
  return (
    <div className={styles.root}>
      <nav className={styles.nav} aria-label="Microsoft Defender for Cloud">
        <Button
          appearance="subtle"
          className={styles.menuButton}
          icon={<NavigationRegular />}
          aria-expanded={menuOpen}
          aria-controls={linksId}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </Button>
        <div id={linksId} className={mergeClasses(!menuOpen && styles.collapsed)}>
          <Text as="h2" size={200} weight="semibold" className={styles.group}>
            General
          </Text>
          <MenuLink to="/defender" onClick={close}>
            Getting started
          </MenuLink>
          <MenuLink to={securityAlertsPath} onClick={close}>
            Security alerts
          </MenuLink>
          <Text as="h2" size={200} weight="semibold" className={styles.group}>
            Management
          </Text>
          <MenuLink to="/defender/environment-settings" onClick={close}>
            Environment settings
          </MenuLink>
        </div>
      </nav>
      <div className={styles.content}>
        <PageOutlet>{children}</PageOutlet>
      </div>
    </div>
  );
}

/** A menu entry; the current page's is marked, for the eye and for screen readers. */
function MenuLink({ to, onClick, children }: { to: string; onClick: () => void; children: ReactNode }) {
  const styles = useStyles();
  const [current] = useRoute(to);
  return (
    <Link
      to={to}
      className={mergeClasses(styles.link, current && styles.active)}
      aria-current={current ? "page" : undefined}
      onClick={onClick}
    >
      {children}
    </Link>
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
