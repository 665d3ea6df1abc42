// Microsoft.Security/pricings at subscription scope: list, get, update (PUT), the global update of
// many plans at once (PUT .../pricings/global, api-version 2026-07-01), and the refused DELETE and PATCH.
import { sleep } from "../../context";
import { anyRoleAllows } from "../../directory";
import type { SeedPlan } from "../../fixtures/seed";
import { registrationState, type ExtensionState, type PricingState, type SubscriptionState, type TrueFalse } from "../../store";
import { ArmError, armErrors } from "../errors";
import type { ArmRequest, ArmResult } from "../pipeline";
import { pricings2026, pricingView, type OperationStatus, type PricingView } from "../pricing-view";
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

type ExtensionRequest = {
  name: string;
  isEnabled: TrueFalse;
  additionalExtensionProperties: Record<string, unknown> | undefined;
  securityOperatorResourceId: string | undefined;
};
type PricingRequest = {
  pricingTier: "Free" | "Standard";
  subPlan: string | undefined;
  enforce: TrueFalse | undefined;
  extensions: ExtensionRequest[] | undefined;
  /** 2026-07-01 and later; undefined keeps the current one. */
  securityOperatorResourceId: string | undefined;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function trueFalse(value: unknown, path: string): TrueFalse {
  // The API models these as the strings "True"/"False"; a JSON boolean is refused.
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true" ? "True" : "False";
  throw armErrors.invalidPricingInput(
    `The value of '${path}' is invalid: expected the string 'True' or 'False', got ${JSON.stringify(value)}.`,
  );
}

/**
 * A Security Operator's resource id, at subscription or management-group scope, as the 2026-07-01 spec
 * describes it. Only its form is checked: the emulator has no Security Operators (whether the service
 * checks that one exists is unverified).
 */
const securityOperatorId =
  /^\/(subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|providers\/Microsoft\.Management\/managementGroups\/[\w.()-]{1,90})\/providers\/Microsoft\.Security\/securityOperators\/[^/\s]+$/i;

/** 2026-07-01's `securityOperatorResourceId` (ignored at older api-versions, whose schemas lack it). */
function securityOperator(value: unknown, path: string, apiVersion: string): string | undefined {
  if (apiVersion < pricings2026 || value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !securityOperatorId.test(value)) {
    throw armErrors.invalidPricingRequest(
      `The value of '${path}' is invalid: expected '/subscriptions/{subscriptionId}/providers/Microsoft.Security/securityOperators/{name}' or '/providers/Microsoft.Management/managementGroups/{groupId}/providers/Microsoft.Security/securityOperators/{name}', got ${JSON.stringify(value)}.`,
    );
  }
  return value;
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
      const securityOperatorResourceId = securityOperator(
        raw["securityOperatorResourceId"],
        `${path}.securityOperatorResourceId`,
        apiVersion,
      );
      return { name: known.name, isEnabled, additionalExtensionProperties, securityOperatorResourceId };
    });
  }
  const securityOperatorResourceId = securityOperator(
    props["securityOperatorResourceId"],
    "properties.securityOperatorResourceId",
    apiVersion,
  );
  return { pricingTier, subPlan, enforce, extensions, securityOperatorResourceId };
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
  // Kept when left out, like enforce (unverified).
  if (request.securityOperatorResourceId !== undefined) pricing.securityOperatorResourceId = request.securityOperatorResourceId;

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
    if (wanted.securityOperatorResourceId !== undefined) ext.securityOperatorResourceId = wanted.securityOperatorResourceId;
    if (wanted.isEnabled === "False") disable(ext);
    else if (ext.isEnabled === "True") {
      if (wanted.additionalExtensionProperties !== undefined) ext.additionalExtensionProperties = wanted.additionalExtensionProperties;
      statuses.set(ext.name, enabledStatus);
    } else enable(ext, wanted.additionalExtensionProperties);
  }
  return statuses;
}

/** A plan's write, validated and ready to apply: what a single PUT and each plan of a global update share. */
type PlanWrite = { plan: SeedPlan; request: PricingRequest };

/**
 * Everything a PUT of one plan checks before it writes: the body against the plan, a retired plan,
 * and a plan managed outside ARM. Throws the ArmError a single PUT answers with.
 */
function checkPlanWrite(sub: SubscriptionState, plan: SeedPlan, body: unknown, apiVersion: string): PlanWrite {
  const request = parsePricingRequest(body, plan, apiVersion);
  if (plan.deprecated === true && request.pricingTier === "Standard") {
    // Wording unverified: the service refuses to enable retired plans.
    throw armErrors.invalidPricingRequest(
      `The pricing '${plan.name}' is deprecated and can no longer be enabled. Use ${(plan.replacedBy ?? []).join(", ")} instead.`,
    );
  }
  // What the service does with an ARM write to a plan a Microsoft 365 security rule manages is
  // undocumented: refused here, at every api-version (unverified; README "Differences from real Azure").
  const { managedBy, originatedFrom } = pricingOf(sub, plan);
  if (managedBy !== undefined) throw armErrors.pricingManagedExternally(plan.name, managedBy, originatedFrom);
  return { plan, request };
}

/**
 * Runs `write` under the subscription's pricing write lock: one pricing write per subscription at a
 * time, held for the configured duration (a second writer meanwhile gets 409 Conflict). `write` gets
 * the subscription as it is at the end of the wait: after a reset() during it, the fresh state's.
 */
async function underWriteLock<T>(req: ArmRequest, sub: SubscriptionState, write: (current: SubscriptionState) => T): Promise<T> {
  const locks = req.ctx.state.writeLocks;
  const subscriptionId = sub.seed.subscriptionId;
  if (locks.has(subscriptionId)) throw armErrors.concurrentUpdate();
  const lock = Symbol(subscriptionId);
  locks.set(subscriptionId, lock);
  const stateAtStart = req.ctx.state;
  try {
    await sleep(req.ctx.state.settings.putDurationMs);
    // After a reset() during the wait, write into the fresh state (the old one is gone).
    return write(req.ctx.state === stateAtStart ? sub : (req.ctx.state.subscriptions.get(subscriptionId) ?? sub));
  } finally {
    if (stateAtStart.writeLocks.get(subscriptionId) === lock) stateAtStart.writeLocks.delete(subscriptionId);
  }
}

/** Applies a checked write to the subscription and answers the pricing as the PUT does (name as sent). */
function applyPlanWrite(req: ArmRequest, sub: SubscriptionState, { plan, request }: PlanWrite, nameAsSent: string): PricingView {
  const pricing = pricingOf(sub, plan);
  noteGraphWrite(req.ctx.state, sub.seed.subscriptionId, pricing, req.ctx.now());
  const statuses = applyPricing(req, sub, plan, pricing, request);
  return pricingView(sub, plan, pricing, nameAsSent, req.apiVersion, statuses);
}

export async function putPricing(req: ArmRequest): Promise<ArmResult> {
  const sub = registeredSubscription(req);
  const name = req.params[1] ?? "";
  const plan = planByName(req, name);
  const write = checkPlanWrite(sub, plan, req.readJson(), req.apiVersion);
  return underWriteLock(req, sub, (current) => ({ status: 200, body: applyPlanWrite(req, current, write, name) }));
}

/** Pricings_GlobalUpdate takes 1 to 30 plans (the spec's minItems and maxItems). */
export const maxGlobalPlans = 30;

type GlobalItem = { planName: string; body: { properties: unknown } };

/** The global update's envelope: `plansConfigurations`, 1 to 30 items, each naming its plan. Each plan's properties are checked later, one by one. */
function parseGlobalRequest(body: unknown): GlobalItem[] {
  const items = isRecord(body) ? body["plansConfigurations"] : undefined;
  if (!Array.isArray(items) || items.length === 0)
    throw armErrors.invalidPricingInput(
      `The request body must contain 'plansConfigurations': an array of 1 to ${String(maxGlobalPlans)} plans, each with 'planName' and 'properties'.`,
    );
  if (items.length > maxGlobalPlans)
    throw armErrors.invalidPricingRequest(
      `The request lists ${String(items.length)} plans; a global pricing update takes at most ${String(maxGlobalPlans)}. Send the others in another request.`,
    );
  return items.map((item: unknown, i): GlobalItem => {
    const planName = isRecord(item) ? item["planName"] : undefined;
    if (!isRecord(item) || typeof planName !== "string" || planName === "")
      throw armErrors.invalidPricingInput(`The value of 'plansConfigurations[${String(i)}].planName' is required and must be a string.`);
    return { planName, body: { properties: item["properties"] } };
  });
}

type GlobalResult = { planName: string; success: boolean; result?: PricingView; errorMessage?: string };

/**
 * PUT /subscriptions/{id}/providers/Microsoft.Security/pricings/global (Pricings_GlobalUpdate,
 * api-version 2026-07-01): many plans of one subscription in one request, best effort. Each plan is
 * checked exactly as a single PUT checks it; the valid ones are then written together, under one
 * hold of the subscription's write lock (so atomically, as the spec says), each exactly as its own
 * PUT would write it; the others are reported with the message the single PUT would have answered.
 * Older api-versions have no such operation: there "global" is a plan name like any other (and not
 * a valid one).
 */
export async function globalUpdatePricings(req: ArmRequest): Promise<ArmResult> {
  if (req.apiVersion < pricings2026) return putPricing(req);
  const sub = registeredSubscription(req);
  const items = parseGlobalRequest(req.readJson());
  const seen = new Set<string>();
  const checked = items.map(({ planName, body }) => {
    try {
      const plan = planByName(req, planName);
      // Unverified: the service's answer to a plan listed twice is undocumented.
      if (seen.has(plan.name))
        throw armErrors.invalidPricingRequest(
          `The plan '${plan.name}' is listed more than once in this request; only its first entry is applied.`,
        );
      seen.add(plan.name);
      return { planName, write: checkPlanWrite(sub, plan, body, req.apiVersion) };
    } catch (err) {
      if (err instanceof ArmError) return { planName, error: err.message };
      throw err;
    }
  });
  const respond = (results: GlobalResult[]): ArmResult => {
    const successfulUpdates = results.filter((r) => r.success).length;
    return {
      status: 200,
      body: { results, summary: { totalRequested: results.length, successfulUpdates, failedUpdates: results.length - successfulUpdates } },
    };
  };
  const failure = (planName: string, errorMessage: string): GlobalResult => ({ planName, success: false, errorMessage });
  // Nothing valid to write: answered without the lock, as a single PUT that fails its checks is.
  if (checked.every((c) => c.write === undefined)) return respond(checked.map((c) => failure(c.planName, c.error)));
  return underWriteLock(req, sub, (current) =>
    respond(
      checked.map((c) =>
        c.write === undefined
          ? failure(c.planName, c.error)
          : { planName: c.planName, success: true, result: applyPlanWrite(req, current, c.write, c.planName) },
      ),
    ),
  );
}
