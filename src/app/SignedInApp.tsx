import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect } from "react";
import { Redirect, Route, Router, Switch } from "wouter";
import { SelectionProvider } from "../features/bulk/selection";
import { StagedChangesProvider } from "../features/defender-plans/staged-changes";
import { useLocationHook } from "../lib/navigation";
import { bulkChangeRoute } from "../features/bulk/paths";
import { hasStoredBulkRun } from "../features/bulk/stored-run";
import { securityAlertsPath } from "../features/security-alerts/paths";
import { planSettingsRoute, plansRoute } from "../lib/paths";
import type { ArmClient } from "../lib/arm/client";
import { ArmProvider, useServices } from "../lib/services";
import {
  DefenderLayout,
  DefenderOverview,
  DefenderPlansPage,
  EnvironmentSettingsPage,
  HomePage,
  lazyComponent,
  PlanSettingsPage,
} from "./pages";
import { accountSession } from "./session";
import { Shell } from "./Shell";

// Each page is its own chunk (pages.ts), downloaded when it is first opened (Shell and DefenderLayout
// wait for it in a Suspense of their own, so the top bar and the menu stay).

// Rarely the first pages of a visit, so start-up does not load them ahead (their loaders would add to the sign-in page's download).
const BulkChangePage = lazyComponent(() => import("../features/bulk/BulkChangePage").then((module) => module.BulkChangePage));
const SecurityAlertsPage = lazyComponent(() =>
  import("../features/security-alerts/SecurityAlertsPage").then((module) => module.SecurityAlertsPage),
);

function AccountRoutes() {
  return (
    <Shell>
      <Switch>
        <Route path="/">
          <HomePage />
        </Route>
        {/* One route for the menu's pages, so the menu stays mounted (and keeps focus) between them. */}
        <Route path={/^\/defender(?:\/environment-settings|\/security-alerts)?\/?$/}>
          <DefenderLayout>
            <Switch>
              <Route path="/defender/environment-settings">
                <EnvironmentSettingsPage />
              </Route>
              <Route path={securityAlertsPath}>
                <SecurityAlertsPage />
              </Route>
              <Route>
                <DefenderOverview />
              </Route>
            </Switch>
          </DefenderLayout>
        </Route>
        <Route path={plansRoute}>
          <DefenderPlansPage />
        </Route>
        <Route path={planSettingsRoute}>
          <PlanSettingsPage />
        </Route>
        <Route path={bulkChangeRoute}>
          <BulkChangePage />
        </Route>
        <Route>
          <Redirect to="/" replace />
        </Route>
      </Switch>
    </Shell>
  );
}

/** A run over many subscriptions that a reload interrupted goes on (its code is loaded only then). */
function useResumedBulkRun(arm: ArmClient, account: string) {
  useEffect(() => {
    // Through the bulk page's module, which holds the run's code: a loader of its own would split the
    // code it shares with the plans page into more chunks, and make that page's download bigger.
    if (hasStoredBulkRun())
      void import("../features/bulk/BulkChangePage").then(({ resumeStoredBulkRun }) => resumeStoredBulkRun(arm, account));
  }, [arm, account]);
}

/**
 * Everything behind sign-in, loaded only once someone is signed in: the ARM client, the query cache,
 * the router, the account's unsaved changes, its selected subscriptions and the pages. Navigation goes through src/lib/navigation.ts, which can
 * hold it while the user is asked about unsaved changes.
 */
export function SignedInApp({ account }: { account: string }) {
  const { arm, queryClient } = accountSession(useServices(), account);
  useResumedBulkRun(arm, account);
  return (
    <ArmProvider client={arm}>
      <QueryClientProvider client={queryClient}>
        <StagedChangesProvider key={account} account={account}>
          <SelectionProvider key={account} account={account}>
            <Router hook={useLocationHook}>
              <AccountRoutes />
            </Router>
          </SelectionProvider>
        </StagedChangesProvider>
      </QueryClientProvider>
    </ArmProvider>
  );
}
