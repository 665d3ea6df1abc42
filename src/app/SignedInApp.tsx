import { QueryClientProvider } from "@tanstack/react-query";
import { Redirect, Route, Router, Switch } from "wouter";
import { SelectionProvider } from "../features/bulk/selection";
import { StagedChangesProvider } from "../features/defender-plans/staged-changes";
import { useLocationHook } from "../lib/navigation";
import { bulkChangeRoute } from "../features/bulk/paths";
import { planSettingsRoute, plansRoute } from "../lib/paths";
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

// Rarely the first page of a visit, so start-up does not load it ahead (its loader would add to the sign-in page's download).
const BulkChangePage = lazyComponent(() => import("../features/bulk/BulkChangePage").then((module) => module.BulkChangePage));

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

/**
 * Everything behind sign-in, loaded only once someone is signed in: the ARM client, the query cache,
 * the router, the account's unsaved changes, its selected subscriptions and the pages. Navigation goes through src/lib/navigation.ts, which can
 * hold it while the user is asked about unsaved changes.
 */
export function SignedInApp({ account }: { account: string }) {
  const { arm, queryClient } = accountSession(useServices(), account);
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
