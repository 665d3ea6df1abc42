import { InteractionStatus } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { Spinner } from "@fluentui/react-components";
import { useEffect } from "react";
import { Navigate, Route, Routes } from "react-router";
import { DefenderPlansPage } from "../features/defender-plans/DefenderPlansPage";
import { PlanSettingsPage } from "../features/defender-plans/PlanSettingsPage";
import { forgetStagedChanges, StagedChangesProvider } from "../features/defender-plans/staged-changes";
import { DefenderLayout, DefenderOverview } from "../features/defender/DefenderLayout";
import { EnvironmentSettingsPage } from "../features/environment-settings/EnvironmentSettingsPage";
import { HomePage } from "../features/home/HomePage";
import { SignInPage } from "../features/sign-in/SignInPage";
import { useHomeAccount } from "../lib/auth/msal";
import { clearNotifications } from "../lib/notifications";
import { Shell } from "./Shell";

export function AppRoutes() {
  const { inProgress } = useMsal();
  const account = useHomeAccount();
  // While MSAL is still consuming a redirect response, showing the sign-in page would flash.
  const signingIn = inProgress === InteractionStatus.HandleRedirect || inProgress === InteractionStatus.Startup;
  const signedOut = !account && !signingIn;
  useEffect(() => {
    // The session ended (signed out here or elsewhere, or MSAL's cache is gone): its unsaved changes
    // and notifications go with it.
    if (signedOut) {
      forgetStagedChanges();
      clearNotifications();
    }
  }, [signedOut]);

  if (!account) return signingIn ? <Spinner label="Signing in…" style={{ marginTop: 80 }} /> : <SignInPage />;
  return (
    <StagedChangesProvider key={account.homeAccountId} account={account.homeAccountId}>
      <AccountRoutes />
    </StagedChangesProvider>
  );
}

function AccountRoutes() {
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<HomePage />} />
        <Route path="defender" element={<DefenderLayout />}>
          <Route index element={<DefenderOverview />} />
          <Route path="environment-settings" element={<EnvironmentSettingsPage />} />
        </Route>
        <Route path="defender/environment-settings/:tenantId/:subscriptionId" element={<DefenderPlansPage />} />
        <Route path="defender/environment-settings/:tenantId/:subscriptionId/plans/:planName/settings" element={<PlanSettingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
