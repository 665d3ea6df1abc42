import { useMsal } from "@azure/msal-react";
import { Button, Card, CardHeader, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ConnectivityBanner } from "../../components/ConnectivityBanner";
import { useDocumentTitle } from "../../components/document-title";
import { useServices } from "../../lib/services";

const useStyles = makeStyles({
  root: { minHeight: "100vh", display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground2 },
  card: { maxWidth: "440px", margin: "80px auto", padding: tokens.spacingHorizontalXXL },
  endpoints: {
    margin: 0,
    fontSize: tokens.fontSizeBase200,
    "& dt": { fontWeight: tokens.fontWeightSemibold },
    "& dd": {
      marginInlineStart: 0,
      marginBlockEnd: tokens.spacingVerticalS,
      fontFamily: tokens.fontFamilyMonospace,
      overflowWrap: "anywhere",
    },
  },
});

/** Signs in with Microsoft Entra ID (redirect flow), then comes back to the page that was asked for. */
export function SignInPage() {
  const styles = useStyles();
  const { instance } = useMsal();
  const { config } = useServices();
  useDocumentTitle(["Sign in"]);
  return (
    <div className={styles.root}>
      <ConnectivityBanner />
      <main>
        <Card className={styles.card}>
          <CardHeader
            header={
              <Text as="h1" size={500} weight="semibold">
                Microsoft Defender for Cloud
              </Text>
            }
          />
          <Text>
            Switch on threat protection for AI workloads across your Azure subscriptions. Sign in with your Microsoft Entra ID account to
            see your directories and subscriptions.
          </Text>
          <dl className={styles.endpoints}>
            <dt>Sign-in (Microsoft Entra ID)</dt>
            <dd>
              {config.identity.authorityHost}/{config.identity.tenant}
            </dd>
            <dt>Azure Resource Manager</dt>
            <dd>{config.arm.endpoint}</dd>
          </dl>
          <Text size={200}>Connected to {config.cloudName}. Your access token is only ever sent to these two addresses.</Text>
          <Button
            appearance="primary"
            onClick={() =>
              void instance.loginRedirect({ scopes: [config.arm.scope], prompt: "select_account", redirectStartPage: window.location.href })
            }
          >
            Sign in
          </Button>
        </Card>
      </main>
    </div>
  );
}
