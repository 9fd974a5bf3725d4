import { z } from 'zod';
import { Id } from '../common/ids.schemas';

const minor = z.number().int().min(0);
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'Must be a two-letter country code')
  .transform((v) => v.toUpperCase());

const CouponFields = {
  code: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, dash and underscore')
    .transform((v) => v.toUpperCase()),
  type: z.enum(['percent', 'fixed']),
  value: z.number().int().min(1),
  minSubtotal: minor.nullable().optional(),
  startsAt: z.iso.datetime().nullable().optional(),
  endsAt: z.iso.datetime().nullable().optional(),
  usageLimit: z.number().int().min(1).nullable().optional(),
  perCustomerLimit: z.number().int().min(1).nullable().optional(),
  categoryIds: z.array(Id).max(50).nullable().optional(),
  active: z.boolean().optional(),
};
const percentWithin100 = (c: { type?: string; value?: number }) => c.type !== 'percent' || c.value === undefined || c.value <= 100;
export const CouponInput = z
  .object(CouponFields)
  .strict()
  .refine(percentWithin100, { error: 'A percent coupon is at most 100', path: ['value'] });
export type CouponInput = z.infer<typeof CouponInput>;
export const CouponUpdate = z
  .object(CouponFields)
  .partial()
  .strict()
  .refine(percentWithin100, { error: 'A percent coupon is at most 100', path: ['value'] });
export type CouponUpdate = z.infer<typeof CouponUpdate>;
export const AdminCoupon = z.object({
  id: Id,
  code: z.string(),
  type: z.enum(['percent', 'fixed']),
  value: z.number().int(),
  minSubtotal: z.number().int().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  usageLimit: z.number().int().nullable(),
  perCustomerLimit: z.number().int().nullable(),
  usedCount: z.number().int(),
  categoryIds: z.array(z.string()).nullable(),
  active: z.boolean(),
});
export type AdminCoupon = z.infer<typeof AdminCoupon>;

const ShippingFields = {
  name: z.string().trim().min(1).max(100),
  amount: minor,
  freeOver: minor.nullable().optional(),
  countries: z.array(country).max(250).nullable().optional(),
  estimate: z.string().trim().max(100).nullable().optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().optional(),
};
export const ShippingMethodInput = z.object(ShippingFields).strict();
export type ShippingMethodInput = z.infer<typeof ShippingMethodInput>;
export const ShippingMethodUpdate = z.object(ShippingFields).partial().strict();
export type ShippingMethodUpdate = z.infer<typeof ShippingMethodUpdate>;
export const AdminShippingMethod = z.object({
  id: Id,
  name: z.string(),
  amount: z.number().int(),
  freeOver: z.number().int().nullable(),
  countries: z.array(z.string()).nullable(),
  estimate: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});
export type AdminShippingMethod = z.infer<typeof AdminShippingMethod>;

const TaxFields = {
  country,
  region: z
    .string()
    .trim()
    .max(100)
    .transform((v) => v.toUpperCase())
    .optional(),
  name: z.string().trim().min(1).max(100),
  /** Basis points: 825 = 8.25 %. */
  rateBp: z.number().int().min(0).max(10_000),
  appliesToShipping: z.boolean().optional(),
};
export const TaxRateInput = z.object(TaxFields).strict();
export type TaxRateInput = z.infer<typeof TaxRateInput>;
export const TaxRateUpdate = z.object(TaxFields).partial().strict();
export type TaxRateUpdate = z.infer<typeof TaxRateUpdate>;
export const AdminTaxRate = z.object({
  id: Id,
  country: z.string(),
  region: z.string(),
  name: z.string(),
  rateBp: z.number().int(),
  appliesToShipping: z.boolean(),
});
export type AdminTaxRate = z.infer<typeof AdminTaxRate>;
