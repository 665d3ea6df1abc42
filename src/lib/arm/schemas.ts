// zod's tree-shakable build, as in config.ts: one zod in the bundle, and only what is used of it.
import * as z from "zod/mini";

// Shapes of the ARM responses we read. Enums in the Azure specs are "model as string": values we do
// not know yet must pass through and be shown as they are, so enums are plain strings here.
// Objects are loose: unknown properties are kept, missing required ones are an error.

export const extensionSchema = z.looseObject({
  name: z.string(),
  isEnabled: z.string(),
  additionalExtensionProperties: z.optional(z.record(z.string(), z.unknown())),
  operationStatus: z.optional(z.looseObject({ code: z.optional(z.string()), message: z.optional(z.string()) })),
});
export type Extension = z.infer<typeof extensionSchema>;

export const pricingSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.optional(z.string()),
  properties: z.looseObject({
    pricingTier: z.string(),
    subPlan: z.optional(z.string()),
    freeTrialRemainingTime: z.optional(z.string()),
    enablementTime: z.optional(z.string()),
    enforce: z.optional(z.string()),
    inherited: z.optional(z.string()),
    inheritedFrom: z.optional(z.string()),
    resourcesCoverageStatus: z.optional(z.string()),
    extensions: z.optional(z.array(extensionSchema)),
    deprecated: z.optional(z.boolean()),
    replacedBy: z.optional(z.array(z.string())),
  }),
});
export type Pricing = z.infer<typeof pricingSchema>;

export const pricingListSchema = z.looseObject({ value: z.array(pricingSchema) });

export const tenantSchema = z.looseObject({
  id: z.optional(z.string()),
  tenantId: z.string(),
  displayName: z.optional(z.string()),
  defaultDomain: z.optional(z.string()),
  tenantCategory: z.optional(z.string()),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const subscriptionSchema = z.looseObject({
  id: z.optional(z.string()),
  subscriptionId: z.string(),
  tenantId: z.optional(z.string()),
  displayName: z.string(),
  state: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export function pageSchema<T extends z.ZodMiniType>(item: T) {
  return z.looseObject({ value: z.array(item), nextLink: z.nullish(z.string()) });
}

export const permissionSchema = z.looseObject({
  actions: z._default(z.array(z.string()), []),
  notActions: z._default(z.array(z.string()), []),
});
export type Permission = z.infer<typeof permissionSchema>;
export const permissionListSchema = pageSchema(permissionSchema);

export const providerSchema = z.looseObject({
  namespace: z.string(),
  registrationState: z.string(),
});
export type Provider = z.infer<typeof providerSchema>;

/** ARM's error envelope `{ "error": { code, message, target?, details? } }`. */
export const armErrorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z._default(z.string(), ""),
    target: z.optional(z.string()),
    details: z.optional(z.array(z.looseObject({ code: z.optional(z.string()), message: z.optional(z.string()) }))),
  }),
});
