import { useMsal } from "@azure/msal-react";
import { Button, Card, CardHeader, makeStyles, Text, tokens } from "@fluentui/react-components";
import { ConnectivityBanner } from "../../components/ConnectivityBanner";
import { ARM_SCOPE } from "../../lib/auth/msal";
import { useServices } from "../../lib/services";

const useStyles = makeStyles({
  root: { minHeight: "100vh", display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground2 },
  card: { maxWidth: "440px", margin: "80px auto", padding: tokens.spacingHorizontalXXL },
});

/** Signs in with Microsoft Entra ID (redirect flow), then comes back to the page that was asked for. */
export function SignInPage() {
  const styles = useStyles();
  const { instance } = useMsal();
  const { config } = useServices();
  return (
    <div className={styles.root}>
      <ConnectivityBanner />
      <Card className={styles.card}>
        <CardHeader
          header={
            <Text as="h1" size={500} weight="semibold">
              Microsoft Defender for Cloud
            </Text>
          }
        />
        <Text>
          Switch on threat protection for AI workloads across your Azure subscriptions. Sign in with your Microsoft Entra ID account to see
          your directories and subscriptions.
        </Text>
        {config.emulator && <Text size={200}>This app is connected to the local Azure emulator ({config.emulator.url}).</Text>}
        <Button
          appearance="primary"
          onClick={() =>
            void instance.loginRedirect({ scopes: [ARM_SCOPE], prompt: "select_account", redirectStartPage: window.location.href })
          }
        >
          Sign in
        </Button>
      </Card>
    </div>
  );
}
