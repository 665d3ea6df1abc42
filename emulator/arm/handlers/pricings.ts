// Microsoft.Security/pricings at subscription scope: list, get, update (PUT), and the refused
// DELETE and PATCH.
import { sleep } from "../../context";
import { anyRoleAllows } from "../../directory";
import type { SeedPlan } from "../../fixtures/seed";
import { registrationState, type ExtensionState, type PricingState, type SubscriptionState, type TrueFalse } from "../../store";
import { armErrors } from "../errors";
import type { ArmRequest, ArmResult } from "../pipeline";
import { pricingView, type OperationStatus } from "../pricing-view";
import { noteGraphWrite } from "../../resource-graph/tables";

/** The route's subscription, once Microsoft.Security is registered on it (Defender for Cloud's own 404 otherwise). */
export function registeredSubscription(req: ArmRequest): SubscriptionState {
  const sub = req.subscription;
  if (!sub) throw new Error("route must be subscription-scoped");
  if (registrationState(sub, req.ctx.now()) !== "Registered") throw armErrors.subscriptionNotRegistered();
  return sub;
}

function planByName(req: ArmRequest, name: string): SeedPlan {
  const plan = req.ctx.directory.plan(name);
  if (!plan)
    throw armErrors.invalidPricingName(
      name,
      req.ctx.seed.plans.map((p) => p.name),
    );
  return plan;
}

function pricingOf(sub: SubscriptionState, plan: SeedPlan): PricingState {
  const pricing = sub.pricings.get(plan.name.toLowerCase());
  if (!pricing) throw new Error(`no state for plan ${plan.name}`);
  return pricing;
}

/** `$filter=name in (AI,CloudPosture)`: the only filter the service documents. */
function parseNameFilter(filter: string | null): Set<string> | undefined {
  if (filter === null) return undefined;
  const match = /^\s*name\s+in\s*\(([^)]*)\)\s*$/i.exec(filter);
  if (!match?.[1]) throw armErrors.invalidPricingRequest(`The $filter '${filter}' is not supported. Use $filter=name in (Name1,Name2).`);
  return new Set(
    match[1].split(",").map((n) =>
      n
        .trim()
        .replace(/^'(.*)'$/, "$1")
        .toLowerCase(),
    ),
  );
}

export function listPricings(req: ArmRequest): ArmResult {
  const sub = registeredSubscription(req);
  const names = parseNameFilter(req.url.searchParams.get("$filter"));
  const value = req.ctx.seed.plans
    .filter((plan) => names === undefined || names.has(plan.name.toLowerCase()))
    .map((plan) => pricingView(sub, plan, pricingOf(sub, plan), plan.name, req.apiVersion));
  return { status: 200, body: { value } };
}

export function getPricing(req: ArmRequest): ArmResult {
  const sub = registeredSubscription(req);
  const name = req.params[1] ?? "";
  const plan = planByName(req, name);
  return { status: 200, body: pricingView(sub, plan, pricingOf(sub, plan), name, req.apiVersion) };
}

export function deletePricing(): ArmResult {
  throw armErrors.deleteAtSubscriptionScope();
}

export function patchPricing(req: ArmRequest): ArmResult {
  throw armErrors.methodNotAllowed(req.method);
}

type ExtensionRequest = { name: string; isEnabled: TrueFalse; additionalExtensionProperties: Record<string, unknown> | undefined };
type PricingRequest = {
  pricingTier: "Free" | "Standard";
  subPlan: string | undefined;
  enforce: TrueFalse | undefined;
  extensions: ExtensionRequest[] | undefined;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function trueFalse(value: unknown, path: string): TrueFalse {
  // The API models these as the strings "True"/"False"; a JSON boolean is refused.
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true" ? "True" : "False";
  throw armErrors.invalidPricingInput(
    `The value of '${path}' is invalid: expected the string 'True' or 'False', got ${JSON.stringify(value)}.`,
  );
}

/** Validates the PUT body against the plan (names case-insensitive, returned canonical). */
function parsePricingRequest(body: unknown, plan: SeedPlan, apiVersion: string): PricingRequest {
  if (!isRecord(body) || !isRecord(body["properties"]))
    throw armErrors.invalidPricingInput("The request body must contain a 'properties' object with 'pricingTier'.");
  const props = body["properties"];
  const tier = props["pricingTier"];
  if (typeof tier !== "string" || !/^(free|standard)$/i.test(tier)) {
    throw armErrors.invalidPricingInput(
      `The value of 'properties.pricingTier' is invalid: expected 'Free' or 'Standard', got ${JSON.stringify(tier)}.`,
    );
  }
  const pricingTier = tier.toLowerCase() === "standard" ? "Standard" : "Free";

  const rawSubPlan = props["subPlan"];
  let subPlan: string | undefined;
  if (rawSubPlan !== undefined && rawSubPlan !== null) {
    const allowed = plan.subPlans ?? [];
    const found = typeof rawSubPlan === "string" ? allowed.find((s) => s.toLowerCase() === rawSubPlan.toLowerCase()) : undefined;
    if (found === undefined) {
      throw armErrors.invalidPricingRequest(
        allowed.length > 0
          ? `The sub plan ${JSON.stringify(rawSubPlan)} is not valid for pricing '${plan.name}'. Valid sub plans: ${allowed.join(", ")}.`
          : `The pricing '${plan.name}' has no sub plans.`,
      );
    }
    subPlan = found;
  }
  const enforce =
    props["enforce"] === undefined || props["enforce"] === null ? undefined : trueFalse(props["enforce"], "properties.enforce");

  // 2022-03-01 has no extensions: like the service, the property is ignored there.
  const rawExtensions = apiVersion >= "2023-01-01" ? props["extensions"] : undefined;
  let extensions: ExtensionRequest[] | undefined;
  if (rawExtensions !== undefined && rawExtensions !== null) {
    if (!Array.isArray(rawExtensions))
      throw armErrors.invalidPricingInput("The value of 'properties.extensions' is invalid: expected an array.");
    extensions = rawExtensions.map((raw: unknown, i): ExtensionRequest => {
      const path = `properties.extensions[${i}]`;
      if (!isRecord(raw) || typeof raw["name"] !== "string")
        throw armErrors.invalidPricingInput(`The value of '${path}.name' is required and must be a string.`);
      const rawName = raw["name"];
      const known = plan.extensions.find((e) => e.name.toLowerCase() === rawName.toLowerCase());
      if (!known) {
        throw armErrors.invalidPricingRequest(
          `The extension '${rawName}' is not supported by the pricing '${plan.name}'.${plan.extensions.length > 0 ? ` Supported extensions: ${plan.extensions.map((e) => e.name).join(", ")}.` : ""}`,
        );
      }
      const isEnabled = trueFalse(raw["isEnabled"], `${path}.isEnabled`);
      const additional = raw["additionalExtensionProperties"];
      if (additional !== undefined && additional !== null && !isRecord(additional)) {
        throw armErrors.invalidPricingInput(`The value of '${path}.additionalExtensionProperties' is invalid: expected an object.`);
      }
      const additionalExtensionProperties = additional === null ? undefined : additional;
      if (additionalExtensionProperties !== undefined && isEnabled === "False")
        throw armErrors.additionalPropertiesOfDisabledExtension(known.name);
      return { name: known.name, isEnabled, additionalExtensionProperties };
    });
  }
  return { pricingTier, subPlan, enforce, extensions };
}

const enabledStatus: OperationStatus = { code: "Succeeded", message: "Successfully enabled extension" };
const disabledStatus: OperationStatus = { code: "Succeeded", message: "Successfully disabled extension" };

/**
 * Applies a validated PUT to the plan's state and returns the operationStatus of each extension
 * the PUT switched or listed.
 * - Free → Standard: the plan's default extensions switch on and an extension list in the same
 *   body is ignored (the service behaves so; the reason clients write the tier first, then the
 *   extensions).
 * - Standard → Standard: listed extensions take the given state; omitted ones keep theirs.
 * - → Free: every extension reports "False".
 * Enabling an extension that makes the service assign roles needs
 * Microsoft.Authorization/roleAssignments/write (Owner, User Access Administrator): otherwise the
 * extension fails with HTTP still 200 and stays "False", so a read-back shows the truth.
 */
function applyPricing(
  req: ArmRequest,
  sub: SubscriptionState,
  plan: SeedPlan,
  pricing: PricingState,
  request: PricingRequest,
): Map<string, OperationStatus> {
  const statuses = new Map<string, OperationStatus>();
  const roles = req.ctx.directory.rolesAt(req.principal.objectId, `/subscriptions/${sub.seed.subscriptionId}`);
  const canAssignRoles = anyRoleAllows(roles, "Microsoft.Authorization/roleAssignments/write");
  const catalogue = new Map(plan.extensions.map((e) => [e.name, e]));

  const enable = (ext: ExtensionState, additional: Record<string, unknown> | undefined) => {
    const assigns = catalogue.get(ext.name)?.assignsRoles ?? [];
    if (assigns.length > 0 && !canAssignRoles) {
      statuses.set(ext.name, { code: "Failed", message: `Failed assigning roles {${assigns.join(",")}} to {identityName} for plan` });
      return;
    }
    ext.isEnabled = "True";
    const props = additional ?? ext.additionalExtensionProperties ?? catalogue.get(ext.name)?.defaultAdditionalExtensionProperties;
    if (props !== undefined) ext.additionalExtensionProperties = props;
    statuses.set(ext.name, enabledStatus);
  };
  const disable = (ext: ExtensionState) => {
    ext.isEnabled = "False";
    statuses.set(ext.name, disabledStatus);
  };

  if (request.enforce !== undefined) pricing.enforce = request.enforce;

  if (request.pricingTier === "Free") {
    for (const ext of pricing.extensions) if (ext.isEnabled === "True") disable(ext);
    pricing.pricingTier = "Free";
    delete pricing.subPlan;
    delete pricing.enablementTime;
    pricing.resourcesCoverageStatus = "NotCovered";
    return statuses;
  }

  if (pricing.pricingTier === "Free") {
    pricing.pricingTier = "Standard";
    const subPlan = request.subPlan ?? plan.defaultSubPlan;
    if (subPlan !== undefined) pricing.subPlan = subPlan;
    pricing.enablementTime = new Date(req.ctx.now()).toISOString();
    pricing.resourcesCoverageStatus = "FullyCovered";
    for (const ext of pricing.extensions) if (catalogue.get(ext.name)?.enabledByDefault === true) enable(ext, undefined);
    return statuses;
  }

  if (request.subPlan !== undefined) pricing.subPlan = request.subPlan;
  for (const wanted of request.extensions ?? []) {
    const ext = pricing.extensions.find((e) => e.name === wanted.name);
    if (!ext) continue;
    if (wanted.isEnabled === "False") disable(ext);
    else if (ext.isEnabled === "True") {
      if (wanted.additionalExtensionProperties !== undefined) ext.additionalExtensionProperties = wanted.additionalExtensionProperties;
      statuses.set(ext.name, enabledStatus);
    } else enable(ext, wanted.additionalExtensionProperties);
  }
  return statuses;
}

export async function putPricing(req: ArmRequest): Promise<ArmResult> {
  const sub = registeredSubscription(req);
  const name = req.params[1] ?? "";
  const plan = planByName(req, name);
  const request = parsePricingRequest(req.readJson(), plan, req.apiVersion);
  if (plan.deprecated === true && request.pricingTier === "Standard") {
    // Wording unverified: the service refuses to enable retired plans.
    throw armErrors.invalidPricingRequest(
      `The pricing '${plan.name}' is deprecated and can no longer be enabled. Use ${(plan.replacedBy ?? []).join(", ")} instead.`,
    );
  }

  // One pricing write per subscription at a time; the lock is held for the configured duration.
  const locks = req.ctx.state.writeLocks;
  const subscriptionId = sub.seed.subscriptionId;
  if (locks.has(subscriptionId)) throw armErrors.concurrentUpdate();
  const lock = Symbol(subscriptionId);
  locks.set(subscriptionId, lock);
  const stateAtStart = req.ctx.state;
  try {
    await sleep(req.ctx.state.settings.putDurationMs);
    // After a reset() during the wait, write into the fresh state (the old one is gone).
    const current = req.ctx.state === stateAtStart ? sub : (req.ctx.state.subscriptions.get(subscriptionId) ?? sub);
    const pricing = pricingOf(current, plan);
    noteGraphWrite(req.ctx.state, current.seed.subscriptionId, pricing, req.ctx.now());
    const statuses = applyPricing(req, current, plan, pricing, request);
    return { status: 200, body: pricingView(current, plan, pricing, name, req.apiVersion, statuses) };
  } finally {
    if (stateAtStart.writeLocks.get(subscriptionId) === lock) stateAtStart.writeLocks.delete(subscriptionId);
  }
}
