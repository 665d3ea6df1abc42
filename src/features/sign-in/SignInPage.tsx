import { useMsal } from "@azure/msal-react";
import { Button, tokens, typographyStyles } from "@fluentui/react-components";
import type { CSSProperties } from "react";
import { ConnectivityBanner } from "../../components/ConnectivityBanner";
import { useDocumentTitle } from "../../components/document-title";
import { useServices } from "../../lib/services";

// Plain style objects rather than makeStyles: Fluent's own components come with their styles compiled,
// so a page without makeStyles does without Griffel's run-time CSS compiler (about 10 KB gzip of the
// sign-in page's first download). Tokens are CSS variables, so themes still apply.
const styles = {
  root: { minHeight: "100vh", display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground2 },
  // Looks like Fluent's Card, without its focus-group machinery.
  card: {
    boxSizing: "border-box",
    maxWidth: "440px",
    margin: "80px auto",
    padding: tokens.spacingHorizontalXXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
  },
  // Fluent's type ramp as plain styles (what its Text component applies), for the same reason.
  title: { ...typographyStyles.subtitle1, margin: 0 },
  body: { ...typographyStyles.body1, margin: 0 },
  note: { ...typographyStyles.caption1, margin: 0 },
  endpoints: { margin: 0, fontSize: tokens.fontSizeBase200 },
  term: { fontWeight: tokens.fontWeightSemibold },
  address: {
    marginInlineStart: 0,
    marginBlockEnd: tokens.spacingVerticalS,
    fontFamily: tokens.fontFamilyMonospace,
    overflowWrap: "anywhere",
  },
} satisfies Record<string, CSSProperties>;

/** Signs in with Microsoft Entra ID (redirect flow), then comes back to the page that was asked for. */
export function SignInPage() {
  const { instance } = useMsal();
  const { config } = useServices();
  useDocumentTitle(["Sign in"]);
  return (
    <div style={styles.root}>
      <ConnectivityBanner />
      <main>
        <section style={styles.card} aria-labelledby="sign-in-title">
          <h1 id="sign-in-title" style={styles.title}>
            Microsoft Defender for Cloud
          </h1>
          <p style={styles.body}>
            Switch on threat protection for AI workloads across your Azure subscriptions. Sign in with your Microsoft Entra ID account to
            see your directories and subscriptions.
          </p>
          <dl style={styles.endpoints}>
            <dt style={styles.term}>Sign-in (Microsoft Entra ID)</dt>
            <dd style={styles.address}>
              {config.identity.authorityHost}/{config.identity.tenant}
            </dd>
            <dt style={styles.term}>Azure Resource Manager</dt>
            <dd style={styles.address}>{config.arm.endpoint}</dd>
          </dl>
          <p style={styles.note}>Connected to {config.cloudName}. Your access token is only ever sent to these two addresses.</p>
          <Button
            appearance="primary"
            onClick={() =>
              void instance.loginRedirect({ scopes: [config.arm.scope], prompt: "select_account", redirectStartPage: window.location.href })
            }
          >
            Sign in
          </Button>
        </section>
      </main>
    </div>
  );
}
