import { z } from "zod";

// Shapes of the ARM responses we read. Enums in the Azure specs are "model as string": values we do
// not know yet must pass through and be shown as they are, so enums are plain strings here.
// Objects are loose: unknown properties are kept, missing required ones are an error.

export const extensionSchema = z.looseObject({
  name: z.string(),
  isEnabled: z.string(),
  additionalExtensionProperties: z.record(z.string(), z.unknown()).optional(),
  operationStatus: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
});
export type Extension = z.infer<typeof extensionSchema>;

export const pricingSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string().optional(),
  properties: z.looseObject({
    pricingTier: z.string(),
    subPlan: z.string().optional(),
    freeTrialRemainingTime: z.string().optional(),
    enablementTime: z.string().optional(),
    enforce: z.string().optional(),
    inherited: z.string().optional(),
    inheritedFrom: z.string().optional(),
    resourcesCoverageStatus: z.string().optional(),
    extensions: z.array(extensionSchema).optional(),
    deprecated: z.boolean().optional(),
    replacedBy: z.array(z.string()).optional(),
  }),
});
export type Pricing = z.infer<typeof pricingSchema>;

export const pricingListSchema = z.looseObject({ value: z.array(pricingSchema) });

export const tenantSchema = z.looseObject({
  id: z.string().optional(),
  tenantId: z.string(),
  displayName: z.string().optional(),
  defaultDomain: z.string().optional(),
  tenantCategory: z.string().optional(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const subscriptionSchema = z.looseObject({
  id: z.string().optional(),
  subscriptionId: z.string(),
  tenantId: z.string().optional(),
  displayName: z.string(),
  state: z.string(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ value: z.array(item), nextLink: z.string().nullish() });
}

export const permissionSchema = z.looseObject({
  actions: z.array(z.string()).default([]),
  notActions: z.array(z.string()).default([]),
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
    message: z.string().optional().default(""),
    target: z.string().optional(),
    details: z.array(z.looseObject({ code: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});
