// The request log, like Azurite's --debug: one line per request, so that a user can see what a
// client sent and why it was refused. Off by default; `--verbose` prints to stdout, `--log-file`
// appends to a file (emulator/cli.ts). A line never carries a header, a body, a token, a code or a
// secret: query parameters that can hold one are redacted, the caller is what the emulator itself
// established (the ARM pipeline's verified token, Entra's client_id), and only the error's code is
// read from an error response.
//
//   2026-01-02T03:04:05.678Z arm PUT /subscriptions/…/pricings/AI?api-version=2024-01-01 403 4ms
//     id=0b3c… caller=lynne@contoso.onmicrosoft.com tenant=8a3c… error=AuthorizationFailed
import { closeSync, mkdirSync, openSync, createWriteStream, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { MiddlewareHandler } from "hono";
import { controlPathPattern } from "./control/guard";
import { isDroppedResponse, serviceOf } from "./faults";
import type { RequestNote } from "./request-note";

export type RequestLogEntry = {
  /** When the request arrived (the emulator's clock, ms since the epoch). */
  time: number;
  /** Which part answered: ARM, Entra, the test-mode control API, or "-" (home page, unknown paths). */
  service: "arm" | "entra" | "control" | "-";
  method: string;
  /** Path and query as sent, with secret-bearing query parameters redacted (redactedPath). */
  path: string;
  /** "dropped" when an injected fault closed the connection without an answer. */
  status: number | "dropped";
  durationMs: number;
  /** ARM's x-ms-request-id, or Entra's trace id of an error. */
  requestId: string | undefined;
  caller: string | undefined;
  tenant: string | undefined;
  /** ARM's error.code, Entra's `error/AADSTSnnnn`, the control API's error. */
  error: string | undefined;
  /** The injected fault that answered, if one did. */
  fault: string | undefined;
};

/** A field as one space-free token: "-" when absent, quoted (JSON) when it holds spaces, quotes or control characters. */
function field(value: string | number | undefined): string {
  if (value === undefined || value === "") return "-";
  const text = String(value);
  return /[\s"\\\p{Cc}]/u.test(text) ? JSON.stringify(text) : text;
}

/** The one format of a log line: positional time, service, method, path, status, duration; then key=value fields. */
export function formatLogLine(entry: RequestLogEntry): string {
  const line = [
    new Date(entry.time).toISOString(),
    entry.service,
    field(entry.method),
    field(entry.path),
    String(entry.status),
    `${Math.round(entry.durationMs)}ms`,
    `id=${field(entry.requestId)}`,
    `caller=${field(entry.caller)}`,
    `tenant=${field(entry.tenant)}`,
    `error=${field(entry.error)}`,
  ];
  if (entry.fault !== undefined) line.push(`fault=${field(entry.fault)}`);
  return line.join(" ");
}

/** Query parameters that carry a credential, a code or a password. */
const secretNames = new Set([
  "code",
  "client_secret",
  "client_assertion",
  "assertion",
  "refresh_token",
  "access_token",
  "id_token",
  "password",
  "code_verifier",
  "sig",
]);
/** And any other parameter whose name says it is one. */
const secretNamePattern = /token|secret|password|assertion|verifier/i;

const decodeName = (raw: string) => {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
};

/** The path and query of `url` as sent, each secret-bearing parameter's value replaced by REDACTED. */
export function redactedPath(url: URL): string {
  const query = url.search.slice(1);
  if (query === "") return url.pathname;
  const parts = query.split("&").map((part) => {
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const name = decodeName(rawName).toLowerCase();
    return secretNames.has(name) || secretNamePattern.test(name) ? `${rawName}=REDACTED` : part;
  });
  return `${url.pathname}?${parts.join("&")}`;
}

function serviceOfPath(path: string): RequestLogEntry["service"] {
  if (controlPathPattern.test(path)) return "control";
  return serviceOf(path) ?? "-";
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Entra's `invalid_grant/AADSTS54005`, from the error and the AADSTS code. */
function entraError(error: string, aadsts: string | number | undefined): string {
  return aadsts === undefined ? error : `${error}/AADSTS${String(aadsts)}`;
}

type Outcome = { requestId: string | undefined; error: string | undefined };

/** An error body's code and trace id: ARM's `{ error: { code } }`, Entra's `{ error, error_codes, trace_id }`, the control API's `{ error }`. */
function outcomeOfJson(json: unknown): Outcome {
  const body = asRecord(json);
  const armError = asRecord(body?.["error"]);
  if (armError) return { requestId: undefined, error: asString(armError["code"]) };
  const error = asString(body?.["error"]);
  const codes = body?.["error_codes"];
  const first: unknown = Array.isArray(codes) ? codes[0] : undefined;
  return {
    requestId: asString(body?.["trace_id"]),
    error: error === undefined ? undefined : entraError(error, typeof first === "number" ? first : undefined),
  };
}

/** An Entra error sent back through the redirect URI (query or fragment); the code in the URL is never read. */
function outcomeOfRedirect(location: string): Outcome {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return { requestId: undefined, error: undefined };
  }
  const params = url.hash.length > 1 ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
  const error = params.get("error");
  if (error === null) return { requestId: undefined, error: undefined };
  const description = params.get("error_description") ?? "";
  return {
    requestId: /Trace ID: ([0-9a-f-]+)/i.exec(description)?.[1],
    error: entraError(error, /^AADSTS(\d+)/.exec(description)?.[1]),
  };
}

/** What the response says about the outcome: its request id, and the error code of a refusal. */
async function outcomeOf(response: Response): Promise<Outcome> {
  const armRequestId = response.headers.get("x-ms-request-id") ?? undefined;
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location !== null) {
    const redirect = outcomeOfRedirect(location);
    return { requestId: armRequestId ?? redirect.requestId, error: redirect.error };
  }
  if (response.status < 400 || response.body === null) return { requestId: armRequestId, error: undefined };
  const type = (response.headers.get("content-type") ?? "").toLowerCase();
  // A clone: the client still gets the whole body.
  const text = await response
    .clone()
    .text()
    .catch(() => "");
  if (type.includes("json")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { requestId: armRequestId, error: undefined };
    }
    const outcome = outcomeOfJson(json);
    return { requestId: armRequestId ?? outcome.requestId, error: outcome.error };
  }
  // Entra's HTML error page (an unknown client or redirect URI) names the AADSTS code.
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
  return { requestId: armRequestId, error: aadsts === undefined ? undefined : `AADSTS${aadsts}` };
}

export type RequestLogOptions = {
  /** Print each line to stdout (`--verbose`). */
  console?: boolean;
  /** Append each line to this file (`--log-file`); its folder is made if missing. */
  file?: string;
  /** Also hand each line to this function (tests, tools embedding the emulator). */
  sink?: (line: string, entry: RequestLogEntry) => void;
};

export type RequestLog = {
  write: (entry: RequestLogEntry) => void;
  /** Waits for the file's pending lines to be written, then closes it. */
  close: () => Promise<void>;
};

/** The log's outputs, or undefined when none is asked for (the default: nothing is measured or read). */
export function openRequestLog(options: RequestLogOptions | undefined): RequestLog | undefined {
  if (!options || (!options.console && options.file === undefined && !options.sink)) return undefined;
  let stream: WriteStream | undefined;
  if (options.file !== undefined) {
    mkdirSync(dirname(options.file), { recursive: true });
    // Opened now, so that a path that cannot be written stops the start with Node's reason.
    const fd = openSync(options.file, "a");
    try {
      stream = createWriteStream(options.file, { fd, flags: "a" });
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }
  return {
    write: (entry) => {
      const line = formatLogLine(entry);
      if (options.console) process.stdout.write(`${line}\n`);
      stream?.write(`${line}\n`);
      options.sink?.(line, entry);
    },
    close: () =>
      new Promise<void>((done) => {
        if (!stream || stream.closed) {
          done();
          return;
        }
        stream.end(() => done());
      }),
  };
}

/**
 * First of all middleware: gives the request its note (emulator/request-note.ts) and, when the log
 * is on, writes its line once the response is made (the body may still be streaming).
 */
export function requestLogMiddleware(log: RequestLog | undefined, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    const note: RequestNote = {};
    c.set("requestNote", note);
    if (!log) {
      await next();
      return;
    }
    const time = now();
    const started = performance.now();
    const url = new URL(c.req.url);
    await next();
    const durationMs = performance.now() - started;
    const response = c.res;
    const dropped = isDroppedResponse(response);
    const outcome = dropped ? { requestId: undefined, error: undefined } : await outcomeOf(response);
    log.write({
      time,
      service: serviceOfPath(url.pathname),
      method: c.req.method.toUpperCase(),
      path: redactedPath(url),
      status: dropped ? "dropped" : response.status,
      durationMs,
      requestId: outcome.requestId,
      caller: note.caller,
      tenant: note.tenant,
      error: outcome.error,
      fault: note.fault,
    });
  };
}
