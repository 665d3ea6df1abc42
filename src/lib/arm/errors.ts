/**
 * An error answered by Azure Resource Manager, with what a support engineer needs
 * (status, ARM's error code and message, the request id).
 */
export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly target: string | undefined;

  constructor(init: { status: number; code: string; message: string; requestId?: string | undefined; target?: string | undefined }) {
    super(init.message);
    this.name = "ArmError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.target = init.target;
  }
}

/** ARM answered, but not with the shape the contract promises (bad JSON, missing fields). */
export class UnexpectedResponseError extends Error {
  constructor(
    readonly operation: string,
    detail: string,
    readonly requestId: string | undefined,
  ) {
    super(`Unexpected response from ${operation}: ${detail}`);
    this.name = "UnexpectedResponseError";
  }
}

export function isArmError(error: unknown, code?: string): error is ArmError {
  return error instanceof ArmError && (code === undefined || error.code.toLowerCase() === code.toLowerCase());
}

/**
 * A request to anywhere but the configured ARM endpoint, refused before it was sent: a `nextLink` or
 * any other URL from a response must not carry the user's ARM token to another site.
 */
export class ForeignOriginError extends Error {
  constructor(
    readonly url: string,
    readonly endpoint: string,
  ) {
    super(
      `Refused to send a request to ${new URL(url).origin}: only ${endpoint} (the configured Azure Resource Manager) gets your access token.`,
    );
    this.name = "ForeignOriginError";
  }
}
