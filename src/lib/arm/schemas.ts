// Valibot, as in config.ts: one schema library in the bundle, and only the checks used of it.
import * as v from "valibot";

// Shapes of the ARM responses we read. Enums in the Azure specs are "model as string": values we do
// not know yet must pass through and be shown as they are, so enums are plain strings here.
// Objects are loose: unknown properties are kept, missing required ones are an error.

/** Any schema of a response: what the ARM client's requests name as the shape they expect. */
export type ResponseSchema = v.GenericSchema;
export type Infer<T extends ResponseSchema> = v.InferOutput<T>;

export const extensionSchema = v.looseObject({
  name: v.string(),
  isEnabled: v.string(),
  additionalExtensionProperties: v.optional(v.record(v.string(), v.unknown())),
  operationStatus: v.optional(v.looseObject({ code: v.optional(v.string()), message: v.optional(v.string()) })),
});
export type Extension = v.InferOutput<typeof extensionSchema>;

export const pricingSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  type: v.optional(v.string()),
  properties: v.looseObject({
    pricingTier: v.string(),
    subPlan: v.optional(v.string()),
    freeTrialRemainingTime: v.optional(v.string()),
    enablementTime: v.optional(v.string()),
    enforce: v.optional(v.string()),
    inherited: v.optional(v.string()),
    inheritedFrom: v.optional(v.string()),
    resourcesCoverageStatus: v.optional(v.string()),
    extensions: v.optional(v.array(extensionSchema)),
    deprecated: v.optional(v.boolean()),
    replacedBy: v.optional(v.array(v.string())),
    // 2026-07-01: set while a management system other than ARM (a Microsoft 365 security rule) controls the plan.
    managedBy: v.optional(v.string()),
    originatedFrom: v.optional(v.string()),
  }),
});
export type Pricing = v.InferOutput<typeof pricingSchema>;

export const pricingListSchema = v.looseObject({ value: v.array(pricingSchema) });

export const tenantSchema = v.looseObject({
  id: v.optional(v.string()),
  tenantId: v.string(),
  displayName: v.optional(v.string()),
  defaultDomain: v.optional(v.string()),
  tenantCategory: v.optional(v.string()),
});
export type Tenant = v.InferOutput<typeof tenantSchema>;

export const subscriptionSchema = v.looseObject({
  id: v.optional(v.string()),
  subscriptionId: v.string(),
  tenantId: v.optional(v.string()),
  displayName: v.string(),
  state: v.string(),
});
export type Subscription = v.InferOutput<typeof subscriptionSchema>;

export function pageSchema<T extends ResponseSchema>(item: T) {
  return v.looseObject({ value: v.array(item), nextLink: v.nullish(v.string()) });
}

export const permissionSchema = v.looseObject({
  actions: v.optional(v.array(v.string()), []),
  notActions: v.optional(v.array(v.string()), []),
});
export type Permission = v.InferOutput<typeof permissionSchema>;
export const permissionListSchema = pageSchema(permissionSchema);

export const providerSchema = v.looseObject({
  namespace: v.string(),
  registrationState: v.string(),
});
export type Provider = v.InferOutput<typeof providerSchema>;

/** ARM's error envelope `{ "error": { code, message, target?, details? } }`. */
export const armErrorBodySchema = v.looseObject({
  error: v.looseObject({
    code: v.string(),
    message: v.optional(v.string(), ""),
    target: v.optional(v.string()),
    details: v.optional(v.array(v.looseObject({ code: v.optional(v.string()), message: v.optional(v.string()) }))),
  }),
});

/**
 * The one call into the schema library: the value when it has the schema's shape, else where it does
 * not ("value.0.name: …").
 */
export function validate<T extends ResponseSchema>(
  schema: T,
  value: unknown,
): { valid: true; value: Infer<T> } | { valid: false; problem: string } {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return { valid: true, value: parsed.output };
  const issue = parsed.issues[0];
  return { valid: false, problem: `${v.getDotPath(issue) ?? "body"}: ${issue.message}` };
}
