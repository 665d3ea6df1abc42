import { lazy, useState } from "react";
import { createBrowserRouter, Navigate, Route, RouterProvider, Routes } from "react-router";
import { StagedChangesProvider } from "../features/defender-plans/staged-changes";
import { createArmClient } from "../lib/arm/client";
import { ArmProvider, useServices } from "../lib/services";
import { Shell } from "./Shell";

// Each page is its own chunk, downloaded when it is first opened (Shell and DefenderLayout wait for it
// in a Suspense of their own, so the top bar and the menu stay).
const HomePage = lazy(() => import("../features/home/HomePage").then((module) => ({ default: module.HomePage })));
const DefenderLayout = lazy(() => import("../features/defender/DefenderLayout").then((module) => ({ default: module.DefenderLayout })));
const DefenderOverview = lazy(() => import("../features/defender/DefenderLayout").then((module) => ({ default: module.DefenderOverview })));
const EnvironmentSettingsPage = lazy(() =>
  import("../features/environment-settings/EnvironmentSettingsPage").then((module) => ({ default: module.EnvironmentSettingsPage })),
);
const DefenderPlansPage = lazy(() =>
  import("../features/defender-plans/DefenderPlansPage").then((module) => ({ default: module.DefenderPlansPage })),
);
const PlanSettingsPage = lazy(() =>
  import("../features/defender-plans/PlanSettingsPage").then((module) => ({ default: module.PlanSettingsPage })),
);

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

/**
 * Everything behind sign-in, loaded only once someone is signed in: the ARM client, the router, the
 * account's unsaved changes and the pages. A data router, for its navigation blocker (asking before
 * unsaved changes are left). Default export, for `React.lazy`.
 */
export default function SignedInApp({ account }: { account: string }) {
  const { config, msal } = useServices();
  const [arm] = useState(() => createArmClient(msal, config));
  const [router] = useState(() => createBrowserRouter([{ path: "*", element: <AccountRoutes /> }]));
  return (
    <ArmProvider client={arm}>
      <StagedChangesProvider key={account} account={account}>
        <RouterProvider router={router} />
      </StagedChangesProvider>
    </ArmProvider>
  );
}
