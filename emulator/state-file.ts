// The saved state's file format (`--location`, emulator/persistence.ts): what of EmulatorState a
// restart keeps, written as versioned JSON with Maps converted to entry lists, and read back only
// whole: a file of another seed, another version or any unexpected shape is refused with a
// StateFileError naming the file and the fix, never loaded in part.
//
// Kept: what Azure itself keeps across a service restart, the resources and their history:
// pricings, Microsoft.Security registration, alerts and their statuses (of the subscriptions that
// differ from the seed, and of those only the plans that differ); and Entra's sign-in records
// (sessions, authorization codes, refresh tokens), so that a restart does not sign the app out:
// the access tokens the app holds still verify (the signing key is kept in .emulator/), and Entra's
// own restarts are invisible to clients. Not kept: settings (they come from the seed and flags on
// each start; the control API's changes are a test's), faults and chaos, write locks, rate-limit
// buckets, Resource Graph's pending lag, quotas and cached pages (seconds-long, rebuilt at once).
// Role assignments, management groups and subscriptions' own states come from the seed and never
// change while the emulator runs, so the seed digest covers them.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Seed, SeedPlan, Settings } from "./fixtures/seed";
import { createState, initialPricing, type EmulatorState, type PricingState, type SubscriptionState } from "./store";

export const stateFileVersion = 1;

/** A failure to load the saved state: the message names the file and what to do. */
export class StateFileError extends Error {
  override name = "StateFileError";
}

const digests = new WeakMap<Seed, string>();

/** Which seed a file was saved for: the fixture (or generated population) as loaded. Worked out once per seed (0.5 s at 10,000 subscriptions). */
export function seedDigest(seed: Seed): string {
  let digest = digests.get(seed);
  if (digest === undefined) {
    digest = `sha256:${createHash("sha256").update(JSON.stringify(seed)).digest("hex")}`;
    digests.set(seed, digest);
  }
  return digest;
}

const trueFalse = z.enum(["True", "False"]);

const pricingSchema = z.strictObject({
  name: z.string(),
  pricingTier: z.enum(["Free", "Standard"]),
  subPlan: z.string().optional(),
  freeTrialRemainingTime: z.string(),
  enablementTime: z.string().optional(),
  enforce: trueFalse,
  resourcesCoverageStatus: z.enum(["FullyCovered", "PartiallyCovered", "NotCovered"]),
  extensions: z.array(
    z.strictObject({
      name: z.string(),
      isEnabled: trueFalse,
      additionalExtensionProperties: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

const alertSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  type: z.literal("Microsoft.Security/Locations/alerts"),
  // The rest of an alert's properties are the service's shape, written by arm/ai-alerts.ts.
  properties: z.looseObject({ status: z.enum(["Active", "InProgress", "Resolved", "Dismissed"]), alertType: z.string() }),
});

const subscriptionSchema = z.strictObject({
  subscriptionId: z.string(),
  registration: z.strictObject({
    state: z.enum(["NotRegistered", "Registering", "Registered"]),
    completesAt: z.number().optional(),
  }),
  /** The pricings Map's entries: [lower-case plan name, pricing]. */
  pricings: z.array(z.tuple([z.string(), pricingSchema])),
  /** Absent until the alerts were first read or raised (they are made then, with that time). */
  alerts: z.array(alertSchema).optional(),
});

const sessionSchema = z.strictObject({ id: z.string(), homeObjectId: z.string(), sessionState: z.string(), createdAt: z.number() });
const codeSchema = z.strictObject({
  code: z.string(),
  clientId: z.string(),
  redirectUri: z.string(),
  codeChallenge: z.string(),
  nonce: z.string().optional(),
  homeObjectId: z.string(),
  tenantId: z.string(),
  issuedAt: z.number(),
  redeemed: z.boolean(),
});
const refreshTokenSchema = z.strictObject({
  token: z.string(),
  clientId: z.string(),
  homeObjectId: z.string(),
  tenantId: z.string(),
  expiresAt: z.number(),
  issuedAt: z.number(),
});

const savedStateSchema = z.strictObject({
  /** Only the subscriptions changed since the seed, each with only its plans that differ from the seed's. */
  subscriptions: z.array(subscriptionSchema),
  // Each Map is keyed by a field of its records (id, code, token): saved as the records alone.
  sessions: z.array(sessionSchema),
  codes: z.array(codeSchema),
  refreshTokens: z.array(refreshTokenSchema),
});
type SavedSubscription = z.infer<typeof subscriptionSchema>;

/** The envelope, checked before the state so that another version or seed gets its own message. */
const envelopeSchema = z.object({ version: z.number(), seedDigest: z.string(), savedAt: z.string(), state: z.unknown() });

/**
 * A subscription as saved (JSON): its registration, the plans that differ from the seed's (at
 * 10,000 subscriptions all plans of all subscriptions would be 40 MB) and its alerts once made.
 * Undefined when nothing differs from the seed.
 */
export function subscriptionEntry(sub: SubscriptionState, plans: readonly SeedPlan[]): string | undefined {
  const changed = plans.flatMap((plan): Array<[string, PricingState]> => {
    const key = plan.name.toLowerCase();
    const pricing = sub.pricings.get(key);
    if (!pricing) return [];
    // Compared as JSON: a pricing written again with its seeded values is still saved, which is harmless.
    return JSON.stringify(pricing) === JSON.stringify(initialPricing(plan, sub.seed.pricings[plan.name])) ? [] : [[key, pricing]];
  });
  const registered = sub.registration.state === sub.seed.securityProvider && sub.registration.completesAt === undefined;
  if (changed.length === 0 && registered && sub.alerts === undefined) return undefined;
  const entry: SavedSubscription = {
    subscriptionId: sub.seed.subscriptionId,
    registration: sub.registration,
    pricings: changed,
    ...(sub.alerts && { alerts: sub.alerts }),
  };
  return JSON.stringify(entry);
}

/** The saved state (JSON): the subscriptions' entries (subscriptionEntry) and every sign-in record. */
export function savedStateJson(subscriptionEntries: Iterable<string>, state: EmulatorState): string {
  return `{"subscriptions":[${[...subscriptionEntries].join(",")}],"sessions":${JSON.stringify([...state.sessions.values()])},"codes":${JSON.stringify([...state.codes.values()])},"refreshTokens":${JSON.stringify([...state.refreshTokens.values()])}}`;
}

/** The whole file: `{ version, seedDigest, savedAt, state }` around savedStateJson's text. */
export function stateFileText(stateJson: string, digest: string, savedAt: Date): string {
  const envelope = JSON.stringify({ version: stateFileVersion, seedDigest: digest, savedAt: savedAt.toISOString() });
  return `${envelope.slice(0, -1)},"state":${stateJson}}\n`;
}

const deleteHint = (file: string) =>
  `Delete ${file} to start again from the seed (the changes saved in it are lost), or start without --location.`;

/**
 * The state a file holds, built on a fresh state of `seed` and `settings`, and the ids of the
 * subscriptions it changed: the file's subscriptions and plans must all be the seed's. Throws
 * StateFileError; nothing is used unless all of it loads.
 */
export function parseStateFile(
  text: string,
  file: string,
  seed: Seed,
  settings: Settings,
): { state: EmulatorState; changedSubscriptions: string[] } {
  const unreadable = (detail: string) =>
    new StateFileError(`emulator: cannot load the saved state ${file}: ${detail}. ${deleteHint(file)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw unreadable(`it is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw unreadable("it is not an emulator state file (no version, seedDigest, savedAt and state)");
  const { version, seedDigest: digest, savedAt } = envelope.data;
  if (version !== stateFileVersion) throw unreadable(`it has version ${version}; this emulator reads version ${stateFileVersion}`);
  if (digest !== seedDigest(seed)) {
    throw new StateFileError(
      `emulator: the saved state ${file} (saved ${savedAt}) belongs to another seed: the fixture changed, or --subscriptions / --seed-number differ. ${deleteHint(file)}`,
    );
  }
  const parsed = savedStateSchema.safeParse(envelope.data.state);
  if (!parsed.success) throw unreadable(`its state is malformed: ${z.prettifyError(parsed.error)}`);
  const saved = parsed.data;

  const state = createState(seed, settings);
  for (const entry of saved.subscriptions) {
    const sub = state.subscriptions.get(entry.subscriptionId);
    if (!sub) throw unreadable(`it names subscription ${entry.subscriptionId}, which the seed does not have`);
    sub.registration =
      entry.registration.completesAt === undefined
        ? { state: entry.registration.state }
        : { state: entry.registration.state, completesAt: entry.registration.completesAt };
    for (const [key, pricing] of entry.pricings) {
      if (!sub.pricings.has(key)) throw unreadable(`it names plan ${key} of ${entry.subscriptionId}, which the seed does not have`);
      sub.pricings.set(key, {
        name: pricing.name,
        pricingTier: pricing.pricingTier,
        freeTrialRemainingTime: pricing.freeTrialRemainingTime,
        enforce: pricing.enforce,
        resourcesCoverageStatus: pricing.resourcesCoverageStatus,
        extensions: pricing.extensions.map(({ additionalExtensionProperties, ...extension }) =>
          additionalExtensionProperties === undefined ? extension : { ...extension, additionalExtensionProperties },
        ),
        ...(pricing.subPlan !== undefined && { subPlan: pricing.subPlan }),
        ...(pricing.enablementTime !== undefined && { enablementTime: pricing.enablementTime }),
      });
    }
    if (entry.alerts) sub.alerts = entry.alerts;
  }
  for (const session of saved.sessions) state.sessions.set(session.id, session);
  for (const { nonce, ...code } of saved.codes) state.codes.set(code.code, { ...code, nonce });
  for (const record of saved.refreshTokens) state.refreshTokens.set(record.token, record);
  return { state, changedSubscriptions: saved.subscriptions.map((entry) => entry.subscriptionId) };
}
