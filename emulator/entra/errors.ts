// Entra ID (v2 endpoint) errors: one factory per AADSTS code the emulator produces, rendered as
// the token endpoint's JSON body, the authorize redirect's fragment, or an HTML error page.

export type EntraErrorName =
  | "invalid_request"
  | "invalid_tenant"
  | "invalid_client"
  | "unauthorized_client"
  | "invalid_grant"
  | "invalid_scope"
  | "invalid_resource"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "login_required"
  | "interaction_required"
  | "access_denied";

export class EntraError extends Error {
  constructor(
    readonly error: EntraErrorName,
    readonly aadsts: number,
    readonly description: string,
    readonly status: 400 | 401 | 413 = 400,
    readonly subError?: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

/** Entra formats timestamps as "2024-05-14 09:12:31Z". */
export function entraTimestamp(now: number): string {
  return new Date(now)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

export type EntraErrorBody = {
  error: EntraErrorName;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
};

export function entraErrorBody(err: EntraError, now: number, correlationId: string | undefined, publicUrl: string): EntraErrorBody {
  const traceId = crypto.randomUUID();
  const correlation = correlationId ?? crypto.randomUUID();
  const timestamp = entraTimestamp(now);
  const body: EntraErrorBody = {
    error: err.error,
    error_description: `AADSTS${err.aadsts}: ${err.description} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `${publicUrl}/error?code=${err.aadsts}`,
  };
  if (err.subError !== undefined) body.suberror = err.subError;
  return body;
}

export const entraErrors = {
  missingParameter: (name: string) =>
    new EntraError("invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  // Entra's own size limit and its answer are unverified: the emulator applies ARM's 4 MB and answers
  // with AADSTS90015, Entra's code for a query string that is too long (the nearest documented one).
  requestTooLarge: (maxBytes: number) =>
    new EntraError("invalid_request", 90015, `The request is too large: at most ${maxBytes} bytes are accepted.`, 413),
  // Entra names an unknown tenant `invalid_tenant` (not the generic invalid_request) on every endpoint.
  tenantNotFound: (tenant: string) =>
    new EntraError(
      "invalid_tenant",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  applicationNotFound: (clientId: string, tenant: string) =>
    new EntraError(
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  redirectUriMismatch: (redirectUri: string, clientId: string) =>
    new EntraError(
      "invalid_request",
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
    ),
  unsupportedResponseType: (responseType: string) =>
    new EntraError("unsupported_response_type", 700054, `response_type '${responseType}' is not enabled for the application.`),
  pkceRequired: () =>
    new EntraError("invalid_request", 9002325, "Proof Key for Code Exchange is required for cross-origin authorization code redemption."),
  // Entra accepts "plain" for confidential clients; the emulator only serves the SPA, which must use S256.
  pkceMethod: (method: string) =>
    new EntraError("invalid_request", 5000, `The code_challenge_method '${method}' is not supported. Use 'S256'.`),
  loginRequired: () => new EntraError("login_required", 50058, "A silent sign-in request was sent but no user is signed in.", 400),
  userNotInTenant: (upn: string, homeIssuer: string, tenantName: string, clientId: string, appName: string) =>
    new EntraError(
      "interaction_required",
      50020,
      `User account '${upn}' from identity provider '${homeIssuer}' does not exist in tenant '${tenantName}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  userCancelled: () => new EntraError("access_denied", 65004, "User declined to consent to access the app.", 400, "cancel"),
  spaCrossOriginOnly: () =>
    new EntraError(
      "invalid_request",
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    ),
  unsupportedGrantType: (grantType: string) =>
    new EntraError("unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`),
  malformedGrant: () => new EntraError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."),
  codeRedeemed: () =>
    new EntraError(
      "invalid_grant",
      54005,
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    ),
  codeExpired: () =>
    new EntraError(
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    ),
  codeOtherTenant: () =>
    new EntraError("invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant, thus rejected."),
  // Code issued to another client: Entra's exact code for this case is unverified.
  codeOtherClient: () =>
    new EntraError(
      "invalid_grant",
      70000,
      "The provided value for the 'code' parameter is not valid. The code was issued to a different client.",
    ),
  replyAddressMismatch: (sent: string, original: string) =>
    new EntraError(
      "invalid_grant",
      500112,
      `The reply address '${sent}' does not match the reply address '${original}' provided when requesting Authorization code.`,
    ),
  verifierMismatch: () =>
    new EntraError("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."),
  refreshTokenExpired: (issuedAt: number, lifetimeSeconds: number) =>
    new EntraError(
      "invalid_grant",
      700084,
      `The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of ${spaLifetime(lifetimeSeconds)}, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${new Date(issuedAt).toISOString()}.`,
    ),
  refreshUserNotInTenant: (upn: string, homeIssuer: string, tenantName: string, clientId: string, appName: string) =>
    new EntraError(
      "invalid_grant",
      50020,
      `User account '${upn}' from identity provider '${homeIssuer}' does not exist in tenant '${tenantName}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  resourceNotFound: (resource: string, tenantName: string) =>
    new EntraError(
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  invalidScope: (scope: string) =>
    new EntraError(
      "invalid_scope",
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ),
  // client_credentials (confidential clients).
  missingClientCredential: () =>
    new EntraError(
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      401,
    ),
  invalidClientSecret: (clientId: string) =>
    new EntraError(
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      401,
    ),
  clientCredentialsScope: (scope: string) =>
    new EntraError(
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  // An app-only token needs a tenant: /organizations and /common cannot name one (wording as Entra's; unverified for this exact case).
  noTenantForAppToken: () =>
    new EntraError(
      "invalid_request",
      50059,
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    ),
  moreThanOneResource: (scope: string) =>
    new EntraError(
      "invalid_scope",
      28000,
      `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
    ),
} as const;

function spaLifetime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d}.${two(h)}:${two(m)}:${two(s)}`;
}
