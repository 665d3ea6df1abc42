import { InteractionStatus } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { Spinner } from "@fluentui/react-components";
import { memo, Suspense, useEffect } from "react";
import { SignInPage } from "../features/sign-in/SignInPage";
import { useHomeAccount } from "../lib/auth/msal";
import { SignedInApp } from "./pages";

export function AppRoutes() {
  const { inProgress } = useMsal();
  const account = useHomeAccount();
  // While MSAL is still consuming a redirect response, showing the sign-in page would flash.
  const signingIn = inProgress === InteractionStatus.HandleRedirect || inProgress === InteractionStatus.Startup;
  const signedOut = !account && !signingIn;
  useEffect(() => {
    // Loaded on demand: the sign-in page's first download does without the signed-in app's stores.
    if (signedOut) void import("./session-end").then(({ forgetSession }) => forgetSession());
  }, [signedOut]);

  if (!account) return signingIn ? <Spinner label="Signing in…" style={{ marginTop: 80 }} /> : <SignInPage />;
  return <SignedInAppOf account={account.homeAccountId} />;
}

/**
 * Rendered again only when the account changes: MSAL's progress changes as it starts (and at every
 * token request), and each change would otherwise render the whole page again.
 */
const SignedInAppOf = memo(function SignedInAppOf({ account }: { account: string }) {
  return (
    <Suspense fallback={<Spinner label="Loading…" style={{ marginTop: 80 }} />}>
      <SignedInApp account={account} />
    </Suspense>
  );
});
