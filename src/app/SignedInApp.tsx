import type { AccountInfo } from "@azure/msal-browser";
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy } from "react";
import { Redirect, Route, Router, Switch } from "wouter";
import { StagedChangesProvider } from "../features/defender-plans/staged-changes";
import { permissionsQuery, pricingsQuery, subscriptionQuery, tenantsQuery } from "../lib/arm/queries";
import { useLocationHook } from "../lib/navigation";
import { planSettingsRoute, plansRoute, scopeOfPath } from "../lib/paths";
import { ArmProvider, type Services, useServices } from "../lib/services";
import { loadDefenderLayout, loadDefenderPlansPage, loadEnvironmentSettingsPage, loadHomePage, loadPlanSettingsPage } from "./pages";
import { accountSession } from "./session";
import { Shell } from "./Shell";

// Each page is its own chunk (pages.ts), downloaded when it is first opened (Shell and DefenderLayout
// wait for it in a Suspense of their own, so the top bar and the menu stay).
const HomePage = lazy(() => loadHomePage().then((module) => ({ default: module.HomePage })));
const DefenderLayout = lazy(() => loadDefenderLayout().then((module) => ({ default: module.DefenderLayout })));
const DefenderOverview = lazy(() => loadDefenderLayout().then((module) => ({ default: module.DefenderOverview })));
const EnvironmentSettingsPage = lazy(() => loadEnvironmentSettingsPage().then((module) => ({ default: module.EnvironmentSettingsPage })));
const DefenderPlansPage = lazy(() => loadDefenderPlansPage().then((module) => ({ default: module.DefenderPlansPage })));
const PlanSettingsPage = lazy(() => loadPlanSettingsPage().then((module) => ({ default: module.PlanSettingsPage })));

function AccountRoutes() {
  return (
    <Shell>
      <Switch>
        <Route path="/">
          <HomePage />
        </Route>
        {/* One route for both menu pages, so the menu stays mounted (and keeps focus) between them. */}
        <Route path={/^\/defender(?:\/environment-settings)?\/?$/}>
          <DefenderLayout>
            <Switch>
              <Route path="/defender/environment-settings">
                <EnvironmentSettingsPage />
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
        <Route>
          <Redirect to="/" replace />
        </Route>
      </Switch>
    </Shell>
  );
}

/**
 * Everything behind sign-in, loaded only once someone is signed in: the ARM client, the query cache,
 * the router, the account's unsaved changes and the pages. Navigation goes through src/lib/navigation.ts, which can
 * hold it while the user is asked about unsaved changes. Default export, for `React.lazy`.
 */
export default function SignedInApp({ account }: { account: string }) {
  const { arm, queryClient } = accountSession(useServices(), account);
  return (
    <ArmProvider client={arm}>
      <QueryClientProvider client={queryClient}>
        <StagedChangesProvider key={account} account={account}>
          <Router hook={useLocationHook}>
            <AccountRoutes />
          </Router>
        </StagedChangesProvider>
      </QueryClientProvider>
    </ArmProvider>
  );
}

/**
 * Begins the ARM reads the page at `pathname` needs while the app is still starting, rather than
 * one after another as React would come across them (start-up calls this when someone is signed in,
 * having started the page's code already; the pages then find their data in the query cache).
 */
export function preload(services: Services, account: AccountInfo, pathname: string): void {
  const { arm, queryClient } = accountSession(services, account.homeAccountId);
  // A failed read is the page's to show (its query holds the error), not start-up's.
  const ignore = () => undefined;
  void queryClient.query(tenantsQuery(arm, account.tenantId)).catch(ignore);
  const scope = scopeOfPath(pathname);
  if (!scope) return;
  void queryClient.query(subscriptionQuery(arm, scope, queryClient)).catch(ignore);
  void queryClient.query(pricingsQuery(arm, scope)).catch(ignore);
  void queryClient.query(permissionsQuery(arm, scope)).catch(ignore);
}
