import type { WebhookOrder } from '@bazaar/shared';
import type { OrderItemRow, OrderRow } from './order.repository';

/** The order as webhook receivers see it: the row as this transaction leaves it, and its lines. */
export function webhookOrder(order: OrderRow, items: OrderItemRow[]): WebhookOrder {
  const money = (amount: number | string) => ({ amount: Number(amount), currency: order.currency });
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    paymentStatus: order.payment_status,
    email: order.email,
    currency: order.currency,
    total: money(order.total),
    refunded: money(order.refunded_amount ?? 0),
    createdAt: new Date(order.created_at).toISOString(),
    lines: items.map((i) => ({
      sku: i.sku,
      title: i.variant_title ? `${i.title} (${i.variant_title})` : i.title,
      quantity: Number(i.quantity),
      unitPrice: money(i.unit_price),
      lineTotal: money(i.line_total),
    })),
  };
}
