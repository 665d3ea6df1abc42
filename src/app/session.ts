import { QueryClient } from "@tanstack/react-query";
import { type ArmClient, createArmClient } from "../lib/arm/client";
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
