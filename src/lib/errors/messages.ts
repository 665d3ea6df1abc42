import { AuthError } from "@azure/msal-browser";
import { isRestError } from "@azure/core-rest-pipeline";
import { ArmError, ForeignOriginError, UnexpectedResponseError } from "../arm/errors";
import { MAX_RETRIES } from "../arm/retry";
import { SignInRequiredError } from "../auth/msal";

/** What the user can do about an error; the UI offers the matching button. */
export type ErrorAction = "sign-in-again" | "retry" | "enable-defender" | "none";

export type ErrorMessage = {
  title: string;
  message: string;
  /** ARM's error code, shown for support. */
  code?: string;
  requestId?: string;
  action: ErrorAction;
};

/** "Microsoft.Security/pricings/write" → "change Defender plans (Microsoft.Security/pricings/write)". */
const actionWords: Record<string, string> = {
  "microsoft.security/pricings/write": "change Defender plans",
  "microsoft.security/pricings/read": "read Defender plans",
  "microsoft.security/register/action": "register Microsoft Defender for Cloud",
};

function describeMissingPermission(message: string): string {
  const action = /perform action '([^']+)'/i.exec(message)?.[1];
  if (!action) return "Your account doesn't have permission for this on the subscription.";
  const words = actionWords[action.toLowerCase()];
  return `Your account doesn't have permission to ${words ?? "do this"} on this subscription (${action} is missing). Security Admin, Contributor or Owner can; ask an Owner of the subscription for one of these roles.`;
}

/** The one place that turns errors into messages a person can act on. */
export function describeError(error: unknown): ErrorMessage {
  if (error instanceof SignInRequiredError) {
    return {
      title: "Sign in again",
      message: "Your session for this directory has ended or needs your consent. Sign in again to continue; your unsaved changes are kept.",
      action: "sign-in-again",
    };
  }
  if (error instanceof ArmError) {
    const base = { code: error.code, ...(error.requestId ? { requestId: error.requestId } : {}) };
    const code = error.code.toLowerCase();
    if (code === "subscription not registered") {
      return {
        ...base,
        title: "Defender for Cloud isn't enabled on this subscription",
        message: "The Microsoft.Security resource provider isn't registered for this subscription, so it has no Defender plans yet.",
        action: "enable-defender",
      };
    }
    if (error.status === 403 || code === "authorizationfailed") {
      return { ...base, title: "Permission needed", message: describeMissingPermission(error.message), action: "none" };
    }
    if (code === "pricingmanagedexternally") {
      return {
        ...base,
        title: "Managed outside Azure Resource Manager",
        message: error.message,
        action: "none",
      };
    }
    if (code === "readonlydisabledsubscription") {
      return {
        ...base,
        title: "This subscription is disabled",
        message: "A disabled subscription is read-only: nothing can be changed until it is re-enabled.",
        action: "none",
      };
    }
    if (code === "conflict") {
      return {
        ...base,
        title: "Another change is in progress",
        message:
          "Azure is still applying another update to this subscription's plans; retrying after a pause did not help. Try again in a few minutes.",
        action: "retry",
      };
    }
    if (error.status === 401) {
      return { ...base, title: "Sign in again", message: `Azure didn't accept your sign-in: ${error.message}`, action: "sign-in-again" };
    }
    if (error.status === 429 || error.status === 503) {
      return {
        ...base,
        title: error.status === 429 ? "Azure is throttling requests" : "Azure is temporarily unavailable",
        message: `This was retried automatically ${String(MAX_RETRIES)} times, waiting as long as Azure asked, without success. Try again in a minute. (${error.message})`,
        action: "retry",
      };
    }
    return {
      ...base,
      title: error.status >= 500 ? "Azure couldn't complete the request" : "Azure refused the request",
      message: error.message || `HTTP ${String(error.status)}`,
      action: error.status >= 500 ? "retry" : "none",
    };
  }
  if (error instanceof ForeignOriginError) {
    return {
      title: "Request to another site blocked",
      message: `A response from Azure pointed to ${new URL(error.url).origin}, which is not the configured Azure Resource Manager (${error.endpoint}). Nothing was sent there and your access token did not leave the app.`,
      action: "none",
    };
  }
  if (error instanceof UnexpectedResponseError) {
    return {
      title: "Unexpected response from Azure",
      message: `${error.message}. Nothing was assumed from it.`,
      ...(error.requestId ? { requestId: error.requestId } : {}),
      action: "retry",
    };
  }
  if (isRestError(error) && error.statusCode === undefined) {
    return {
      title: "Can't reach Azure",
      message: "The network request failed. Check your connection (or that the local emulator is running) and try again.",
      action: "retry",
    };
  }
  if (error instanceof AuthError) {
    return {
      title: "Sign-in failed",
      message: `Microsoft Entra ID reported "${error.errorCode}".`,
      code: error.errorCode,
      action: "sign-in-again",
    };
  }
  return { title: "Something went wrong", message: error instanceof Error ? error.message : String(error), action: "retry" };
}
