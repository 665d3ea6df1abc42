import {
  type AccountInfo,
  type AuthenticationResult,
  BrowserCacheLocation,
  CacheLookupPolicy,
  EventType,
  InteractionRequiredAuthError,
  PublicClientApplication,
} from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import type { AppConfig } from "../../config/config";

/**
 * The one scope string used everywhere (sign-in, silent renewal, SDK credentials). MSAL's cache does
 * not treat `.default` and `user_impersonation` as the same, so mixing them costs a token request per call.
 * The emulator issues tokens for the same audience, so this never changes with configuration.
 */
export const ARM_SCOPE = "https://management.azure.com/user_impersonation";

export async function createMsal(config: AppConfig): Promise<PublicClientApplication> {
  const { identity } = config;
  const pca = new PublicClientApplication({
    auth: {
      clientId: identity.clientId,
      authority: `${identity.authorityHost}/${identity.tenant}`,
      knownAuthorities: identity.knownAuthorities,
      redirectUri: `${window.location.origin}/redirect.html`,
      postLogoutRedirectUri: `${window.location.origin}/`,
    },
    // Tokens stay in MSAL's session storage only; nothing of ours persists them.
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
  });
  await pca.initialize();
  const accounts = pca.getAllAccounts();
  if (!pca.getActiveAccount() && accounts[0]) {
    pca.setActiveAccount(homeAccount(accounts));
  }
  pca.addEventCallback((event) => {
    if (event.eventType === EventType.LOGIN_SUCCESS && event.payload) {
      pca.setActiveAccount((event.payload as AuthenticationResult).account);
    }
  });
  return pca;
}

/**
 * The signed-in (home-tenant) account, as state React re-renders on: MSAL's active account is not
 * reactive, and the LOGIN_SUCCESS event may come after the accounts list has already changed.
 */
export function useHomeAccount(): AccountInfo | null {
  const { instance, accounts } = useMsal();
  const active = instance.getActiveAccount();
  if (active) return active;
  const home = homeAccount(accounts);
  if (home) instance.setActiveAccount(home);
  return home;
}

/** The home-tenant profile: its homeAccountId is "{uid}.{home tenant id}". */
function homeAccount(accounts: AccountInfo[]): AccountInfo | null {
  return accounts.find((account) => account.homeAccountId.endsWith(`.${account.tenantId}`)) ?? accounts[0] ?? null;
}

/** Thrown when a token cannot be had without the user signing in again. */
export class SignInRequiredError extends Error {
  constructor(
    readonly tenantId: string,
    cause: unknown,
  ) {
    super(`Signing in again is needed for directory ${tenantId}.`, { cause });
    this.name = "SignInRequiredError";
  }
}

/**
 * Gets an ARM token for one directory (tenant). Silent first; never loops into interaction.
 *
 * Cross-tenant trap: `acquireTokenSilent({ account: home, authority: otherTenant })` would return the
 * home tenant's token from the cache. The first time a tenant is needed we force the refresh token;
 * afterwards we pass that tenant's own account object.
 */
export async function acquireArmToken(
  pca: PublicClientApplication,
  config: AppConfig,
  tenantId: string,
  options: { forceRefresh?: boolean } = {},
): Promise<AuthenticationResult> {
  const home = pca.getActiveAccount();
  if (!home) throw new SignInRequiredError(tenantId, new Error("No signed-in account"));
  const tenantAccount = pca.getAccount({ homeAccountId: home.homeAccountId, tenantId });
  try {
    return await pca.acquireTokenSilent({
      scopes: [ARM_SCOPE],
      account: tenantAccount ?? home,
      authority: `${config.identity.authorityHost}/${tenantId}`,
      ...(tenantAccount && !options.forceRefresh ? {} : { cacheLookupPolicy: CacheLookupPolicy.RefreshToken }),
    });
  } catch (error) {
    if (error instanceof InteractionRequiredAuthError) throw new SignInRequiredError(tenantId, error);
    throw error;
  }
}
