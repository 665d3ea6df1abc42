// The sign-in records the emulator keeps for Entra (authorization codes, sessions, refresh tokens):
// when each one expires, and dropping expired ones so that memory does not grow with every sign-in.
// Until a record is swept, its lookup still answers Entra's specific "expired" error.
import type { AuthorizationCode, EmulatorState, RefreshTokenRecord, Session } from "../store";

/** A sweep walks every record, so it runs at most once a minute, on the next insert. */
const sweepIntervalMs = 60_000;

export const isCodeExpired = (state: EmulatorState, code: AuthorizationCode, now: number): boolean =>
  now - code.issuedAt > state.settings.authorizationCodeLifetimeSeconds * 1000;

export const isSessionExpired = (state: EmulatorState, session: Session, now: number): boolean =>
  now - session.createdAt > state.settings.sessionLifetimeSeconds * 1000;

export const isRefreshTokenExpired = (record: RefreshTokenRecord, now: number): boolean => now >= record.expiresAt;

function sweepExpired(state: EmulatorState, now: number): void {
  if (now - state.signInsSweptAt < sweepIntervalMs) return;
  state.signInsSweptAt = now;
  for (const [key, code] of state.codes) if (isCodeExpired(state, code, now)) state.codes.delete(key);
  for (const [key, session] of state.sessions) if (isSessionExpired(state, session, now)) state.sessions.delete(key);
  for (const [key, record] of state.refreshTokens) if (isRefreshTokenExpired(record, now)) state.refreshTokens.delete(key);
}

export function rememberCode(state: EmulatorState, code: AuthorizationCode, now: number): void {
  sweepExpired(state, now);
  state.codes.set(code.code, code);
}

export function rememberSession(state: EmulatorState, session: Session, now: number): void {
  sweepExpired(state, now);
  state.sessions.set(session.id, session);
}

export function rememberRefreshToken(state: EmulatorState, record: RefreshTokenRecord, now: number): void {
  sweepExpired(state, now);
  state.refreshTokens.set(record.token, record);
}
