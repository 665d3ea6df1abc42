// Azure Resource Manager errors: one factory per error the emulator produces, all rendered as
// ARM's `{"error":{"code","message"}}` envelope by the pipeline's single error handler.

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** A body that is not ARM's envelope (an RP answering in its own framework's format). */
    readonly rawBody?: unknown,
  ) {
    super(message);
  }

  body(): unknown {
    return this.rawBody ?? { error: { code: this.code, message: this.message } };
  }
}

/** .NET's invariant "M/d/yyyy h:mm:ss tt", which ARM uses in token-expiry messages. */
function dotnetUtc(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? "AM" : "PM"}`;
}

const bearer = (authorizationUri: string, description: string) =>
  `Bearer authorization_uri="${authorizationUri}", error="invalid_token", error_description="${description}"`;

export const armErrors = {
  missingApiVersion: () =>
    new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."),
  invalidApiVersion: (version: string, supported: readonly string[]) =>
    new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(",")}'.`,
    ),
  noRegisteredProviderFound: (version: string, resourceType: string, supported: readonly string[]) =>
    new ArmError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for location 'global' and API version '${version}' for type '${resourceType}'. The supported api-versions are '${supported.join(", ")}'.`,
    ),

  missingAuthorization: (publicUrl: string) =>
    new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", {
      "WWW-Authenticate": bearer(`${publicUrl}/`, "The authentication failed because of missing 'Authorization' header."),
    }),
  malformedAuthorization: (publicUrl: string) =>
    new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.", {
      "WWW-Authenticate": bearer(`${publicUrl}/`, "The authentication failed because of malformed 'Authorization' header."),
    }),
  invalidToken: (publicUrl: string) =>
    new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", {
      "WWW-Authenticate": bearer(`${publicUrl}/`, "The access token is invalid."),
    }),
  /** Real ARM lists these four spellings; the emulator issues the first two with a trailing slash. */
  wrongAudience: (publicUrl: string, audience: string) =>
    new ArmError(
      401,
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
      { "WWW-Authenticate": bearer(`${publicUrl}/`, "The access token has been obtained for wrong audience or resource.") },
    ),
  expiredToken: (publicUrl: string, tenantId: string, exp: number, now: number) =>
    new ArmError(
      401,
      "ExpiredAuthenticationToken",
      `The access token expiry UTC time '${dotnetUtc(exp * 1000)}' is earlier than current UTC time '${dotnetUtc(now)}'.`,
      {
        "WWW-Authenticate": bearer(`${publicUrl}/${tenantId}`, "The access token has expired."),
      },
    ),
  /** Real ARM names https://sts.windows.net/{tid}/ issuers and a https://login.windows.net/{tid} authority; the emulator names its own. */
  wrongTenant: (publicUrl: string, tokenIssuer: string, subscriptionTenantId: string) =>
    new ArmError(
      401,
      "InvalidAuthenticationTokenTenant",
      `The access token is from the wrong issuer '${tokenIssuer}'. It must match the tenant '${publicUrl}/${subscriptionTenantId}/' associated with this subscription. Please use the authority (URL) '${publicUrl}/${subscriptionTenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
      { "WWW-Authenticate": bearer(`${publicUrl}/${subscriptionTenantId}`, "The access token is from the wrong issuer.") },
    ),

  authorizationFailed: (client: string, objectId: string, action: string, scope: string) =>
    new ArmError(
      403,
      "AuthorizationFailed",
      `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  subscriptionNotFound: (subscriptionId: string) =>
    new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`),
  invalidSubscriptionId: (subscriptionId: string) =>
    new ArmError(400, "InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`),
  readOnlyDisabledSubscription: (subscriptionId: string) =>
    new ArmError(
      409,
      "ReadOnlyDisabledSubscription",
      `The subscription '${subscriptionId}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`,
    ),
  throttled: (
    kind: "read" | "write",
    subscriptionOrTenant: string,
    objectId: string,
    retryAfterSeconds: number,
    rateLimitHeaders: Record<string, string> = {},
  ) =>
    new ArmError(
      429,
      "SubscriptionRequestsThrottled",
      `Number of '${kind}' requests for subscription '${subscriptionOrTenant}' actor '${objectId}' exceeded. Please try again after '${retryAfterSeconds}' seconds after the last request. See https://aka.ms/ARMThrottling for more details.`,
      { "Retry-After": String(retryAfterSeconds), ...rateLimitHeaders },
    ),
  /**
   * ARM's answer to a body over its 4 MB request limit, code and wording as reported for oversized
   * template deployments (Azure/Azure-Landing-Zones#2644: "Code=RequestContentTooLarge; Message=The
   * request content size exceeds the maximum size of 4 MB."), HTTP 413 Request Entity Too Large.
   */
  requestContentTooLarge: () => new ArmError(413, "RequestContentTooLarge", "The request content size exceeds the maximum size of 4 MB."),
  /**
   * A body that is not JSON. Code and wording as the live service answers (Azure/azure-cli#10143 and
   * #13056: a PUT to management.azure.com without Content-Type gets "The content media type '<null>'
   * is not supported. Only 'application/json' is supported.", HTTP 415 Unsupported Media Type).
   */
  unsupportedMediaType: (contentType: string | null) =>
    new ArmError(
      415,
      "UnsupportedMediaType",
      `The content media type '${contentType ?? "<null>"}' is not supported. Only 'application/json' is supported.`,
    ),
  invalidRequestContent: (detail: string) =>
    new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: '${detail}'.`),
  notImplemented: (method: string, path: string) =>
    new ArmError(
      501,
      "NotImplemented",
      `The emulator does not implement ${method} ${path}. Only the operations the app uses are emulated.`,
    ),
  notFound: (method: string, path: string) => new ArmError(404, "NotFound", `The emulator does not implement ${method} ${path}.`),

  // Microsoft.Security (the pricings resource provider).
  // The code and wording for an alert that does not exist are unverified.
  alertNotFound: (name: string) => new ArmError(404, "ResourceNotFound", `The alert '${name}' was not found.`),
  subscriptionNotRegistered: () =>
    new ArmError(404, "Subscription Not Registered", "Please register to Microsoft.Security in order to view your security status"),
  invalidPricingName: (name: string, names: string[]) =>
    new ArmError(400, "InvalidResourceName", `The name '${name}' is not a valid name. Possible pricing bundle names: ${names.join(", ")}`),
  // Code and wording of the RP's body-validation errors are unverified.
  invalidPricingInput: (message: string) => new ArmError(400, "InvalidInputJson", message),
  invalidPricingRequest: (message: string) => new ArmError(400, "BadRequest", message),
  // HTTP 500 is what the service answers (arm-contract.md); the code is unverified.
  additionalPropertiesOfDisabledExtension: (name: string) =>
    new ArmError(
      500,
      "InternalServerError",
      `AdditionalProperties of Extension '${name}' can't be updated while the extension is disabled`,
    ),
  concurrentUpdate: () => new ArmError(409, "Conflict", "Another update operation is in progress. Please retry in a few minutes"),
  /**
   * An ARM write to a plan that a management system outside ARM controls (2026-07-01's `managedBy`,
   * e.g. a Microsoft 365 security rule). The service's answer is undocumented: status, code and
   * wording are the emulator's own (unverified). Not "Conflict", so clients do not retry it as a
   * concurrent write.
   */
  pricingManagedExternally: (plan: string, managedBy: string, originatedFrom: string | undefined) =>
    new ArmError(
      409,
      "PricingManagedExternally",
      `The pricing '${plan}' is managed by ${managedBy}${originatedFrom === undefined ? "" : ` (originated from ${originatedFrom})`} and cannot be changed through Azure Resource Manager. Change it where it is managed.`,
    ),
  // DELETE only exists at resource scope (e.g. a VM). Wording as reported from the live service
  // (Azure/terraform-provider-azapi#818, api-version 2024-01-01).
  deleteAtSubscriptionScope: () =>
    new ArmError(
      400,
      "InvalidUrlConfiguration",
      "Delete operation is supported only for single resources scope (not subscriptions). Use PUT to Enabled or Disable specific pricing bundles on a subscription.",
    ),
  /** The RP is an ASP.NET Web API service; its 405 body is that framework's, not ARM's envelope (exact body unverified). */
  methodNotAllowed: (method: string) =>
    new ArmError(
      405,
      "MethodNotAllowed",
      `The requested resource does not support http method '${method}'.`,
      { Allow: "GET, PUT, DELETE" },
      {
        Message: `The requested resource does not support http method '${method}'.`,
      },
    ),
} as const;
