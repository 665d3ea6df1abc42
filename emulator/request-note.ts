// What a handler tells the request log (emulator/request-log.ts) that the response alone does not
// say: who called, as the handler established it (the ARM pipeline's verified token, Entra's
// client_id), and which injected fault answered. Kept apart from the log itself so that the
// pipeline, the Entra handlers and the fault injector depend on this small module only.
import type { Context } from "hono";

export type RequestNote = {
  /** The caller: a user principal name, or `app:<application id>`; never a token. */
  caller?: string;
  /** The caller's tenant, where a verified token named it. */
  tenant?: string;
  /** The injected fault that answered (or delayed) the request: `<rule id>:<kind>` or `chaos:status`. */
  fault?: string;
};

declare module "hono" {
  interface ContextVariableMap {
    requestNote: RequestNote | undefined;
  }
}

/** The note of this request (set by the request-log middleware, which runs first). */
export function requestNote(c: Context): RequestNote | undefined {
  return c.get("requestNote");
}

/** Adds facts to this request's note; a no-op where no note was made (a bare Hono app in a test). */
export function noteRequest(c: Context, facts: RequestNote): void {
  const note = requestNote(c);
  if (note) Object.assign(note, facts);
}

/** Longer client ids are cut: the value is the caller's, unchecked, and a log line should stay a line. */
const maxClientIdLength = 64;

/** Entra's caller: the client_id the request names (`app:<client id>`), whether or not it is a registered one. */
export function noteClient(c: Context, clientId: string | undefined): void {
  if (clientId === undefined || clientId === "") return;
  const shown = clientId.length > maxClientIdLength ? `${clientId.slice(0, maxClientIdLength)}…` : clientId;
  noteRequest(c, { caller: `app:${shown}` });
}
