// GET/POST /{tenant}/oauth2/v2.0/authorize: the account picker, SSO through the session cookie,
// prompt=none for MSAL's hidden-iframe renewal, and the code redirect.
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { randomToken, type EmulatorContext } from "../context";
import type { TenantAccount } from "../directory";
import { noteClient } from "../request-note";
import type { Session } from "../store";
import { accessTokenIssuer, clientInfo } from "../tokens";
import { EntraError, entraErrorBody, entraErrors } from "./errors";
import { errorPage, signInPage, type AccountChoice } from "./pages";
import { resolveScopes } from "./scopes";
import { isSessionExpired, rememberCode, rememberSession } from "./sign-in-records";
import { authorityLabel, resolveAuthority, type Authority } from "./tenant";

export const sessionCookie = "ESTSAUTH";

/** Parameters of the original request, carried through the sign-in page unchanged. */
const carriedParams = [
  "client_id",
  "scope",
  "redirect_uri",
  "response_type",
  "response_mode",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
  "prompt",
  "login_hint",
  "client_info",
  "domain_hint",
  "sid",
  "claims",
  "client-request-id",
  "x-client-SKU",
  "x-client-VER",
] as const;

type AuthorizeRequest = {
  params: Map<string, string>;
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  responseMode: "fragment" | "query";
};

function html(body: string, status: 200 | 400): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

/** Errors that must not be redirected (unknown tenant, client or redirect URI) are shown as a page. */
function validateClient(
  ctx: EmulatorContext,
  segment: string,
  params: Map<string, string>,
): { authority: Authority; request: AuthorizeRequest } | Response {
  try {
    const authority = resolveAuthority(ctx, segment);
    const clientId = params.get("client_id");
    if (!clientId) throw entraErrors.missingParameter("client_id");
    const app = ctx.directory.application(clientId);
    if (!app) throw entraErrors.applicationNotFound(clientId, authorityLabel(authority));
    const redirectUri = params.get("redirect_uri");
    if (!redirectUri) throw entraErrors.missingParameter("redirect_uri");
    if (!app.spaRedirectUris.includes(redirectUri)) throw entraErrors.redirectUriMismatch(redirectUri, clientId);
    return {
      authority,
      request: {
        params,
        clientId: app.clientId,
        redirectUri,
        state: params.get("state"),
        responseMode: params.get("response_mode") === "fragment" ? "fragment" : "query",
      },
    };
  } catch (err) {
    if (err instanceof EntraError) return html(errorPage("Sign in error", err.message), 400);
    throw err;
  }
}

function redirect(request: AuthorizeRequest, values: Array<[string, string]>, headers: Headers = new Headers()): Response {
  const url = new URL(request.redirectUri);
  const payload = new URLSearchParams(values);
  if (request.state !== undefined) payload.set("state", request.state);
  if (request.responseMode === "fragment") url.hash = payload.toString();
  else for (const [k, v] of payload) url.searchParams.append(k, v);
  headers.set("Location", url.toString());
  headers.set("Cache-Control", "no-store");
  return new Response(null, { status: 302, headers });
}

function redirectError(ctx: EmulatorContext, request: AuthorizeRequest, err: EntraError): Response {
  const body = entraErrorBody(err, ctx.now(), request.params.get("client-request-id"), ctx.publicUrl);
  const values: Array<[string, string]> = [
    ["error", body.error],
    ["error_description", body.error_description],
    ["error_uri", body.error_uri],
  ];
  if (body.suberror !== undefined) values.push(["error_subcode", body.suberror]);
  return redirect(request, values);
}

/** Checks that do not depend on the user; failures go back to the app through the redirect URI. */
function validateProtocol(request: AuthorizeRequest, authority: Authority): void {
  const responseType = request.params.get("response_type");
  if (!responseType) throw entraErrors.missingParameter("response_type");
  if (responseType !== "code") throw entraErrors.unsupportedResponseType(responseType);
  const challenge = request.params.get("code_challenge");
  if (!challenge) throw entraErrors.pkceRequired();
  const method = request.params.get("code_challenge_method") ?? "plain";
  if (method !== "S256") throw entraErrors.pkceMethod(method);
  const scope = request.params.get("scope");
  if (!scope) throw entraErrors.missingParameter("scope");
  resolveScopes(scope, authorityLabel(authority));
}

/** The account of a user in the directory the tokens will be issued for. */
function accountFor(ctx: EmulatorContext, authority: Authority, homeObjectId: string): TenantAccount | undefined {
  const user = ctx.directory.userByHomeObjectId(homeObjectId);
  if (!user) return undefined;
  const home = ctx.directory.home(user);
  return ctx.directory.account(user, authority.kind === "tenant" ? authority.tenant.tenantId : home.tenantId);
}

function issueCode(ctx: EmulatorContext, request: AuthorizeRequest, account: TenantAccount, session: Session, headers?: Headers): Response {
  const code = randomToken(48);
  rememberCode(
    ctx.state,
    {
      code,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.params.get("code_challenge") ?? "",
      nonce: request.params.get("nonce"),
      homeObjectId: account.home.objectId,
      tenantId: account.tenant.tenantId,
      issuedAt: ctx.now(),
      redeemed: false,
    },
    ctx.now(),
  );
  // Single sign-on issues codes on a GET, which is not saved on its own (emulator/persistence.ts).
  ctx.stateChanged();
  return redirect(
    request,
    [
      ["code", code],
      ["client_info", clientInfo(account)],
      ["session_state", session.sessionState],
    ],
    headers,
  );
}

function hintMatches(account: TenantAccount, hint: string | undefined): boolean {
  if (hint === undefined || hint === "") return true;
  const h = hint.toLowerCase();
  return account.home.userPrincipalName.toLowerCase() === h || account.account.userPrincipalName.toLowerCase() === h;
}

function userNotInTenant(ctx: EmulatorContext, homeObjectId: string, authority: Authority, clientId: string): EntraError {
  const user = ctx.directory.userByHomeObjectId(homeObjectId);
  const home = user ? ctx.directory.home(user) : undefined;
  const app = ctx.directory.application(clientId);
  return entraErrors.userNotInTenant(
    home?.userPrincipalName ?? homeObjectId,
    accessTokenIssuer(ctx, home?.tenantId ?? ""),
    authorityLabel(authority),
    clientId,
    app?.displayName ?? "",
  );
}

function pickerPage(ctx: EmulatorContext, authority: Authority, request: AuthorizeRequest, segment: string): Response {
  const tenantId = authority.kind === "tenant" ? authority.tenant.tenantId : undefined;
  const hint = request.params.get("login_hint");
  const accounts: AccountChoice[] = ctx.seed.users.flatMap((user) => {
    const home = ctx.directory.home(user);
    const account = ctx.directory.account(user, tenantId ?? home.tenantId);
    if (!account) return [];
    return [
      {
        homeObjectId: home.objectId,
        displayName: user.displayName,
        upn: home.userPrincipalName,
        roles: ctx.directory.describeRoles(user),
        hinted: hintMatches(account, hint) && hint !== undefined,
      },
    ];
  });
  const params = carriedParams.flatMap((k): Array<[string, string]> => {
    const v = request.params.get(k);
    return v === undefined ? [] : [[k, v]];
  });
  return html(signInPage({ action: `/${segment}/oauth2/v2.0/authorize`, params, accounts, tenantLabel: authorityLabel(authority) }), 200);
}

/** The browser's session, unless it has expired (then the user picks an account again, as after Entra's session lifetime). */
function currentSession(ctx: EmulatorContext, c: Context): Session | undefined {
  const id = getCookie(c, sessionCookie);
  const session = id === undefined ? undefined : ctx.state.sessions.get(id);
  return session === undefined || isSessionExpired(ctx.state, session, ctx.now()) ? undefined : session;
}

/** Client and redirect URI, then protocol checks: shared by the app's GET and the sign-in page's POST. */
function validateAuthorizeRequest(ctx: EmulatorContext, segment: string, params: Map<string, string>) {
  const validated = validateClient(ctx, segment, params);
  if (validated instanceof Response) return validated;
  try {
    validateProtocol(validated.request, validated.authority);
  } catch (err) {
    if (err instanceof EntraError) return redirectError(ctx, validated.request, err);
    throw err;
  }
  return validated;
}

export function authorizeGet(ctx: EmulatorContext, c: Context, segment: string): Response {
  const params = new Map(Object.entries(c.req.query()));
  noteClient(c, params.get("client_id"));
  const validated = validateAuthorizeRequest(ctx, segment, params);
  if (validated instanceof Response) return validated;
  const { authority, request } = validated;

  const prompt = params.get("prompt");
  const session = currentSession(ctx, c);
  const account = session ? accountFor(ctx, authority, session.homeObjectId) : undefined;
  if (prompt === "none") {
    if (!session) return redirectError(ctx, request, entraErrors.loginRequired());
    if (!account) return redirectError(ctx, request, userNotInTenant(ctx, session.homeObjectId, authority, request.clientId));
    if (!hintMatches(account, params.get("login_hint"))) return redirectError(ctx, request, entraErrors.loginRequired());
    return issueCode(ctx, request, account, session);
  }
  // SSO: a session for a matching account answers without showing the page.
  if (prompt === undefined && session && account && hintMatches(account, params.get("login_hint"))) {
    return issueCode(ctx, request, account, session);
  }
  return pickerPage(ctx, authority, request, segment);
}

/** The sign-in page posts back here with the chosen account (or "cancel"). */
export async function authorizePost(ctx: EmulatorContext, c: Context, segment: string): Promise<Response> {
  const form = new URLSearchParams(await c.req.text());
  const params = new Map<string, string>();
  for (const [k, v] of form) params.set(k, v);
  noteClient(c, params.get("client_id"));
  const validated = validateAuthorizeRequest(ctx, segment, params);
  if (validated instanceof Response) return validated;
  const { authority, request } = validated;
  if (params.get("emulator_action") === "cancel") return redirectError(ctx, request, entraErrors.userCancelled());
  const homeObjectId = params.get("emulator_account");
  if (!homeObjectId) return pickerPage(ctx, authority, request, segment);
  const account = accountFor(ctx, authority, homeObjectId);
  if (!account) return redirectError(ctx, request, userNotInTenant(ctx, homeObjectId, authority, request.clientId));

  const session: Session = {
    id: randomToken(32),
    homeObjectId: account.home.objectId,
    sessionState: crypto.randomUUID(),
    createdAt: ctx.now(),
  };
  rememberSession(ctx.state, session, ctx.now());
  const headers = new Headers({ "Set-Cookie": `${sessionCookie}=${session.id}; Path=/; Secure; HttpOnly; SameSite=None` });
  return issueCode(ctx, request, account, session, headers);
}
