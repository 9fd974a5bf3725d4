import type { Order, Permission } from '@bazaar/shared';
import { allowedActions } from './order-state';
import { giftCardOf, type OrderHistory, type OrderItemRow, type OrderRow } from './order.repository';

const json = <T>(v: string | object | null): T | undefined =>
  v === null ? undefined : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);

/** What the customer can pay through the shop now: an unpaid order (a checkout or a sent invoice), less what balances paid. */
const amountDue = (row: OrderRow): number =>
  row.status === 'pending_payment' && row.payment_status !== 'paid'
    ? Number(row.total) - Number(row.balance_amount ?? 0)
    : Number(row.amount_due ?? 0);

/** Shoppers may take no staff action. */
const shopper = (): boolean => false;

/**
 * The one place an order becomes its API shape. `history` (events and payments) is for the order
 * pages; lists leave it out. `may` answers for the viewer's permissions, so that `allowedActions`
 * is exactly what this viewer can do to this order now.
 */
export function toOrderDto(
  row: OrderRow,
  items: OrderItemRow[],
  history?: Omit<OrderHistory, 'items'>,
  may: (permission: Permission) => boolean = shopper,
): Order {
  const money = (amount: number | string) => ({ amount: Number(amount), currency: row.currency });
  const billing = json<Order['billingAddress']>(row.billing_address);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    paymentStatus: row.payment_status,
    email: row.email,
    customerId: row.user_id,
    items: items.map((i) => {
      const giftCard = giftCardOf(i);
      return {
        id: i.id,
        variantId: i.variant_id,
        sku: i.sku,
        title: i.title,
        variantTitle: i.variant_title,
        quantity: Number(i.quantity),
        refundedQuantity: Number(i.refunded_quantity),
        unitPrice: money(i.unit_price),
        discount: money(i.discount),
        tax: money(i.tax),
        lineTotal: money(i.line_total),
        ...(giftCard ? { giftCard } : {}),
      };
    }),
    totals: {
      subtotal: money(row.subtotal),
      discount: money(row.discount),
      shipping: money(row.shipping),
      tax: money(row.tax),
      total: money(row.total),
    },
    refunded: money(row.refunded_amount),
    paidWithBalance: money(row.balance_amount ?? 0),
    amountDue: money(amountDue(row)),
    ...(may !== shopper ? { staffNote: row.staff_note ?? null } : {}),
    ...(row.coupon_code ? { coupon: { code: row.coupon_code } } : {}),
    shippingMethod: { id: row.shipping_method_id, name: row.shipping_method_name },
    shippingAddress: json<Order['shippingAddress']>(row.shipping_address)!,
    ...(billing ? { billingAddress: billing } : {}),
    ...(row.carrier && row.tracking_number ? { tracking: { carrier: row.carrier, number: row.tracking_number } } : {}),
    reservationExpiresAt: row.reservation_expires_at ? new Date(row.reservation_expires_at).toISOString() : null,
    ...(history
      ? {
          events: history.events.map((e) => ({
            type: e.type,
            from: e.from_status,
            to: e.to_status,
            note: e.note,
            actorUserId: e.actor_user_id,
            createdAt: new Date(e.created_at).toISOString(),
          })),
          payments: history.payments.map((p) => ({
            id: p.id,
            provider: p.provider,
            status: p.status,
            amount: money(p.amount),
            refunded: money(p.refunded_amount),
          })),
          flag: row.flag,
        }
      : {}),
    allowedActions: allowedActions(
      { status: row.status, paymentStatus: row.payment_status, total: Number(row.total), refunded: Number(row.refunded_amount) },
      may,
    ),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Orders for a list, given all their items. */
export const toOrderDtos = (rows: OrderRow[], items: OrderItemRow[], may: (permission: Permission) => boolean = shopper): Order[] =>
  rows.map((r) =>
    toOrderDto(
      r,
      items.filter((i) => i.order_id === r.id),
      undefined,
      may,
    ),
  );
