// HTML pages of the emulator: the account picker of /authorize, error pages and the home page.
// Everything interpolated goes through escapeHtml.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const style = `
  body { font-family: "Segoe UI", system-ui, sans-serif; background: #f3f2f1; margin: 0; color: #1b1a19; }
  main { max-width: 440px; margin: 48px auto; background: #fff; padding: 32px 40px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 8px; }
  p.note { font-size: 13px; color: #605e5c; }
  form.account { margin: 0; }
  button.account { display: block; width: 100%; text-align: left; padding: 12px; margin: 8px 0; border: 1px solid #c8c6c4; background: #fff; cursor: pointer; font: inherit; }
  button.account:hover, button.account:focus { background: #edebe9; }
  button.account.hinted { border-color: #0067b8; }
  .name { font-weight: 600; display: block; }
  .upn, .roles { font-size: 13px; color: #605e5c; display: block; }
  button.cancel { margin-top: 16px; padding: 6px 20px; font: inherit; }
  code { word-break: break-all; }
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export type AccountChoice = { homeObjectId: string; displayName: string; upn: string; roles: string[]; hinted: boolean };

/** The sign-in page: one form per account, each re-posting the original authorize parameters. */
export function signInPage(options: {
  action: string;
  params: Array<[string, string]>;
  accounts: AccountChoice[];
  tenantLabel: string;
}): string {
  const hidden = options.params.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
  const accounts = options.accounts
    .map(
      (
        a,
      ) => `<form class="account" method="post" action="${escapeHtml(options.action)}">${hidden}<input type="hidden" name="emulator_account" value="${escapeHtml(a.homeObjectId)}">
<button class="account${a.hinted ? " hinted" : ""}" type="submit" name="emulator_action" value="signin"><span class="name">${escapeHtml(a.displayName)}</span><span class="upn">${escapeHtml(a.upn)}</span><span class="roles">${escapeHtml(a.roles.join(" · ") || "No role assignments")}</span></button></form>`,
    )
    .join("\n");
  const cancel = `<form method="post" action="${escapeHtml(options.action)}">${hidden}<button class="cancel" type="submit" name="emulator_action" value="cancel">Cancel</button></form>`;
  return page(
    "Sign in to your account",
    `<h1>Pick an account</h1><p class="note">Local Entra ID emulator · ${escapeHtml(options.tenantLabel)}. No password: choose a seeded account.</p>${accounts || "<p>No account of this directory can sign in.</p>"}${cancel}`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>Sorry, but we’re having trouble signing you in.</h1><p><code>${escapeHtml(message)}</code></p>`);
}

export function homePage(appUrl: string): string {
  return page(
    "Entra ID and ARM emulator",
    `<h1>The emulator is running</h1><p>If you can read this page, your browser accepts the emulator's development certificate.</p><p><a href="${escapeHtml(appUrl)}">Back to the app</a></p>`,
  );
}

export function signedOutPage(): string {
  return page("Signed out", "<h1>You signed out of your account</h1><p>It’s a good idea to close all browser windows.</p>");
}
