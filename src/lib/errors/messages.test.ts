import { describe, expect, it } from "vitest";
import { RestError } from "@azure/core-rest-pipeline";
import { InteractionRequiredAuthError } from "@azure/msal-browser";
import { ArmError, UnexpectedResponseError } from "../arm/errors";
import { SignInRequiredError } from "../auth/msal";
import { describeError } from "./messages";

describe("describeError", () => {
  it("names the missing permission of a 403 in words", () => {
    const error = new ArmError({
      status: 403,
      code: "AuthorizationFailed",
      message:
        "The client 'lynne@contoso.onmicrosoft.com' with object id '2e3f' does not have authorization to perform action 'Microsoft.Security/pricings/write' over scope '/subscriptions/x/providers/Microsoft.Security/pricings/AI' or the scope is invalid. If access was recently granted, please refresh your credentials.",
      requestId: "req-1",
    });
    const message = describeError(error);
    expect(message.title).toBe("Permission needed");
    expect(message.message).toContain("permission to change Defender plans");
    expect(message.message).toContain("Microsoft.Security/pricings/write");
    expect(message).toMatchObject({ code: "AuthorizationFailed", requestId: "req-1", action: "none" });
  });

  it("offers to enable Defender for Cloud on the unregistered-provider 404", () => {
    const error = new ArmError({
      status: 404,
      code: "Subscription Not Registered",
      message: "Please register to Microsoft.Security in order to view your security status",
    });
    expect(describeError(error)).toMatchObject({
      action: "enable-defender",
      title: "Defender for Cloud isn't enabled on this subscription",
    });
  });

  it("keeps ARM's code, message and request id for a server error, and offers a retry", () => {
    const error = new ArmError({ status: 500, code: "InternalServerError", message: "Something broke", requestId: "abc" });
    expect(describeError(error)).toEqual({
      title: "Azure couldn't complete the request",
      message: "Something broke",
      code: "InternalServerError",
      requestId: "abc",
      action: "retry",
    });
  });

  it("explains the disabled subscription and the concurrent update", () => {
    expect(describeError(new ArmError({ status: 409, code: "ReadOnlyDisabledSubscription", message: "x" })).title).toBe(
      "This subscription is disabled",
    );
    expect(
      describeError(new ArmError({ status: 409, code: "Conflict", message: "Another update operation is in progress." })),
    ).toMatchObject({ action: "retry" });
  });

  it("asks to sign in again when a token needs interaction", () => {
    const error = new SignInRequiredError("t", new InteractionRequiredAuthError("interaction_required", "correlation-1"));
    expect(describeError(error)).toMatchObject({ title: "Sign in again", action: "sign-in-again" });
  });

  it("tells a network failure from a bad response", () => {
    expect(describeError(new RestError("fetch failed", { code: "REQUEST_SEND_ERROR" })).title).toBe("Can't reach Azure");
    expect(describeError(new UnexpectedResponseError("the Defender plans", "the body is not JSON", "r")).title).toBe(
      "Unexpected response from Azure",
    );
  });
});
