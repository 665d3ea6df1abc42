import { useMsal } from "@azure/msal-react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { SignInRequiredError } from "../lib/auth/msal";
import { describeError } from "../lib/errors/messages";
import { useServices } from "../lib/services";

/** Renders any error through the one error-to-message mapping, with the action it calls for. */
export function ErrorMessage({
  error,
  onRetry,
  onEnableDefender,
}: {
  error: unknown;
  onRetry?: () => void;
  onEnableDefender?: () => void;
}) {
  const { instance } = useMsal();
  const { config } = useServices();
  const message = describeError(error);
  const signInAgain = () => {
    const account = instance.getActiveAccount();
    const tenantId = error instanceof SignInRequiredError ? error.tenantId : (account?.tenantId ?? config.identity.tenant);
    void instance.acquireTokenRedirect({
      scopes: [config.arm.scope],
      authority: `${config.identity.authorityHost}/${tenantId}`,
      ...(account ? { account } : {}),
      redirectStartPage: window.location.href,
    });
  };
  return (
    <MessageBar intent={message.action === "enable-defender" ? "warning" : "error"} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{message.title}</MessageBarTitle>
        {message.message}
        {(message.code ?? message.requestId) && (
          <Text block size={200}>
            {message.code && <>Code: {message.code}. </>}
            {message.requestId && <>Request id: {message.requestId}</>}
          </Text>
        )}
      </MessageBarBody>
      <MessageBarActions>
        {message.action === "sign-in-again" && <Button onClick={signInAgain}>Sign in again</Button>}
        {message.action === "retry" && onRetry && <Button onClick={onRetry}>Retry</Button>}
        {message.action === "enable-defender" && onEnableDefender && (
          <Button appearance="primary" onClick={onEnableDefender}>
            Enable Defender for Cloud
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
