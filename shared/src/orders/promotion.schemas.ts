import { z } from 'zod';
import { DATE_WINDOW_ISSUE, dateWindowInOrder } from '../common/date-window';
import { Id } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';
import { paginated } from '../common/pagination.schemas';
import { MarketCode } from '../markets/markets.schemas';

const minor = z.number().int().min(0);
const ids = z.array(Id).min(1).max(200);
const percent = z.number().int().min(1).max(100);
const amountOff = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), value: percent }).strict(),
  z.object({ kind: z.literal('fixed'), value: z.number().int().min(1) }).strict(),
]);

/**
 * When a promotion applies: every condition given must hold. Amounts are in the base currency's
 * minor units (converted for a market in another currency). `productIds`, `variantIds` and
 * `categoryIds` name the qualifying items (any of them); without them every item but gift cards qualifies.
 */
export const PromotionConditions = z
  .object({
    minSubtotal: minor.optional(),
    minQuantity: z.number().int().min(1).max(10_000).optional(),
    productIds: ids.optional(),
    variantIds: ids.optional(),
    categoryIds: ids.optional(),
    customerGroupIds: ids.optional(),
    firstOrder: z.literal(true).optional(),
    signedIn: z.literal(true).optional(),
    markets: z.array(MarketCode).min(1).max(50).optional(),
  })
  .strict()
  .meta({ id: 'PromotionConditions' });
export type PromotionConditions = z.infer<typeof PromotionConditions>;

/**
 * What a promotion gives. `order`: off the order (spread over its items); `lines`: off each
 * qualifying item (a fixed value is per unit); `buy_x_get_y`: for every `buy` qualifying units, the
 * `get` cheapest units of the `get` set (default: the qualifying items) are `percent` off (100: free),
 * at most `maxApplications` times; `tiered`: the highest tier the qualifying subtotal reaches;
 * `free_shipping`: on every method or the chosen ones.
 */
export const PromotionAction = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('order'), off: amountOff }).strict(),
    z.object({ type: z.literal('lines'), off: amountOff }).strict(),
    z
      .object({
        type: z.literal('buy_x_get_y'),
        buy: z.number().int().min(1).max(100),
        get: z.number().int().min(1).max(100),
        percent,
        maxApplications: z.number().int().min(1).max(1000).nullable().optional(),
        getProductIds: ids.optional(),
        getVariantIds: ids.optional(),
        getCategoryIds: ids.optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('tiered'),
        tiers: z
          .array(z.object({ minSubtotal: z.number().int().min(1), off: amountOff }).strict())
          .min(1)
          .max(10)
          .refine((t) => t.every((tier, i) => i === 0 || tier.minSubtotal > t[i - 1]!.minSubtotal), 'Tiers go up in order of minSubtotal'),
      })
      .strict(),
    z.object({ type: z.literal('free_shipping'), shippingMethodIds: ids.optional() }).strict(),
  ])
  .meta({ id: 'PromotionAction' });
export type PromotionAction = z.infer<typeof PromotionAction>;

const PromotionFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(500).nullable().optional(),
  /** Automatic promotions apply by themselves; the others need one of their codes in the cart. */
  automatic: z.boolean(),
  /** An exclusive promotion applies alone; combinable ones stack, highest priority first. */
  exclusive: z.boolean().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  active: z.boolean().optional(),
  startsAt: z.iso.datetime().nullable().optional(),
  endsAt: z.iso.datetime().nullable().optional(),
  conditions: PromotionConditions.optional(),
  action: PromotionAction,
  /** Total uses (orders) across all codes. */
  usageLimit: z.number().int().min(1).nullable().optional(),
  /** Campaign budget: the total discount it may give, in base-currency minor units. */
  budgetAmount: z.number().int().min(1).nullable().optional(),
  perCustomerLimit: z.number().int().min(1).nullable().optional(),
};
export const PromotionInput = z
  .object(PromotionFields)
  .strict()
  .refine(dateWindowInOrder, DATE_WINDOW_ISSUE)
  .meta({ id: 'PromotionInput' });
export type PromotionInput = z.infer<typeof PromotionInput>;
export const PromotionUpdate = z.object(PromotionFields).partial().strict().refine(dateWindowInOrder, DATE_WINDOW_ISSUE);
export type PromotionUpdate = z.infer<typeof PromotionUpdate>;

export const AdminPromotion = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    automatic: z.boolean(),
    exclusive: z.boolean(),
    priority: z.number().int(),
    active: z.boolean(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    conditions: PromotionConditions,
    action: PromotionAction,
    usageLimit: z.number().int().nullable(),
    budgetAmount: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    uses: z.number().int(),
    discountGiven: z.number().int(),
    codeCount: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminPromotion' });
export type AdminPromotion = z.infer<typeof AdminPromotion>;

const codeText = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, dash and underscore')
  .transform((v) => v.toUpperCase());
/** Codes for a promotion: the ones given, or `count` generated (`prefix` + random); `usageLimit` 1 makes them single-use. */
export const PromotionCodesInput = z
  .object({
    codes: z.array(codeText).min(1).max(1000).optional(),
    count: z.number().int().min(1).max(10_000).optional(),
    prefix: z
      .string()
      .trim()
      .max(20)
      .regex(/^[A-Za-z0-9_-]*$/)
      .transform((v) => v.toUpperCase())
      .optional(),
    usageLimit: z.number().int().min(1).nullable().optional(),
  })
  .strict()
  .refine((c) => Boolean(c.codes) !== Boolean(c.count), { error: 'Give either codes or count', path: ['count'] });
export type PromotionCodesInput = z.infer<typeof PromotionCodesInput>;
export const PromotionCodesCreated = z.object({ codes: z.array(z.string()) });
export const PromotionCode = z.object({ code: z.string(), usageLimit: z.number().int().nullable(), uses: z.number().int() });
export type PromotionCode = z.infer<typeof PromotionCode>;
export const PromotionCodeList = paginated(PromotionCode);

/** A promotion (saved or a draft) tried on a sample cart, alone. */
export const PromotionPreviewRequest = z
  .object({
    promotion: PromotionInput,
    lines: z
      .array(z.object({ variantId: Id, quantity: z.number().int().min(1).max(1000) }).strict())
      .min(1)
      .max(50),
    market: MarketCode.optional(),
    signedIn: z.boolean().optional(),
    firstOrder: z.boolean().optional(),
    customerGroupIds: z.array(Id).max(50).optional(),
    shippingMethodId: Id.optional(),
  })
  .strict();
export type PromotionPreviewRequest = z.infer<typeof PromotionPreviewRequest>;
export const PromotionPreview = z.object({
  applies: z.boolean(),
  reason: z.string().optional(),
  subtotal: Money,
  discount: Money,
  freeShipping: z.boolean(),
  lines: z.array(z.object({ variantId: Id, title: z.string(), quantity: z.number().int(), lineTotal: Money, discount: Money })),
});
export type PromotionPreview = z.infer<typeof PromotionPreview>;

export const PromotionReport = z.object({
  promotionId: Id,
  uses: z.number().int(),
  orders: z.number().int(),
  discountGiven: Money,
  days: z.array(z.object({ date: z.string(), uses: z.number().int(), discount: z.number().int() })),
  codes: z.array(z.object({ code: z.string(), uses: z.number().int() })),
});
export type PromotionReport = z.infer<typeof PromotionReport>;

/** A promotion as the cart shows it: what it took off and from which items. */
export const CartPromotion = z
  .object({
    id: Id,
    name: z.string(),
    code: z.string().optional(),
    discount: Money,
    freeShipping: z.boolean(),
    items: z.array(z.object({ itemId: Id, discount: Money })),
  })
  .meta({ id: 'CartPromotion' });
export type CartPromotion = z.infer<typeof CartPromotion>;
