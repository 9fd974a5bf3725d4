import { z } from 'zod';
import { DATE_WINDOW_ISSUE, dateWindowInOrder } from '../common/date-window';
import { Id } from '../common/ids.schemas';
import { CurrencyCode } from '../common/money.schemas';
import { MarketCode } from '../markets/markets.schemas';

export const CustomerGroupInput = z
  .object({ name: z.string().trim().min(1).max(100), description: z.string().trim().max(500).nullable().optional() })
  .strict();
export type CustomerGroupInput = z.infer<typeof CustomerGroupInput>;
export const CustomerGroupUpdate = CustomerGroupInput.partial().strict();
export type CustomerGroupUpdate = z.infer<typeof CustomerGroupUpdate>;
export const CustomerGroup = z
  .object({ id: Id, name: z.string(), description: z.string().nullable(), memberCount: z.number().int(), createdAt: z.string() })
  .meta({ id: 'CustomerGroup' });
export type CustomerGroup = z.infer<typeof CustomerGroup>;

/** A member added by account id or by the account's e-mail address. */
export const GroupMemberInput = z
  .object({ userId: Id.optional(), email: z.email().optional() })
  .strict()
  .refine((m) => Boolean(m.userId) !== Boolean(m.email), { error: 'Give either userId or email', path: ['email'] });
export type GroupMemberInput = z.infer<typeof GroupMemberInput>;
export const GroupMember = z.object({ userId: Id, email: z.string(), name: z.string(), addedAt: z.string() });
export type GroupMember = z.infer<typeof GroupMember>;
export const GroupMemberParams = z.object({ id: Id, userId: Id }).strict();

const PriceListFields = {
  name: z.string().trim().min(1).max(120),
  groupId: Id,
  /** Only in this market (null: in every market). */
  market: MarketCode.nullable().optional(),
  /** Off the market price of every variant without an explicit price in the list. */
  percentOff: z.number().int().min(1).max(100).nullable().optional(),
  active: z.boolean().optional(),
  startsAt: z.iso.datetime().nullable().optional(),
  endsAt: z.iso.datetime().nullable().optional(),
};
export const PriceListInput = z.object(PriceListFields).strict().refine(dateWindowInOrder, DATE_WINDOW_ISSUE);
export type PriceListInput = z.infer<typeof PriceListInput>;
export const PriceListUpdate = z.object(PriceListFields).partial().strict().refine(dateWindowInOrder, DATE_WINDOW_ISSUE);
export type PriceListUpdate = z.infer<typeof PriceListUpdate>;
export const PriceList = z
  .object({
    id: Id,
    name: z.string(),
    groupId: Id,
    market: z.string().nullable(),
    percentOff: z.number().int().nullable(),
    active: z.boolean(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    priceCount: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'PriceList' });
export type PriceList = z.infer<typeof PriceList>;

export const PriceListPrice = z
  .object({ variantId: Id, currency: CurrencyCode, amount: z.number().int().min(0) })
  .strict()
  .meta({ id: 'PriceListPrice' });
export type PriceListPrice = z.infer<typeof PriceListPrice>;
/** PUT replaces the list's explicit prices with these. */
export const PriceListPrices = z.object({ items: z.array(PriceListPrice).max(5000) }).strict();
export type PriceListPrices = z.infer<typeof PriceListPrices>;
