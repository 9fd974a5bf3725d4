import type { OrderRow } from './order.repository';

type Required =
  'id' | 'number' | 'user_id' | 'email' | 'status' | 'currency' | 'shipping_method_id' | 'shipping_method_name' | 'created_at';

/**
 * A new order row: what every new order has in common (nothing paid, refunded, shipped or flagged
 * yet) with the caller's fields on top. `totals` are priceOrder's amounts.
 */
export function newOrderRow(
  o: Pick<OrderRow, Required> & {
    totals: Pick<OrderRow, 'subtotal' | 'discount' | 'shipping' | 'tax' | 'total'>;
    shippingAddress: object;
  } & Partial<OrderRow>,
): OrderRow {
  const { totals, shippingAddress, ...rest } = o;
  return {
    payment_status: 'pending',
    balance_amount: 0,
    refunded_amount: 0,
    cart_id: null,
    coupon_id: null,
    coupon_code: null,
    billing_address: null,
    carrier: null,
    tracking_number: null,
    reservation_expires_at: null,
    flag: null,
    stock_reserved: true,
    staff_note: null,
    subtotal: totals.subtotal,
    discount: totals.discount,
    shipping: totals.shipping,
    tax: totals.tax,
    total: totals.total,
    shipping_address: JSON.stringify(shippingAddress),
    ...rest,
  };
}
