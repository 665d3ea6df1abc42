import type { Extension, Pricing } from "../../lib/arm/schemas";
import type { PricingUpdate } from "../../lib/arm/pricings";
import { isDefaultExtension } from "../../lib/plans/catalogue";

/**
 * What the user asked for on one plan, staged until Save. Only what they touched is recorded, so a
 * write never carries a wish the user did not express.
 */
export type PlanChange = {
  pricingTier?: "Free" | "Standard";
  /** Extension name → wanted on/off. */
  extensions?: Record<string, boolean>;
};

/** Staged changes of one subscription, keyed by plan name as the API spells it. */
export type StagedChanges = Record<string, PlanChange>;

export const isStandard = (pricing: Pricing) => pricing.properties.pricingTier.toLowerCase() === "standard";

/** "True"/"False" → boolean; anything else is a value we do not understand. */
export function extensionState(extension: Extension): boolean | undefined {
  const value = extension.isEnabled.toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

export class UnwritableExtensionError extends Error {
  constructor(
    readonly planName: string,
    readonly extensionName: string,
    readonly reported: string,
  ) {
    super(
      `The ${planName} component "${extensionName}" reports the state "${reported}", which this app does not understand, so it cannot write the plan without risking a change you did not ask for. Nothing was changed.`,
    );
    this.name = "UnwritableExtensionError";
  }
}

const lower = (name: string) => name.toLowerCase();

/** The state the user asked for one extension (names match case-insensitively), if they asked. */
export function wantedFor(change: PlanChange, name: string): boolean | undefined {
  for (const [key, wanted] of Object.entries(change.extensions ?? {})) {
    if (lower(key) === lower(name)) return wanted;
  }
  return undefined;
}

/**
 * Step 1 of a plan write: the tier. Returned only when the tier must change. A Free → Standard write
 * carries no extensions: the service switches the plan's default extensions on and ignores a list sent
 * in that same write, so extensions are written afterwards, against what the service then reports.
 */
export function tierWrite(current: Pricing, change: PlanChange): PricingUpdate | null {
  const wanted = change.pricingTier;
  if (!wanted || lower(wanted) === lower(current.properties.pricingTier)) return null;
  const { subPlan } = current.properties;
  return {
    properties: {
      pricingTier: wanted,
      ...(wanted === "Standard" && subPlan ? { subPlan } : {}),
    },
  };
}

/**
 * Step 2 of a plan write: the extensions, merged into the full current list with explicit
 * "True"/"False" for every one, so that no extension the user did not touch is dropped or flipped
 * (what the service does with omitted extensions is undocumented). Returned only when something differs.
 */
export function extensionsWrite(current: Pricing, change: PlanChange): PricingUpdate | null {
  if (!isStandard(current) || !change.extensions) return null;
  const currentList = current.properties.extensions ?? [];
  let differs = false;
  const merged = currentList.map((extension) => {
    const state = extensionState(extension);
    const wanted = wantedFor(change, extension.name);
    if (state === undefined && wanted === undefined) {
      throw new UnwritableExtensionError(current.name, extension.name, extension.isEnabled);
    }
    const enabled = wanted ?? state;
    if (enabled !== state) differs = true;
    const { additionalExtensionProperties } = extension;
    return {
      name: extension.name,
      isEnabled: enabled ? ("True" as const) : ("False" as const),
      // The service refuses additional properties on a disabled extension (HTTP 500), and they are
      // only meaningful while it is on: keep them exactly as read when enabled, drop them otherwise.
      ...(enabled && additionalExtensionProperties ? { additionalExtensionProperties } : {}),
    };
  });
  for (const [name, wanted] of Object.entries(change.extensions)) {
    if (!currentList.some((extension) => lower(extension.name) === lower(name))) {
      differs = true;
      merged.push({ name, isEnabled: wanted ? "True" : "False" });
    }
  }
  if (!differs) return null;
  const { subPlan } = current.properties;
  return { properties: { pricingTier: "Standard", ...(subPlan ? { subPlan } : {}), extensions: merged } };
}

/**
 * The plan as it will be after Save: the server's state with the staged change on top. A plan being
 * switched on gets the components the service switches on with it (`byDefault`), unless the user
 * chose otherwise: a Free plan reports every component "False", which is not what Save leads to.
 */
export function effectivePlan(pricing: Pricing, change: PlanChange | undefined) {
  const on = change?.pricingTier ? change.pricingTier === "Standard" : isStandard(pricing);
  const switchingOn = on && !isStandard(pricing);
  const extensions = (pricing.properties.extensions ?? []).map((extension) => {
    const wanted = change ? wantedFor(change, extension.name) : undefined;
    const byDefault = switchingOn && wanted === undefined && isDefaultExtension(pricing.name, extension.name);
    return {
      extension,
      saved: extensionState(extension),
      enabled: wanted ?? (byDefault || (extensionState(extension) ?? false)),
      staged: wanted !== undefined,
      byDefault,
    };
  });
  return { on, staged: change?.pricingTier !== undefined, extensions };
}

/**
 * Records a wish against the saved state: a wish equal to what is saved is no change at all, so
 * toggling back and forth leaves nothing staged (and Save disabled).
 */
export function stageChange(
  staged: PlanChange | undefined,
  saved: Pricing,
  wish: { pricingTier?: "Free" | "Standard"; extensions?: Record<string, boolean> },
): PlanChange | undefined {
  const next: PlanChange = { ...staged };
  if (wish.pricingTier) {
    if (lower(wish.pricingTier) === lower(saved.properties.pricingTier)) delete next.pricingTier;
    else next.pricingTier = wish.pricingTier;
    // Components can only be chosen on a plan that is on; switching it off drops those wishes.
    if (wish.pricingTier === "Free") delete next.extensions;
  }
  if (wish.extensions) {
    let extensions = { ...next.extensions };
    for (const [name, wanted] of Object.entries(wish.extensions)) {
      const savedExtension = saved.properties.extensions?.find((extension) => lower(extension.name) === lower(name));
      const savedState = savedExtension ? extensionState(savedExtension) : undefined;
      // On a Free plan every extension reads "False"; once the plan goes Standard the service's defaults
      // apply, so a wish on a plan being switched on is always kept explicit.
      if (savedState === wanted && isStandard(saved)) extensions = without(extensions, name);
      else extensions[name] = wanted;
    }
    if (Object.keys(extensions).length > 0) next.extensions = extensions;
    else delete next.extensions;
  }
  return next.pricingTier === undefined && next.extensions === undefined ? undefined : next;
}

export function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}
