import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';
import { PaginationQuery, paginated } from '../common/pagination.schemas';

/**
 * `return`: the goods come back for money; `exchange`: they come back for other goods (a
 * replacement order); `claim`: damaged or missing goods, refunded or replaced without a return shipment.
 */
export const ReturnKind = z.enum(['return', 'exchange', 'claim']);
export type ReturnKind = z.infer<typeof ReturnKind>;

/**
 * requested → approved → received → refunded (a return) or → completed (an exchange); a claim goes
 * approved → refunded or → completed (replaced); rejected / cancelled end a request.
 */
export const ReturnStatus = z.enum(['requested', 'approved', 'received', 'refunded', 'completed', 'rejected', 'cancelled']);
export type ReturnStatus = z.infer<typeof ReturnStatus>;

/** What the viewer may do to a return now: the server decides from its state and the viewer's permissions. */
export const ReturnAction = z.enum(['approve', 'reject', 'receive', 'refund', 'replace', 'complete', 'cancel']);
export type ReturnAction = z.infer<typeof ReturnAction>;

export const ReturnLine = z.object({
  id: Id,
  itemId: Id,
  sku: z.string(),
  title: z.string(),
  variantTitle: z.string(),
  quantity: z.number().int(),
  receivedQuantity: z.number().int().nullable(),
  restock: z.boolean().nullable(),
  /** What was paid for the line's units in this return (its share of discount and tax included). */
  paid: Money,
});
export type ReturnLine = z.infer<typeof ReturnLine>;

export const ReturnEvent = z.object({
  type: z.string(),
  note: z.string().nullable(),
  actorUserId: z.string().nullable(),
  createdAt: z.string(),
});

export const Return = z
  .object({
    id: Id,
    number: z.string(),
    orderId: Id,
    orderNumber: z.string(),
    email: z.string(),
    kind: ReturnKind,
    status: ReturnStatus,
    reason: z.string(),
    note: z.string().nullable(),
    staffNote: z.string().nullable(),
    photos: z.array(z.string()),
    lines: z.array(ReturnLine),
    /** Filled in when refunded: what went back, where, and the fees kept. */
    refund: z.object({ original: Money, storeCredit: Money, shippingFee: Money, restockingFee: Money }).nullable(),
    /** An exchange's new goods (as asked), and the order that ships them (or a claim's replacement). */
    exchange: z.array(z.object({ variantId: Id, quantity: z.number().int() })),
    replacementOrder: z.object({ id: Id, number: z.string() }).nullable(),
    events: z.array(ReturnEvent),
    allowedActions: z.array(ReturnAction),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Return' });
export type Return = z.infer<typeof Return>;

/** What a shopper may return of an order now, as the server judges it. */
export const Returnability = z
  .object({
    /** Why nothing can be returned (outside the window, not delivered…); null when something can. */
    blocked: z.string().nullable(),
    windowEndsAt: z.string().nullable(),
    reasons: z.array(z.string()),
    lines: z.array(
      z.object({
        itemId: Id,
        title: z.string(),
        variantTitle: z.string(),
        /** Units that may still be returned (0 for a final-sale line). */
        returnable: z.number().int(),
        /** Units that may still be claimed as damaged or missing. */
        claimable: z.number().int(),
        finalSale: z.boolean(),
        /** Other variants of the same product it may be exchanged for (another size or colour). */
        exchangeOptions: z.array(z.object({ variantId: Id, title: z.string(), price: Money })),
      }),
    ),
    returns: z.array(Return),
  })
  .meta({ id: 'Returnability' });
export type Returnability = z.infer<typeof Returnability>;

export const ReturnRequest = z
  .object({
    kind: ReturnKind.default('return'),
    lines: z
      .array(z.object({ itemId: Id, quantity: z.number().int().min(1).max(1000) }).strict())
      .min(1, 'Choose at least one item')
      .max(100),
    reason: z.string().trim().min(1).max(100),
    note: z.string().trim().max(1000).optional(),
    /** kind `exchange`: what the shopper wants instead (another size or colour, or another product). */
    exchange: z
      .array(z.object({ variantId: Id, quantity: z.number().int().min(1).max(1000) }).strict())
      .max(100)
      .optional(),
  })
  .strict()
  .refine((r) => r.kind !== 'exchange' || (r.exchange?.length ?? 0) > 0, { path: ['exchange'], message: 'Choose what you want instead' })
  .meta({ id: 'ReturnRequest' });
export type ReturnRequest = z.infer<typeof ReturnRequest>;

export const ReturnNote = z.object({ note: z.string().trim().max(1000).optional() }).strict();
export type ReturnNote = z.infer<typeof ReturnNote>;

export const ReceiveReturn = z
  .object({
    lines: z
      .array(z.object({ lineId: Id, quantity: z.number().int().min(0).max(1000), restock: z.boolean() }).strict())
      .min(1)
      .max(100),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .meta({ id: 'ReceiveReturn' });
export type ReceiveReturn = z.infer<typeof ReceiveReturn>;

/**
 * Refunding a return: what was paid for the received (or, for a claim, the claimed) units, less the
 * fees (the shop's defaults when left out; 0 waives them). `storeCredit` is the part that goes to
 * store credit (all of it with `to: 'store_credit'`); the rest goes back to the original payment.
 */
export const RefundReturn = z
  .object({
    to: z.enum(['original', 'store_credit', 'split']).default('original'),
    storeCredit: z.number().int().min(0).optional(),
    shippingFee: z.number().int().min(0).optional(),
    restockingFee: z.number().int().min(0).optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .meta({ id: 'RefundReturn' });
export type RefundReturn = z.infer<typeof RefundReturn>;

export const AdminReturnListQuery = PaginationQuery.extend({
  status: ReturnStatus.optional(),
  kind: ReturnKind.optional(),
  /** The returns of one order (the admin order page lists them). */
  orderId: Id.optional(),
}).strict();
export type AdminReturnListQuery = z.infer<typeof AdminReturnListQuery>;
export const ReturnList = paginated(Return);
export type ReturnList = z.infer<typeof ReturnList>;

/** The fees a refund of this return would keep by default, and what it would pay back before them. */
export const ReturnRefundPreview = z.object({ gross: Money, shippingFee: Money, restockingFee: Money, net: Money });
export type ReturnRefundPreview = z.infer<typeof ReturnRefundPreview>;

/** Completing an exchange: where any value the returned goods had beyond the new ones goes. */
export const CompleteExchange = z
  .object({ to: z.enum(['original', 'store_credit']).default('original'), note: z.string().trim().max(1000).optional() })
  .strict()
  .meta({ id: 'CompleteExchange' });
export type CompleteExchange = z.infer<typeof CompleteExchange>;
