// What every handler gets: the seed, directory lookups, mutable state, signing key and clock.
import type { Seed } from "./fixtures/seed";
import type { SigningKey } from "./certificate";
import type { Directory } from "./directory";
import type { EmulatorState } from "./store";

export type EmulatorMode = "dev" | "test";

export type EmulatorContext = {
  seed: Seed;
  directory: Directory;
  /** Replaced as a whole by reset(); always read through the context. */
  state: EmulatorState;
  signingKey: SigningKey;
  /** Public origin of the emulator, e.g. https://localhost:8443: token issuers and metadata use it. */
  publicUrl: string;
  mode: EmulatorMode;
  now: () => number;
  /**
   * Tells persistence (--location, emulator/persistence.ts) that the state changed: a subscription's
   * (named: the ARM pipeline after each write to one, alerts when made), or another part on a read
   * (a code issued by a silent sign-in). Other requests than reads are saved without being told.
   */
  stateChanged: (subscriptionId?: string) => void;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function randomToken(bytes = 32): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}
