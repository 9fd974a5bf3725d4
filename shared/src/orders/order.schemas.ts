import { z } from 'zod';
import { AddressInput, PostalAddress } from '../auth/address.schemas';
import { Email } from '../auth/auth.schemas';
import { Id } from '../common/ids.schemas';
import { Money } from '../common/money.schemas';
import { PaginationQuery, paginated } from '../common/pagination.schemas';
import { Totals } from './cart.schemas';
import { GiftCardRecipient } from '../balances/gift-card.schemas';

/** `draft`: built by staff and not sent to the customer yet (see DraftOrderInput). */
export const OrderStatus = z.enum([
  'draft',
  'pending_payment',
  'paid',
  'fulfilled',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;
/** What staff may do to an order now: the server decides (state and permissions), screens show exactly these. */
export const OrderAction = z.enum(['fulfil', 'deliver', 'cancel', 'refund', 'send_invoice', 'mark_paid', 'edit']);
export type OrderAction = z.infer<typeof OrderAction>;

export const PaymentStatus = z.enum(['pending', 'failed', 'paid', 'partially_refunded', 'refunded', 'cancelled']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const ShippingMethod = z.object({
  id: Id,
  name: z.string(),
  price: Money,
  freeOver: Money.optional(),
  estimate: z.string().optional(),
});
export type ShippingMethod = z.infer<typeof ShippingMethod>;
export const ShippingMethodList = z.object({ items: z.array(ShippingMethod) });
export type ShippingMethodList = z.infer<typeof ShippingMethodList>;
export const ShippingMethodsQuery = z
  .object({
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/)
      .transform((v) => v.toUpperCase()),
  })
  .strict();

export const CheckoutRequest = z
  .object({
    email: Email,
    shippingAddress: AddressInput,
    billingAddress: AddressInput.optional(),
    shippingMethodId: Id,
    /** Gift cards to pay with, in this order, each up to its balance; the rest goes to store credit, then the provider. */
    giftCardCodes: z.array(z.string().trim().min(4).max(64)).max(5).optional(),
    /** Signed-in shoppers: spend store credit on what the gift cards leave. */
    useStoreCredit: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'CheckoutRequest' });
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;

export const OrderItem = z.object({
  id: Id,
  variantId: Id.nullable(),
  sku: z.string(),
  title: z.string(),
  variantTitle: z.string(),
  quantity: z.number().int(),
  refundedQuantity: z.number().int(),
  unitPrice: Money,
  discount: Money,
  tax: Money,
  lineTotal: Money,
  /** A gift-card line: who its cards are for (one card per unit, issued when the order is paid). */
  giftCard: GiftCardRecipient.optional(),
});

export const OrderEvent = z.object({
  type: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  note: z.string().nullable(),
  actorUserId: z.string().nullable(),
  createdAt: z.string(),
});

export const PaymentSummary = z.object({
  id: Id,
  /** `offline`: staff recorded a payment made outside the shop (bank transfer, cash). */
  provider: z.enum(['stripe', 'manual', 'offline']),
  status: z.string(),
  amount: Money,
  refunded: Money,
  clientSecret: z.string().optional(),
});
export type PaymentSummary = z.infer<typeof PaymentSummary>;

export const Order = z
  .object({
    id: Id,
    number: z.string(),
    status: OrderStatus,
    paymentStatus: PaymentStatus,
    email: z.string(),
    /** The account that placed it; null for guest orders. */
    customerId: Id.nullable().optional(),
    items: z.array(OrderItem),
    totals: Totals,
    refunded: Money,
    /** What gift cards and store credit paid; the provider's payment is for the rest. */
    paidWithBalance: Money,
    /** What the customer can pay now through the shop (an unpaid order or a sent invoice); 0 when nothing is due. */
    amountDue: Money,
    /** Staff's note (draft orders); staff screens only. */
    staffNote: z.string().nullable().optional(),
    coupon: z.object({ code: z.string() }).optional(),
    shippingMethod: z.object({ id: Id.nullable(), name: z.string() }),
    shippingAddress: PostalAddress,
    billingAddress: PostalAddress.optional(),
    tracking: z.object({ carrier: z.string(), number: z.string() }).optional(),
    reservationExpiresAt: z.string().nullable(),
    events: z.array(OrderEvent).optional(),
    payments: z.array(PaymentSummary).optional(),
    flag: z.string().nullable().optional(),
    /** The staff actions this order allows the viewer now (empty for shoppers). */
    allowedActions: z.array(OrderAction),
    createdAt: z.string(),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof Order>;

/** `payment` is null when gift cards and store credit paid the whole order (it is paid already). */
export const CheckoutResponse = z.object({ order: Order, payment: PaymentSummary.nullable(), accessToken: z.string().optional() });
export type CheckoutResponse = z.infer<typeof CheckoutResponse>;

export const ConfirmManualPayment = z.object({ outcome: z.enum(['succeeded', 'declined']) }).strict();
export type ConfirmManualPayment = z.infer<typeof ConfirmManualPayment>;

export const OrderAccessQuery = z.object({ token: z.string().min(16).max(200).optional() }).strict();

/** An order as lists show it: without its history and payments. */
export const OrderListItem = Order.omit({ events: true, payments: true });
export type OrderListItem = z.infer<typeof OrderListItem>;
export const OrderList = paginated(OrderListItem);
export type OrderList = z.infer<typeof OrderList>;
export const AdminOrderSort = z.enum(['newest', 'oldest', 'total_desc', 'total_asc']);
export type AdminOrderSort = z.infer<typeof AdminOrderSort>;
export const AdminOrderListQuery = PaginationQuery.extend({
  status: OrderStatus.optional(),
  payment_status: PaymentStatus.optional(),
  email: z.string().trim().max(254).optional(),
  customer_id: Id.optional(),
  number: z.string().trim().max(32).optional(),
  sort: AdminOrderSort.default('newest'),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
}).strict();
export type AdminOrderListQuery = z.infer<typeof AdminOrderListQuery>;

export const FulfilOrder = z
  .object({
    carrier: z.string().trim().min(1).max(64),
    trackingNumber: z.string().trim().min(1).max(128),
    note: z.string().max(500).optional(),
  })
  .strict();
export type FulfilOrder = z.infer<typeof FulfilOrder>;
export const OrderNote = z.object({ note: z.string().trim().max(500).optional() }).strict();
export type OrderNote = z.infer<typeof OrderNote>;
/**
 * Where refunded money goes: `original` back to how it was paid (the provider's payment first, then
 * the gift cards and store credit it was paid with); `store_credit` all to the customer's store credit.
 */
export const RefundDestination = z.enum(['original', 'store_credit']);
export type RefundDestination = z.infer<typeof RefundDestination>;
const refundCommon = { reason: z.string().max(500).optional(), to: RefundDestination.optional() };
export const RefundRequest = z
  .union([
    z.object({ amount: z.number().int().min(1), ...refundCommon }).strict(),
    z
      .object({
        lines: z.array(z.object({ itemId: Id, quantity: z.number().int().min(1) }).strict()).min(1),
        ...refundCommon,
      })
      .strict(),
    z.object({ full: z.literal(true), ...refundCommon }).strict(),
  ])
  .meta({ id: 'RefundRequest' });
export type RefundRequest = z.infer<typeof RefundRequest>;

/**
 * A draft order staff build for a customer (a phone or email order). `unitPrice` overrides the
 * variant's price and needs the `orders:price-override` permission; `discount` is a fixed amount
 * off the goods. Money in minor units.
 */
export const DraftOrderInput = z
  .object({
    customerId: Id.optional(),
    email: Email,
    lines: z
      .array(
        z.object({ variantId: Id, quantity: z.number().int().min(1).max(1000), unitPrice: z.number().int().min(0).optional() }).strict(),
      )
      .min(1, 'Add at least one line')
      .max(100),
    shippingAddress: AddressInput,
    shippingMethodId: Id,
    discount: z.number().int().min(0).optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .meta({ id: 'DraftOrderInput' });
export type DraftOrderInput = z.infer<typeof DraftOrderInput>;

/** Sending the invoice: `reserveStock` holds the stock from now on instead of when the customer pays. */
export const SendInvoice = z.object({ reserveStock: z.boolean().default(false), message: z.string().trim().max(1000).optional() }).strict();
export type SendInvoice = z.infer<typeof SendInvoice>;
export const MarkPaidOffline = z.object({ note: z.string().trim().min(1).max(500) }).strict();
export type MarkPaidOffline = z.infer<typeof MarkPaidOffline>;

/** Paying an order from its page (an invoice, or a checkout left unpaid). */
export const PayOrderResponse = z.object({ order: Order, payment: PaymentSummary });
export type PayOrderResponse = z.infer<typeof PayOrderResponse>;

/**
 * An edit of a paid order that has not shipped: existing lines' new quantities (0 removes a line;
 * never below what was refunded of it), lines to add at today's prices, a new address or shipping
 * method, an extra fixed discount. A lower total is refunded (`refundTo`), a higher one is asked of
 * the customer by email (the order's `amountDue`).
 */
export const OrderEditInput = z
  .object({
    lines: z
      .array(z.object({ itemId: Id, quantity: z.number().int().min(0).max(1000) }).strict())
      .max(100)
      .default([]),
    add: z
      .array(z.object({ variantId: Id, quantity: z.number().int().min(1).max(1000) }).strict())
      .max(100)
      .default([]),
    shippingAddress: AddressInput.optional(),
    shippingMethodId: Id.optional(),
    discount: z.number().int().min(0).optional(),
    refundTo: z.enum(['original', 'store_credit']).default('original'),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({ id: 'OrderEditInput' });
export type OrderEditInput = z.infer<typeof OrderEditInput>;

export const OrderEditPreview = z
  .object({
    before: Totals,
    after: Totals,
    /** After minus before: negative is refunded, positive is asked of the customer. */
    difference: Money,
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        variantTitle: z.string(),
        quantity: z.number().int(),
        from: z.number().int(),
        unitPrice: Money,
      }),
    ),
  })
  .meta({ id: 'OrderEditPreview' });
export type OrderEditPreview = z.infer<typeof OrderEditPreview>;
