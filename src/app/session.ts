import type { AccountInfo } from "@azure/msal-browser";
import { QueryClient } from "@tanstack/react-query";
import { type ArmClient, createArmClient } from "../lib/arm/client";
import { permissionsQuery, pricingsQuery, subscriptionQuery, tenantsQuery } from "../lib/arm/queries";
import { environmentSettingsPath, scopeOfPath } from "../lib/paths";
import type { Services } from "../lib/services";

/** What one signed-in account's pages share: its ARM client and its query cache. */
export type AccountSession = { account: string; arm: ArmClient; queryClient: QueryClient };

let session: AccountSession | undefined;

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // The ARM client layer already retries what is worth retrying (throttling, transient 5xx). A
      // failed read shows its error and a Retry: it is not sent again because a page mounted (a read
      // started early by preload() would otherwise go out twice when it fails).
      queries: { retry: false, retryOnMount: false, staleTime: 30_000, refetchOnWindowFocus: false },
    },
  });
}

/**
 * The account's session, created on first use. Start-up may create it before React renders, to begin
 * the page's reads early. It lasts until the page is left: signing in or out goes through Entra ID
 * and back, which starts the app afresh.
 */
export function accountSession(services: Services, account: string): AccountSession {
  if (session?.account !== account) {
    session = { account, arm: createArmClient(services.msal, services.config), queryClient: createQueryClient() };
  }
  return session;
}

/**
 * Begins the ARM reads the page at `pathname` needs while the app is still starting, rather than
 * one after another as React would come across them. Start-up calls this as soon as MSAL knows who is
 * signed in; this module has no React pages in it, so the reads need not wait for the pages' code to
 * download and run. The pages then find their data in the query cache. Settles when the reads the
 * page shows first have (each succeeded or failed), so start-up can render the page with them.
 */
export function preload(services: Services, account: AccountInfo, pathname: string): Promise<unknown> {
  const { arm, queryClient } = accountSession(services, account.homeAccountId);
  // A failed read is the page's to show (its query holds the error), not start-up's.
  const ignore = () => undefined;
  const tenants = queryClient.query(tenantsQuery(arm, account.tenantId));
  void tenants.catch(ignore);
  if (pathname.replace(/\/$/, "") === environmentSettingsPath) {
    // Each directory's Resource Graph query: the one signed in to at once, the others once the
    // directories are known (the cache runs the first one once). Its module is fetched meanwhile,
    // kept out of this chunk, which every signed-in page loads first.
    const coverage = import("../features/environment-settings/coverage");
    const read = (tenantId: string) => coverage.then(({ coverageQuery }) => queryClient.query(coverageQuery(arm, tenantId))).catch(ignore);
    void tenants
      .then((list) => {
        for (const tenant of list) void read(tenant.tenantId);
      })
      .catch(ignore);
    void read(account.tenantId);
    // The rows show page by page as they come (thousands take seconds): the page need not wait for them.
    return tenants.catch(ignore);
  }
  const scope = scopeOfPath(pathname);
  if (!scope) return tenants.catch(ignore);
  return Promise.all(
    [
      tenants,
      queryClient.query(subscriptionQuery(arm, scope, queryClient)),
      queryClient.query(pricingsQuery(arm, scope)),
      queryClient.query(permissionsQuery(arm, scope)),
    ].map((read) => read.catch(ignore)),
  );
}
