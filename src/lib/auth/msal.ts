import {
  type AccountInfo,
  type AuthenticationResult,
  BrowserCacheLocation,
  type IPublicClientApplication,
  CacheLookupPolicy,
  EventType,
  InteractionRequiredAuthError,
  PublicClientApplication,
} from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { useSyncExternalStore } from "react";
import type { AppConfig } from "../../config/config";

export async function createMsal(config: AppConfig): Promise<PublicClientApplication> {
  const { identity } = config;
  const pca = new PublicClientApplication({
    auth: {
      clientId: identity.clientId,
      authority: `${identity.authorityHost}/${identity.tenant}`,
      knownAuthorities: identity.knownAuthorities,
      ...(config.emulator ? { authorityMetadata: entraEndpoints(identity.authorityHost) } : {}),
      redirectUri: `${window.location.origin}/redirect.html`,
      postLogoutRedirectUri: `${window.location.origin}/`,
    },
    // Tokens stay in MSAL's session storage only; nothing of ours persists them.
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
  });
  await pca.initialize();
  // Each lookup of accounts decodes every cached ID token: the list is read only when it is needed.
  if (!activeAccount(pca)) {
    const accounts = pca.getAllAccounts();
    if (accounts[0]) pca.setActiveAccount(homeAccount(accounts));
  }
  // Outside React: setting the active account notifies MsalProvider, which must not happen while a
  // component renders.
  pca.addEventCallback((event) => {
    if (event.eventType === EventType.LOGIN_SUCCESS && event.payload) {
      pca.setActiveAccount((event.payload as AuthenticationResult).account);
    }
  });
  return pca;
}

/**
 * Entra ID's endpoints for every directory, as MSAL has them built in for Microsoft's clouds
 * (`{tenantid}` stands for the directory), so that no token waits for an OpenID configuration
 * document. The emulator lays its endpoints out as Entra ID does; told them the same way, MSAL sends
 * it exactly the requests it sends Microsoft's clouds. (Other hosts are discovered from their
 * documents.)
 */
function entraEndpoints(authorityHost: string): string {
  const base = `${authorityHost}/{tenantid}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
  });
}

/**
 * The signed-in (home-tenant) account, as state React re-renders on: MSAL's active account (as kept
 * by `activeAccountOf`), or, since the LOGIN_SUCCESS event may come after the accounts list has
 * already changed, the accounts list until the event has set the active account.
 */
export function useHomeAccount(): AccountInfo | null {
  const { instance, accounts } = useMsal();
  const active = activeAccountOf(instance);
  return useSyncExternalStore(active.subscribe, active.get) ?? homeAccount(accounts);
}

/** MSAL's active account (`getActiveAccount()`), without decoding the cached ID tokens again. */
export function activeAccount(pca: IPublicClientApplication): AccountInfo | null {
  return activeAccountOf(pca).get();
}

type ActiveAccount = { subscribe: (onChange: () => void) => () => void; get: () => AccountInfo | null };
const activeAccounts = new WeakMap<IPublicClientApplication, ActiveAccount>();

/**
 * MSAL's active account, read once and again only when MSAL says it changed (here or in another tab):
 * each read decodes every cached ID token, and start-up, each token request and the pages' components
 * at every render would otherwise read it again.
 */
function activeAccountOf(pca: IPublicClientApplication): ActiveAccount {
  let active = activeAccounts.get(pca);
  if (!active) {
    const listeners = new Set<() => void>();
    let account = pca.getActiveAccount();
    // For the application's lifetime, so the account kept here is never stale, listened to or not.
    pca.addEventCallback(() => {
      account = pca.getActiveAccount();
      for (const listener of listeners) listener();
    }, [EventType.ACTIVE_ACCOUNT_CHANGED]);
    active = {
      subscribe: (onChange) => {
        listeners.add(onChange);
        return () => listeners.delete(onChange);
      },
      get: () => account,
    };
    activeAccounts.set(pca, active);
  }
  return active;
}

/** The home-tenant profile: its homeAccountId is "{uid}.{home tenant id}". */
function homeAccount(accounts: AccountInfo[]): AccountInfo | null {
  return accounts.find((account) => account.homeAccountId.endsWith(`.${account.tenantId}`)) ?? accounts[0] ?? null;
}

/** The account tokens are asked for: the active one, or the home profile before LOGIN_SUCCESS has set it. */
function signedInAccount(pca: PublicClientApplication): AccountInfo | null {
  return activeAccount(pca) ?? homeAccount(pca.getAllAccounts());
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
  const home = signedInAccount(pca);
  if (!home) throw new SignInRequiredError(tenantId, new Error("No signed-in account"));
  const tenantAccount = pca.getAccount({ homeAccountId: home.homeAccountId, tenantId });
  try {
    return await pca.acquireTokenSilent({
      scopes: [config.arm.scope],
      account: tenantAccount ?? home,
      authority: `${config.identity.authorityHost}/${tenantId}`,
      ...(tenantAccount && !options.forceRefresh ? {} : { cacheLookupPolicy: CacheLookupPolicy.RefreshToken }),
    });
  } catch (error) {
    if (error instanceof InteractionRequiredAuthError) throw new SignInRequiredError(tenantId, error);
    throw error;
  }
}
