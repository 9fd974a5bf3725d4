import type { AdminOrderListQuery, AdminOrderSort, GiftCardRecipient, OrderStatus, PaymentStatus } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';

export interface OrderRow {
  id: string;
  number: string;
  user_id: string | null;
  email: string;
  status: OrderStatus;
  payment_status: PaymentStatus;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  /** What gift cards and store credit paid. */
  balance_amount: number;
  refunded_amount: number;
  /** Owed by the customer after an edit raised the total of a paid order. */
  amount_due?: number;
  cart_id: string | null;
  coupon_id: string | null;
  coupon_code: string | null;
  shipping_method_id: string | null;
  shipping_method_name: string;
  shipping_address: string | object;
  billing_address: string | object | null;
  carrier: string | null;
  tracking_number: string | null;
  reservation_expires_at: Date | null;
  flag: string | null;
  /** Whether the order holds a reservation of its lines (a checkout does; an invoice only if staff chose). */
  stock_reserved: number | boolean;
  staff_note: string | null;
  created_at: Date;
  /** Read with the row (SELECT *); rows built in code leave it out. */
  paid_at?: Date | null;
}

export interface OrderItemRow {
  id: string;
  order_id: string;
  variant_id: string | null;
  product_id: string | null;
  sku: string;
  title: string;
  variant_title: string;
  quantity: number;
  refunded_quantity: number;
  unit_price: number;
  discount: number;
  tax: number;
  line_total: number;
  /** A gift-card line: who its cards are for (JSON as stored, or parsed); null on every other line. */
  gift_card?: string | GiftCardRecipient | null;
}

/** A line's gift-card recipient, parsed; undefined for a line that is not a gift card. */
export const giftCardOf = (item: Pick<OrderItemRow, 'gift_card'>): GiftCardRecipient | undefined =>
  item.gift_card ? (typeof item.gift_card === 'string' ? (JSON.parse(item.gift_card) as GiftCardRecipient) : item.gift_card) : undefined;

export interface PaymentRow {
  id: string;
  order_id: string;
  provider: 'stripe' | 'manual' | 'offline';
  provider_ref: string | null;
  amount: number;
  currency: string;
  status: 'creating' | 'requires_payment' | 'processing' | 'succeeded' | 'failed' | 'cancelled';
  refunded_amount: number;
  client_secret: string | null;
}

export interface OrderEventRow {
  type: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  actor_user_id: string | null;
  created_at: Date | string;
}

/** A finished order written in one go (see `OrderRepository.insertCompleted`). */
export interface CompletedOrder {
  order: OrderRow;
  items: OrderItemRow[];
  paymentId: string;
  provider: 'stripe' | 'manual' | 'offline';
  paidAt: Date;
  updatedAt: Date;
  /** In the order they happened; every order has at least one. */
  events: { type: string; from: string | null; to: string | null; note: string | null; at: Date }[];
}

/** What an order page shows besides the order row. */
export interface OrderHistory {
  items: OrderItemRow[];
  events: OrderEventRow[];
  payments: Pick<PaymentRow, 'id' | 'provider' | 'status' | 'amount' | 'refunded_amount'>[];
}

const json = <T>(v: string | object | null): T | undefined =>
  v === null ? undefined : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);

/** Every sort ends with the id so that pages never overlap or skip a row. */
const ADMIN_ORDER_SORT: Record<AdminOrderSort, string> = {
  newest: 'created_at DESC, id DESC',
  oldest: 'created_at ASC, id ASC',
  total_desc: 'total DESC, id DESC',
  total_asc: 'total ASC, id ASC',
};

export type OrderFilters = Omit<AdminOrderListQuery, 'page' | 'limit' | 'sort'>;

export class OrderRepository {
  constructor(private readonly db: Db) {}

  /** A customer's orders, newest first, and how many there are. */
  async pageOfUser(userId: string, limit: number, offset: number): Promise<{ rows: OrderRow[]; total: number }> {
    const rows = await this.db.select<OrderRow>(
      'SELECT * FROM orders WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?',
      [userId, limit, offset],
    );
    const count = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [userId]);
    return { rows, total: Number(count?.n ?? 0) };
  }

  /** The staff's order list: filters, a sort, a page, and the count of all that match. */
  async search(f: OrderFilters, sort: AdminOrderSort, limit: number, offset: number): Promise<{ rows: OrderRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (f.status) add('status = ?', f.status);
    if (f.payment_status) add('payment_status = ?', f.payment_status);
    if (f.email) add('email = ?', f.email.toLowerCase());
    if (f.customer_id) add('user_id = ?', f.customer_id);
    if (f.number) add('number = ?', f.number.toUpperCase());
    if (f.from) add('created_at >= ?', new Date(f.from));
    if (f.to) add('created_at < ?', new Date(f.to));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.select<OrderRow>(`SELECT * FROM orders ${clause} ORDER BY ${ADMIN_ORDER_SORT[sort]} LIMIT ? OFFSET ?`, [
      ...params,
      limit,
      offset,
    ]);
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM orders ${clause}`, params);
    return { rows, total: Number(count?.n ?? 0) };
  }

  /** Unpaid orders whose reservation has run out, oldest first. */
  async idsPastReservation(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db.select<{ id: string }>(
      "SELECT id FROM orders WHERE status = 'pending_payment' AND reservation_expires_at < ? ORDER BY reservation_expires_at LIMIT ?",
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Provider references of payments still open since before `cutoff` (a webhook may have been lost). */
  async stalePaymentRefs(provider: string, cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.db.select<{ provider_ref: string }>(
      "SELECT provider_ref FROM payments WHERE provider = ? AND status IN ('requires_payment','processing','failed') AND provider_ref IS NOT NULL AND created_at < ? ORDER BY created_at LIMIT ?",
      [provider, cutoff, limit],
    );
    return rows.map((r) => r.provider_ref);
  }

  async addRefundedQuantity(itemId: string, quantity: number, tx: Transaction): Promise<void> {
    await this.db.execute('UPDATE order_items SET refunded_quantity = refunded_quantity + ? WHERE id = ?', [quantity, itemId], tx);
  }

  /** A payment's status and the provider's last word on it. */
  async updatePayment(
    id: string,
    changes: { status?: PaymentRow['status']; lastEvent?: string },
    now: Date,
    tx: Transaction,
  ): Promise<void> {
    const set = [
      ...(changes.status ? [['status', changes.status]] : []),
      ...(changes.lastEvent !== undefined ? [['last_event', changes.lastEvent]] : []),
    ] as [string, string][];
    await this.db.execute(
      `UPDATE payments SET ${set.map(([c]) => `${c} = ?, `).join('')}updated_at = ? WHERE id = ?`,
      [...set.map(([, v]) => v), now, id],
      tx,
    );
  }

  /** An unpaid order ended: its payments that never succeeded are cancelled. */
  async cancelOpenPayments(orderId: string, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute(
      "UPDATE payments SET status = 'cancelled', updated_at = ? WHERE order_id = ? AND status NOT IN ('succeeded','cancelled')",
      [now, orderId],
      tx,
    );
  }

  async setPaymentRefunded(orderId: string, refunded: number, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute(
      'UPDATE payments SET refunded_amount = ?, updated_at = ? WHERE order_id = ? AND status = ?',
      [refunded, now, orderId, 'succeeded'],
      tx,
    );
  }

  /** The products' sales counter (the catalog's "best selling" sort) after a sale. */
  async countSold(items: OrderItemRow[], tx: Transaction): Promise<void> {
    for (const i of items)
      if (i.product_id)
        await this.db.execute('UPDATE products SET sold_count = sold_count + ? WHERE id = ?', [Number(i.quantity), i.product_id], tx);
  }

  /** Whether this customer (by account or e-mail address) has an order that was paid (first-order promotions). */
  async hasOrdered(customer: { userId?: string | null; email?: string | null }, tx?: Transaction): Promise<boolean> {
    if (!customer.userId && !customer.email) return false;
    const row = await this.db.one<{ found: number }>(
      `SELECT 1 AS found FROM orders WHERE (user_id = ? OR email = ?) AND status NOT IN ('draft', 'pending_payment', 'cancelled') LIMIT 1`,
      [customer.userId ?? null, customer.email ?? null],
      tx,
    );
    return Boolean(row);
  }

  async nextNumber(tx: Transaction): Promise<string> {
    const row = await this.db.one<{ n: number | bigint }>('SELECT NEXTVAL(order_number_seq) AS n', [], tx);
    return `BZ-${Number(row!.n)}`;
  }

  /** A new order row (updated_at = `now`). */
  /** The market an order was bought in and the rate it was priced at (orders of the default market leave both null). */
  async setMarket(orderId: string, marketCode: string, exchangeRate: string | null, tx: Transaction) {
    await this.db.execute('UPDATE orders SET market_code = ?, exchange_rate = ? WHERE id = ?', [marketCode, exchangeRate, orderId], tx);
  }

  async insert(o: OrderRow, now: Date, tx: Transaction) {
    await this.db.execute(
      `INSERT INTO orders (id, number, user_id, email, status, payment_status, currency, subtotal, discount, shipping, tax, total, balance_amount, cart_id, coupon_id, coupon_code,
         shipping_method_id, shipping_method_name, shipping_address, billing_address, reservation_expires_at, stock_reserved, staff_note, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        o.id,
        o.number,
        o.user_id,
        o.email,
        o.status,
        o.payment_status,
        o.currency,
        o.subtotal,
        o.discount,
        o.shipping,
        o.tax,
        o.total,
        o.balance_amount,
        o.cart_id,
        o.coupon_id,
        o.coupon_code,
        o.shipping_method_id,
        o.shipping_method_name,
        o.shipping_address,
        o.billing_address,
        o.reservation_expires_at,
        o.stock_reserved ? 1 : 0,
        o.staff_note,
        o.created_at,
        now,
      ],
      tx,
    );
  }

  /** `count` new order numbers at once (one statement over the sequence engine's `seq_1_to_n` table). */
  async nextNumbers(count: number, tx: Transaction): Promise<string[]> {
    if (count < 1) return [];
    const rows = await this.db.select<{ n: number | bigint }>(
      `SELECT NEXTVAL(order_number_seq) AS n FROM seq_1_to_${Math.floor(count)}`,
      [],
      tx,
    );
    return rows.map((r) => `BZ-${Number(r.n)}`);
  }

  /**
   * Orders that already went the whole way (the demo shop's history), in multi-row INSERTs:
   * each order with its items, its succeeded payment and its status events, as the checkout,
   * payment and fulfilment steps would have left them.
   */
  async insertCompleted(orders: CompletedOrder[], tx: Transaction): Promise<void> {
    const chunk = 200;
    for (let start = 0; start < orders.length; start += chunk) {
      const part = orders.slice(start, start + chunk);
      await this.db.execute(
        `INSERT INTO orders (id, number, user_id, email, status, payment_status, currency, subtotal, discount, shipping, tax, total,
           shipping_method_id, shipping_method_name, shipping_address, carrier, tracking_number, created_at, updated_at, paid_at)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        part.flatMap(({ order: o, paidAt, updatedAt }) => [
          o.id,
          o.number,
          o.user_id,
          o.email,
          o.status,
          o.payment_status,
          o.currency,
          o.subtotal,
          o.discount,
          o.shipping,
          o.tax,
          o.total,
          o.shipping_method_id,
          o.shipping_method_name,
          typeof o.shipping_address === 'string' ? o.shipping_address : JSON.stringify(o.shipping_address),
          o.carrier,
          o.tracking_number,
          o.created_at,
          updatedAt,
          paidAt,
        ]),
        tx,
      );
      const items = part.flatMap(({ items }) => items.map((item, position) => ({ item, position })));
      await this.db.execute(
        `INSERT INTO order_items (id, order_id, variant_id, product_id, sku, title, variant_title, quantity, unit_price, discount, tax, line_total, position)
         VALUES ${items.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        items.flatMap(({ item: i, position }) => [
          i.id,
          i.order_id,
          i.variant_id,
          i.product_id,
          i.sku,
          i.title,
          i.variant_title,
          i.quantity,
          i.unit_price,
          i.discount,
          i.tax,
          i.line_total,
          position,
        ]),
        tx,
      );
      await this.db.execute(
        `INSERT INTO payments (id, order_id, provider, amount, currency, status, created_at, updated_at)
         VALUES ${part.map(() => "(?, ?, ?, ?, ?, 'succeeded', ?, ?)").join(', ')}`,
        part.flatMap(({ order: o, paymentId, provider, paidAt }) => [paymentId, o.id, provider, o.total, o.currency, o.created_at, paidAt]),
        tx,
      );
      const events = part.flatMap(({ order: o, events }) => events.map((e) => ({ orderId: o.id, ...e })));
      await this.db.execute(
        `INSERT INTO order_events (order_id, type, from_status, to_status, note, created_at)
         VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        events.flatMap((e) => [e.orderId, e.type, e.from, e.to, e.note, e.at]),
        tx,
      );
    }
  }

  /** An order's items in one multi-row INSERT; `position` is their index. */
  async insertItems(items: OrderItemRow[], tx: Transaction, firstPosition = 0) {
    if (!items.length) return;
    await this.db.execute(
      `INSERT INTO order_items (id, order_id, variant_id, product_id, sku, title, variant_title, quantity, unit_price, discount, tax, line_total, gift_card, position)
       VALUES ${items.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      items.flatMap((i, position) => [
        i.id,
        i.order_id,
        i.variant_id,
        i.product_id,
        i.sku,
        i.title,
        i.variant_title,
        i.quantity,
        i.unit_price,
        i.discount,
        i.tax,
        i.line_total,
        i.gift_card ? (typeof i.gift_card === 'string' ? i.gift_card : JSON.stringify(i.gift_card)) : null,
        firstPosition + position,
      ]),
      tx,
    );
  }

  byId(id: string, tx?: Transaction, forUpdate = false) {
    return this.db.one<OrderRow>(`SELECT * FROM orders WHERE id = ?${forUpdate ? ' FOR UPDATE' : ''}`, [id], tx);
  }

  items(orderId: string, tx?: Transaction) {
    return this.db.select<OrderItemRow>('SELECT * FROM order_items WHERE order_id = ? ORDER BY position', [orderId], tx);
  }

  payments(orderId: string, tx?: Transaction) {
    return this.db.select<PaymentRow>('SELECT * FROM payments WHERE order_id = ? ORDER BY created_at', [orderId], tx);
  }

  payment(id: string, tx?: Transaction, forUpdate = false) {
    return this.db.one<PaymentRow>(`SELECT * FROM payments WHERE id = ?${forUpdate ? ' FOR UPDATE' : ''}`, [id], tx);
  }

  /** An order's payment, before the provider has been asked for it. */
  async insertPayment(
    p: { id: string; orderId: string; provider: PaymentRow['provider']; amount: number; currency: string; now: Date },
    tx: Transaction,
  ): Promise<void> {
    await this.db.execute(
      "INSERT INTO payments (id, order_id, provider, amount, currency, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'creating', ?, ?)",
      [p.id, p.orderId, p.provider, p.amount, p.currency, p.now, p.now],
      tx,
    );
  }

  /** A payment staff recorded as made outside the shop: succeeded from the start. */
  async insertOfflinePayment(
    p: { id: string; orderId: string; amount: number; currency: string; now: Date },
    tx: Transaction,
  ): Promise<void> {
    await this.db.execute(
      "INSERT INTO payments (id, order_id, provider, provider_ref, amount, currency, status, created_at, updated_at) VALUES (?, ?, 'offline', ?, ?, ?, 'succeeded', ?, ?)",
      [p.id, p.orderId, `offline_${p.id}`, p.amount, p.currency, p.now, p.now],
      tx,
    );
  }

  /** The provider created the payment: only the first report counts (a replayed checkout may race the first). */
  setPaymentCreated(id: string, created: { providerRef: string; clientSecret?: string }, now: Date) {
    return this.db.execute(
      "UPDATE payments SET provider_ref = ?, client_secret = ?, status = 'requires_payment', updated_at = ? WHERE id = ? AND status = 'creating'",
      [created.providerRef, created.clientSecret ?? null, now, id],
    );
  }

  /** A payment and the user its order belongs to (null for a guest's order). */
  paymentWithOwner(id: string) {
    return this.db.one<PaymentRow & { order_user_id: string | null }>(
      'SELECT p.*, o.user_id AS order_user_id FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = ?',
      [id],
    );
  }

  paymentByRef(provider: string, ref: string, tx?: Transaction, forUpdate = false) {
    return this.db.one<PaymentRow>(
      `SELECT * FROM payments WHERE provider = ? AND provider_ref = ?${forUpdate ? ' FOR UPDATE' : ''}`,
      [provider, ref],
      tx,
    );
  }

  async setStatus(
    orderId: string,
    changes: {
      status?: OrderStatus;
      payment_status?: PaymentStatus;
      refunded_amount?: number;
      flag?: string | null;
      paid_at?: Date;
      carrier?: string;
      tracking_number?: string;
      stock_reserved?: boolean;
      staff_note?: string | null;
      amount_due?: number;
    },
    now: Date,
    tx: Transaction,
  ) {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    await this.db.execute(
      `UPDATE orders SET ${entries.map(([k]) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
      [...entries.map(([, v]) => v), now, orderId],
      tx,
    );
  }

  async event(
    orderId: string,
    e: { type: string; from?: string | null; to?: string | null; actorUserId?: string | null; note?: string | null },
    now: Date,
    tx: Transaction,
  ) {
    await this.db.execute(
      'INSERT INTO order_events (order_id, type, from_status, to_status, actor_user_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [orderId, e.type, e.from ?? null, e.to ?? null, e.actorUserId ?? null, e.note?.slice(0, 1000) ?? null, now],
      tx,
    );
  }

  /** An order's columns changed by staff (a draft rewritten, an edit applied); `where.status`: only while it has that status. */
  async rewrite(
    orderId: string,
    changes: Partial<Omit<OrderRow, 'id' | 'number' | 'created_at'>>,
    now: Date,
    tx: Transaction,
    where: { status?: OrderStatus } = {},
  ): Promise<void> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    await this.db.execute(
      `UPDATE orders SET ${entries.map(([k]) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?${where.status ? ' AND status = ?' : ''}`,
      [...entries.map(([, v]) => v), now, orderId, ...(where.status ? [where.status] : [])],
      tx,
    );
  }

  /** An order's lines changed: quantities and amounts of kept ones, removed ones, added ones (after the others). */
  async replaceLines(orderId: string, lines: { changed: OrderItemRow[]; removed: string[]; added: OrderItemRow[] }, tx: Transaction) {
    for (const i of lines.changed)
      await this.db.execute(
        'UPDATE order_items SET quantity = ?, discount = ?, tax = ?, line_total = ? WHERE id = ?',
        [i.quantity, i.discount, i.tax, i.line_total, i.id],
        tx,
      );
    if (lines.removed.length) await this.db.execute('DELETE FROM order_items WHERE id IN (?)', [lines.removed], tx);
    if (lines.added.length) {
      const next = await this.db.one<{ n: number }>(
        'SELECT COALESCE(MAX(position), -1) + 1 AS n FROM order_items WHERE order_id = ?',
        [orderId],
        tx,
      );
      await this.insertItems(lines.added, tx, Number(next?.n ?? 0));
    }
  }

  /** When the order was last marked delivered (the return window counts from it). */
  async deliveredAt(orderId: string, tx?: Transaction): Promise<Date | undefined> {
    const row = await this.db.one<{ at: Date | null }>(
      "SELECT MAX(created_at) AS at FROM order_events WHERE order_id = ? AND type = 'delivered'",
      [orderId],
      tx,
    );
    return row?.at ? new Date(row.at) : undefined;
  }

  /** The items of several orders in one query (a list page), in each order's own order. */
  itemsOfOrders(orderIds: string[]): Promise<OrderItemRow[]> {
    if (!orderIds.length) return Promise.resolve([]);
    return this.db.select<OrderItemRow>('SELECT * FROM order_items WHERE order_id IN (?) ORDER BY order_id, position', [orderIds]);
  }

  /** An order's items, events and payments read table by table (inside a transaction, or for an export). */
  async history(orderId: string, tx?: Transaction): Promise<OrderHistory> {
    const [items, events, payments] = await Promise.all([
      this.items(orderId, tx),
      this.db.select<OrderEventRow>('SELECT * FROM order_events WHERE order_id = ? ORDER BY id', [orderId], tx),
      this.payments(orderId, tx),
    ]);
    return { items, events, payments };
  }

  /**
   * An order with its items, events and payments in one statement (the order page, and the answer
   * to a payment confirmation), where reading them table by table took four round trips. Each
   * child table comes back as a JSON array in the order `history` reads it in; dates as ISO strings.
   */
  async detail(id: string): Promise<{ row: OrderRow; history: OrderHistory } | undefined> {
    const found = await this.db.one<
      OrderRow & { items_json: string | object | null; events_json: string | object | null; payments_json: string | object | null }
    >(
      `SELECT o.*,
              (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', i.id, 'order_id', i.order_id, 'variant_id', i.variant_id, 'product_id', i.product_id, 'sku', i.sku, 'title', i.title,
                        'variant_title', i.variant_title, 'quantity', i.quantity, 'refunded_quantity', i.refunded_quantity, 'unit_price', i.unit_price,
                        'discount', i.discount, 'tax', i.tax, 'line_total', i.line_total) ORDER BY i.position)
                 FROM order_items i WHERE i.order_id = o.id) AS items_json,
              (SELECT JSON_ARRAYAGG(JSON_OBJECT('type', e.type, 'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note,
                        'actor_user_id', e.actor_user_id, 'created_at', DATE_FORMAT(e.created_at, '%Y-%m-%dT%H:%i:%s.%fZ')) ORDER BY e.id)
                 FROM order_events e WHERE e.order_id = o.id) AS events_json,
              (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', p.id, 'provider', p.provider, 'status', p.status, 'amount', p.amount, 'refunded_amount', p.refunded_amount) ORDER BY p.created_at)
                 FROM payments p WHERE p.order_id = o.id) AS payments_json
         FROM orders o WHERE o.id = ?`,
      [id],
    );
    if (!found) return undefined;
    const { items_json, events_json, payments_json, ...row } = found;
    return {
      row,
      history: {
        items: json<OrderItemRow[]>(items_json) ?? [],
        events: json<OrderEventRow[]>(events_json) ?? [],
        payments: json<Pick<PaymentRow, 'id' | 'provider' | 'status' | 'amount' | 'refunded_amount'>[]>(payments_json) ?? [],
      },
    };
  }
}
