// Mutable emulator state, built from the seed fixture and rebuilt by reset(): pricings and
// provider registration per subscription, Entra sessions, authorization codes, refresh tokens,
// write locks and rate-limit buckets.
import type { Seed, SeedPlan, SeedSubscription, Settings } from "./fixtures/seed";
import type { Alert } from "./arm/ai-alerts";
import type { Row } from "./resource-graph/kql";

export type TrueFalse = "True" | "False";
export type CoverageStatus = "FullyCovered" | "PartiallyCovered" | "NotCovered";

export type ExtensionState = {
  name: string;
  isEnabled: TrueFalse;
  additionalExtensionProperties?: Record<string, unknown>;
  /** The Security Operator the extension runs as (api-version 2026-07-01 and later). */
  securityOperatorResourceId?: string;
};

export type PricingState = {
  /** Canonical plan name from the catalogue. */
  name: string;
  pricingTier: "Free" | "Standard";
  subPlan?: string;
  freeTrialRemainingTime: string;
  enablementTime?: string;
  enforce: TrueFalse;
  resourcesCoverageStatus: CoverageStatus;
  /** In catalogue order; empty for plans without extensions. */
  extensions: ExtensionState[];
  /** The Security Operator that operates the plan (api-version 2026-07-01 and later). */
  securityOperatorResourceId?: string;
  /**
   * Read-only, from the seed: the management system outside ARM that controls the plan (e.g. "M365
   * security rule: /management/rules/{id}") and where its last change came from ("M365"). Shown from
   * api-version 2026-07-01; a plan with `managedBy` refuses writes through ARM (arm/handlers/pricings.ts).
   */
  managedBy?: string;
  originatedFrom?: string;
};

export type RegistrationState = "NotRegistered" | "Registering" | "Registered";

export type SubscriptionState = {
  seed: SeedSubscription;
  registration: { state: RegistrationState; completesAt?: number };
  /** Keyed by lower-case plan name. */
  pricings: Map<string, PricingState>;
  /** Its security alerts, newest first; made on first read (arm/handlers/alerts.ts). */
  alerts?: Alert[];
};

export type Session = { id: string; homeObjectId: string; sessionState: string; createdAt: number };

export type AuthorizationCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  homeObjectId: string;
  /** Tenant the tokens are issued for (the authority's tenant, or the home tenant for organizations/common). */
  tenantId: string;
  issuedAt: number;
  redeemed: boolean;
};

export type RefreshTokenRecord = {
  token: string;
  clientId: string;
  homeObjectId: string;
  tenantId: string;
  /** SPA refresh tokens keep the expiry of the first one of the sign-in (no sliding window). */
  expiresAt: number;
  issuedAt: number;
};

export type Bucket = { tokens: number; updatedAt: number };

/** What Resource Graph still shows of a pricing written moments ago, until `visibleAt`. */
export type GraphLag = { before: PricingState; visibleAt: number };

/** One user's Resource Graph quota window. */
export type GraphQuota = { windowStart: number; used: number };

export type EmulatorState = {
  settings: Settings;
  subscriptions: Map<string, SubscriptionState>;
  sessions: Map<string, Session>;
  codes: Map<string, AuthorizationCode>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  /** Subscriptions whose pricing write lock is held, with a token so a stale holder cannot release a new lock. */
  writeLocks: Map<string, symbol>;
  buckets: Map<string, Bucket>;
  /** By "{subscriptionId}|{plan}" (lower case). */
  graphLag: Map<string, GraphLag>;
  /** By principal object id. */
  graphQuotas: Map<string, GraphQuota>;
  /**
   * A paged Resource Graph answer's rows, by the id its $skipToken carries: the next pages are cut from
   * the same result (the query is not run again, and rows do not shift between pages). A few, briefly.
   */
  graphResults: Map<string, { rows: Row[]; principal: string; limitHit: boolean; expires: number }>;
  /**
   * Each subscription's securityresources rows by subscription id, as the real graph keeps an index
   * rather than building rows per query: made on first read, dropped when one of its pricings is
   * written (resource-graph/tables.ts).
   */
  graphRows: Map<string, Row[]>;
  /**
   * GET /subscriptions: the subscriptions a caller has a role on, by "{tenantId} {objectId}" of the
   * token. Role assignments only change with the seed, so each caller's list is worked out once.
   */
  visibleSubscriptions: Map<string, SeedSubscription[]>;
  /** When expired codes, sessions and refresh tokens were last dropped (emulator/entra/sign-in-records.ts). */
  signInsSweptAt: number;
};

export function initialPricing(plan: SeedPlan, seeded: Seed["subscriptions"][number]["pricings"][string] | undefined): PricingState {
  const tier = seeded?.pricingTier ?? "Free";
  const pricing: PricingState = {
    name: plan.name,
    pricingTier: tier,
    freeTrialRemainingTime: seeded?.freeTrialRemainingTime ?? "P30D",
    enforce: "False",
    resourcesCoverageStatus: seeded?.resourcesCoverageStatus ?? (tier === "Standard" ? "FullyCovered" : "NotCovered"),
    extensions: plan.extensions.map((ext) => {
      const s = seeded?.extensions?.[ext.name];
      // Free plans report every extension as "False".
      const isEnabled: TrueFalse = tier === "Standard" ? (s?.isEnabled ?? (ext.enabledByDefault ? "True" : "False")) : "False";
      const props = s?.additionalExtensionProperties ?? ext.defaultAdditionalExtensionProperties;
      const state: ExtensionState = props
        ? { name: ext.name, isEnabled, additionalExtensionProperties: props }
        : { name: ext.name, isEnabled };
      if (s?.securityOperatorResourceId !== undefined) state.securityOperatorResourceId = s.securityOperatorResourceId;
      return state;
    }),
  };
  const subPlan = seeded?.subPlan ?? (tier === "Standard" ? plan.defaultSubPlan : undefined);
  if (subPlan !== undefined) pricing.subPlan = subPlan;
  if (seeded?.enablementTime !== undefined) pricing.enablementTime = seeded.enablementTime;
  if (seeded?.securityOperatorResourceId !== undefined) pricing.securityOperatorResourceId = seeded.securityOperatorResourceId;
  if (seeded?.managedBy !== undefined) pricing.managedBy = seeded.managedBy;
  if (seeded?.originatedFrom !== undefined) pricing.originatedFrom = seeded.originatedFrom;
  return pricing;
}

export function createState(seed: Seed, settings: Settings): EmulatorState {
  const subscriptions = new Map<string, SubscriptionState>();
  for (const sub of seed.subscriptions) {
    const pricings = new Map<string, PricingState>();
    for (const plan of seed.plans) pricings.set(plan.name.toLowerCase(), initialPricing(plan, sub.pricings[plan.name]));
    subscriptions.set(sub.subscriptionId, { seed: sub, registration: { state: sub.securityProvider }, pricings });
  }
  return {
    // A deep copy: settings hold nested objects (rateLimits) that must not leak between resets.
    settings: structuredClone(settings),
    subscriptions,
    sessions: new Map(),
    codes: new Map(),
    refreshTokens: new Map(),
    writeLocks: new Map(),
    buckets: new Map(),
    graphLag: new Map(),
    graphQuotas: new Map(),
    graphResults: new Map(),
    graphRows: new Map(),
    visibleSubscriptions: new Map(),
    signInsSweptAt: Number.NEGATIVE_INFINITY,
  };
}

/** Registration completes lazily when read after the register delay: no timers to clean up. */
export function registrationState(sub: SubscriptionState, now: number): RegistrationState {
  const r = sub.registration;
  if (r.state === "Registering" && r.completesAt !== undefined && now >= r.completesAt) {
    sub.registration = { state: "Registered" };
  }
  return sub.registration.state;
}
