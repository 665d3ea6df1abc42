import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { loadPageOf } from "./app/pages";
import { loadStartTheme } from "./app/theme";
import { loadConfig } from "./config/config";
import { restrictConnections } from "./config/csp";
import { acquireArmToken, createMsal } from "./lib/auth/msal";
import { scopeOfPath } from "./lib/paths";

const root = createRoot(document.getElementById("root") as HTMLElement);

/** Whether MSAL has a session in this tab (it keeps its cache in session storage under "msal." keys). */
function hasMsalSession(): boolean {
  try {
    return Object.keys(sessionStorage).some((key) => key.startsWith("msal."));
  } catch {
    return false;
  }
}

// Most likely someone is signed in: the signed-in app's code and the page's are fetched while
// config.json and MSAL load, not after. A guess only: MSAL decides below, and a wrong guess costs an unused download.
const signedInApp = hasMsalSession() ? import("./app/SignedInApp") : undefined;
if (signedInApp) loadPageOf(window.location.pathname);

// MSAL must be created once, outside React, and initialised before the first render.
async function start() {
  try {
    // A failed theme download leaves the light theme, which is always there.
    const [config] = await Promise.all([loadConfig(), loadStartTheme().catch(() => undefined)]);
    restrictConnections(config);
    const msal = await createMsal(config);
    const account = msal.getActiveAccount();
    if (account) {
      // Signed in: the token for the page's directory, the signed-in app's code and the page's reads
      // start now, side by side, instead of one after another as React would come across them.
      const { pathname } = window.location;
      void acquireArmToken(msal, config, scopeOfPath(pathname)?.tenantId ?? account.tenantId).catch(() => undefined);
      void (signedInApp ?? import("./app/SignedInApp")).then((module) => module.preload({ config, msal }, account, pathname));
    }
    root.render(
      <StrictMode>
        <App services={{ config, msal }} />
      </StrictMode>,
    );
  } catch (error) {
    // Rare, so not part of the first download.
    const { StartupError } = await import("./app/StartupError");
    root.render(<StartupError error={error} />);
  }
}

void start();
