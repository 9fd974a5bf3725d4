import { z } from 'zod';
import { Availability } from '../catalog/catalog.schemas';
import { Money } from '../common/money.schemas';
import { Id } from '../common/ids.schemas';
import { type Cart } from '../orders/cart.schemas';
import { OrderStatus, PaymentStatus } from '../orders/order.schemas';
import { ReturnStatus } from '../returns/returns.schemas';
import { MAX_PRODUCT_SUBSCRIPTIONS } from './realtime.constants';

export const Subscription = z
  .object({ products: z.array(Id).max(MAX_PRODUCT_SUBSCRIPTIONS).optional(), orders: z.array(Id).max(20).optional() })
  .strict();
export type Subscription = z.infer<typeof Subscription>;

export const Ack = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type Ack = z.infer<typeof Ack>;

export const StockChanged = z.object({ productId: Id, variantId: Id, availability: Availability });
export type StockChanged = z.infer<typeof StockChanged>;
export const OrderStatusChanged = z.object({ orderId: Id, number: z.string(), status: OrderStatus, paymentStatus: PaymentStatus });
export type OrderStatusChanged = z.infer<typeof OrderStatusChanged>;
/** A return of an order changed state: sent to the order's room. */
export const ReturnUpdated = z.object({ orderId: Id, returnId: Id, number: z.string(), status: ReturnStatus });
export type ReturnUpdated = z.infer<typeof ReturnUpdated>;
export const AdminOrderSummary = z.object({
  id: Id,
  number: z.string(),
  email: z.string(),
  status: OrderStatus,
  total: Money,
  createdAt: z.string(),
});
export type AdminOrderSummary = z.infer<typeof AdminOrderSummary>;
export const StockLow = z.object({ variantId: Id, sku: z.string(), available: z.number().int() });
export type StockLow = z.infer<typeof StockLow>;

/** Events the server sends, with their payloads (one definition for server and client). */
export interface ServerToClientEvents {
  'cart:updated': (cart: Cart) => void;
  'stock:changed': (payload: StockChanged) => void;
  'order:status': (payload: OrderStatusChanged) => void;
  'return:updated': (payload: ReturnUpdated) => void;
  'order:created': (order: AdminOrderSummary) => void;
  'order:paid': (order: AdminOrderSummary) => void;
  'stock:low': (payload: StockLow) => void;
}

export interface ClientToServerEvents {
  subscribe: (payload: Subscription, ack: (result: Ack) => void) => void;
  unsubscribe: (payload: Subscription, ack: (result: Ack) => void) => void;
}
