import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { loadSignedInPage } from "./app/pages";
import { loadStartTheme } from "./app/theme";
import { loadConfig } from "./config/config";
import { restrictConnections } from "./config/csp";
import { acquireArmToken, activeAccount, createMsal } from "./lib/auth/msal";
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

// Most likely someone is signed in: the session module (ARM client, query cache, the page's reads) is
// fetched while config.json and MSAL load, not after. A guess only: MSAL decides below, and a wrong
// guess costs an unused download. It is small and has no pages in it: the reads need not wait for them.
const session = hasMsalSession() ? import("./app/session") : undefined;

/** Waits for `work`, but no longer than `ms`; whether it succeeds is for others to see. */
function atMost(ms: number, work: Promise<unknown>): Promise<unknown> {
  return Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms))]);
}

/** Resolves after the work already queued (microtasks: the page's reads on their way to fetch) has run. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// MSAL must be created once, outside React, and initialised before the first render.
async function start() {
  try {
    const config = await loadConfig();
    restrictConnections(config);
    const msal = await createMsal(config);
    const account = activeAccount(msal);
    // The theme the first render uses. Reading the user's choice is the page's first use of local
    // storage, which costs a few milliseconds: when someone is signed in, it waits for the reads.
    // A failed theme download leaves the light theme, which is always there.
    const theme = () => loadStartTheme().catch(() => undefined);
    if (account) {
      // Signed in: the token for the page's directory and the page's reads start now, before React
      // renders anything, rather than one after another as React would come across them.
      const { pathname } = window.location;
      const token = acquireArmToken(msal, config, scopeOfPath(pathname)?.tenantId ?? account.tenantId);
      // A failed download here is the router's to show, when it asks for the same code.
      const reads = await (session ?? import("./app/session"))
        .then((module) => ({ settled: module.preload({ config, msal }, account, pathname) }))
        .catch(() => undefined);
      // Then the rest: the theme, the first render and the pages' code (each added module costs the
      // main thread a millisecond or so as it is requested) would take the main thread from MSAL while
      // it finds the token, and from the reads on their way out, and the reads wait for the token (on
      // this project's test machine they went out ~100 ms later, `npm run bench`). A token from
      // MSAL's cache comes within tens of milliseconds; one that needs Entra ID is not waited for
      // longer than 250 ms.
      await atMost(250, token);
      await nextTask();
      // React renders once the theme, the signed-in app's and the page's code are there, and the
      // page's first reads have answered: it shows the page straight away, rendered once rather than
      // before its reads and again after them (on this project's test machine that made the plans
      // page interactive ~50 ms later, `npm run bench`). A download or a read that fails or takes long
      // is the page's to show (after half a second at most); the theme is always waited for, so the
      // page never shows in light first.
      await Promise.all([theme(), atMost(500, Promise.all([loadSignedInPage(pathname), reads?.settled]))]);
    } else {
      await theme();
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
