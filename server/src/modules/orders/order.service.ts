import type { AdminOrderListQuery, AdminOrderSort, Order, Paginated, RefundRequest } from '@bazaar/shared';
import type { Db } from '../../db/db';
import type { AuditService } from '../audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound, validationFailed } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { newId } from '../../lib/tokens';
import { orderShippedMessage, type Mailer } from '../email';
import { assertTransition } from './order-state';
import type { OrderRepository, OrderRow } from './order.repository';
import type { OrderWorkflow } from './order-workflow';
import type { OrderPayments } from './order-payments';

/** Every sort ends with the id so that pages never overlap or skip a row. */
const ADMIN_ORDER_SORT: Record<AdminOrderSort, string> = {
  newest: 'created_at DESC, id DESC',
  oldest: 'created_at ASC, id ASC',
  total_desc: 'total DESC, id DESC',
  total_asc: 'total ASC, id ASC',
};

export interface OrderViewer {
  userId?: string;
  /** Orders this browser session placed as a guest. */
  sessionOrderIds?: string[];
  token?: string;
}

export class OrderService {
  constructor(
    private readonly db: Db,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    private readonly payments: OrderPayments,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly audit: AuditService,
  ) {}

  // --- shoppers --------------------------------------------------------------------------

  async listMine(userId: string, page: number, limit: number): Promise<Paginated<Order>> {
    const rows = await this.db.select<OrderRow>(
      'SELECT * FROM orders WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?',
      [userId, limit, (page - 1) * limit],
    );
    const count = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [userId]);
    return { items: await this.orders.toDtos(rows), page, limit, total: Number(count?.n ?? 0) };
  }

  /** Own orders only: the owner, the guest session that placed it, or the signed link. Anyone else gets 404. */
  canView(order: Pick<OrderRow, 'id' | 'user_id'>, viewer: OrderViewer): boolean {
    if (order.user_id) return order.user_id === viewer.userId;
    return (viewer.sessionOrderIds ?? []).includes(order.id) || (!!viewer.token && this.workflow.verifyAccessToken(order.id, viewer.token));
  }

  async getForViewer(orderId: string, viewer: OrderViewer): Promise<Order> {
    const found = await this.orders.detail(orderId);
    if (!found || !this.canView(found.row, viewer)) throw notFound('The order');
    return this.orders.toDto(found.row, { withHistory: true }, undefined, found.history.items, found.history);
  }

  /** The manual test provider's "the customer paid / was declined", through the same processor as Stripe's webhook. */
  async confirmManualPayment(paymentId: string, outcome: 'succeeded' | 'declined', viewer: OrderViewer): Promise<Order> {
    if (this.payments.provider !== 'manual') throw notFound('The payment');
    // The payment with its order's owner in one read: that is all the access check needs.
    const payment = await this.orders.paymentWithOwner(paymentId);
    const order = payment && { id: payment.order_id, user_id: payment.order_user_id };
    if (!payment || !order || !this.canView(order, viewer) || !payment.provider_ref) throw notFound('The payment');
    await this.payments.confirmManual(
      { providerRef: payment.provider_ref, orderId: order.id, amount: Number(payment.amount), currency: payment.currency },
      outcome,
    );
    return this.getForViewer(order.id, viewer);
  }

  // --- staff -----------------------------------------------------------------------------

  async adminList(q: AdminOrderListQuery): Promise<Paginated<Order>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (q.status) add('status = ?', q.status);
    if (q.payment_status) add('payment_status = ?', q.payment_status);
    if (q.email) add('email = ?', q.email.toLowerCase());
    if (q.customer_id) add('user_id = ?', q.customer_id);
    if (q.number) add('number = ?', q.number.toUpperCase());
    if (q.from) add('created_at >= ?', new Date(q.from));
    if (q.to) add('created_at < ?', new Date(q.to));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.select<OrderRow>(`SELECT * FROM orders ${clause} ORDER BY ${ADMIN_ORDER_SORT[q.sort]} LIMIT ? OFFSET ?`, [
      ...params,
      q.limit,
      (q.page - 1) * q.limit,
    ]);
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM orders ${clause}`, params);
    return { items: await this.orders.toDtos(rows), page: q.page, limit: q.limit, total: Number(count?.n ?? 0) };
  }

  async adminGet(orderId: string): Promise<Order> {
    const found = await this.orders.detail(orderId);
    if (!found) throw notFound('The order');
    return this.orders.toDto(found.row, { withHistory: true }, undefined, found.history.items, found.history);
  }

  async fulfil(orderId: string, input: { carrier: string; trackingNumber: string; note?: string }, actorUserId: string): Promise<Order> {
    await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      assertTransition(order.status, 'fulfilled');
      const now = this.clock.now();
      await this.orders.setStatus(orderId, { status: 'fulfilled', carrier: input.carrier, tracking_number: input.trackingNumber }, now, tx);
      await this.orders.event(
        orderId,
        {
          type: 'fulfilled',
          from: order.status,
          to: 'fulfilled',
          actorUserId,
          // Erasure reduces this note to the carrier (PrivacyRepository.scrubOrderHistory).
          note: `${input.carrier} ${input.trackingNumber}${input.note ? ` — ${input.note}` : ''}`,
        },
        now,
        tx,
      );
      await this.audit.record(
        'order_fulfilled',
        { actorUserId, targetUserId: order.user_id },
        { orderId, number: order.number, carrier: input.carrier },
        tx,
      );
      const items = await this.orders.items(orderId, tx);
      await this.mailer.send(
        orderShippedMessage(
          {
            number: order.number,
            email: order.email,
            total: { amount: Number(order.total), currency: order.currency },
            items: items.map((i) => ({ title: i.title, variantTitle: i.variant_title, quantity: Number(i.quantity) })),
            carrier: input.carrier,
            trackingNumber: input.trackingNumber,
          },
          this.workflow.orderUrl(orderId),
        ),
        tx,
      );
      this.workflow.announce(tx, 'status', orderId);
    });
    return this.adminGet(orderId);
  }

  async deliver(orderId: string, actorUserId: string, note?: string): Promise<Order> {
    await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      assertTransition(order.status, 'delivered');
      const now = this.clock.now();
      await this.orders.setStatus(orderId, { status: 'delivered' }, now, tx);
      await this.orders.event(
        orderId,
        { type: 'delivered', from: order.status, to: 'delivered', actorUserId, note: note ?? null },
        now,
        tx,
      );
      this.workflow.announce(tx, 'status', orderId);
    });
    return this.adminGet(orderId);
  }

  /** Unpaid: the reservation is released. Paid and not shipped: items are restocked and the rest refunded. */
  async cancel(orderId: string, actorUserId: string, note?: string): Promise<Order> {
    const refundAfter = await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      await this.audit.record(
        'order_cancelled',
        { actorUserId, targetUserId: order.user_id },
        { orderId, number: order.number, status: order.status },
        tx,
      );
      if (order.status === 'pending_payment') {
        await this.workflow.cancelUnpaid(order, 'cancelled', actorUserId, note ?? null, tx);
        return false;
      }
      await this.workflow.cancelPaid(order, actorUserId, note ?? null, tx);
      return Number(order.total) - Number(order.refunded_amount) > 0;
    });
    if (refundAfter) await this.refund(orderId, { full: true, reason: note ?? 'order cancelled' }, actorUserId);
    else if (this.payments.provider === 'stripe') {
      const [payment] = await this.orders.payments(orderId);
      if (payment?.provider_ref)
        await this.payments
          .cancel(payment.provider_ref)
          .catch((err: unknown) => this.logger.warn({ err }, 'cancelling the payment intent failed'));
    }
    return this.adminGet(orderId);
  }

  /** Refund by amount, by lines, or in full; never more than what is left. */
  async refund(orderId: string, request: RefundRequest, actorUserId: string): Promise<Order> {
    const { refundId, payment, amount } = await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      const payment = (await this.orders.payments(orderId, tx)).find((p) => p.status === 'succeeded');
      if (!payment || !payment.provider_ref) throw new AppError('INVALID_TRANSITION', 'This order has no captured payment to refund.');
      const pending = await this.db.one<{ s: number | null }>(
        "SELECT SUM(amount) AS s FROM refunds WHERE order_id = ? AND status IN ('pending','succeeded')",
        [orderId],
        tx,
      );
      const refundable = Number(order.total) - Number(pending?.s ?? 0);
      let amount: number;
      let lines: { itemId: string; quantity: number }[] | null = null;
      if ('full' in request) amount = refundable;
      else if ('amount' in request) amount = request.amount;
      else {
        lines = request.lines;
        amount = 0;
        const items = await this.orders.items(orderId, tx);
        for (const [i, line] of request.lines.entries()) {
          const item = items.find((it) => it.id === line.itemId);
          if (!item) throw validationFailed([{ path: `lines.${i}.itemId`, message: 'Not a line of this order' }]);
          const left = Number(item.quantity) - Number(item.refunded_quantity);
          if (line.quantity > left) throw validationFailed([{ path: `lines.${i}.quantity`, message: `Only ${left} left to refund` }]);
          // The line's share of what was paid: its total less its discount plus its tax, per unit.
          const paid = Number(item.line_total) - Number(item.discount) + Number(item.tax);
          amount += Math.round((paid * line.quantity) / Number(item.quantity));
          await this.db.execute(
            'UPDATE order_items SET refunded_quantity = refunded_quantity + ? WHERE id = ?',
            [line.quantity, item.id],
            tx,
          );
        }
      }
      if (amount <= 0 || amount > refundable) {
        throw new AppError('CONFLICT', `At most ${refundable} can still be refunded.`, [
          { path: 'amount', message: `At most ${refundable}` },
        ]);
      }
      const refundId = newId();
      const now = this.clock.now();
      await this.db.execute(
        "INSERT INTO refunds (id, order_id, payment_id, amount, status, reason, refund_lines, actor_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
        [refundId, orderId, payment.id, amount, request.reason ?? null, lines ? JSON.stringify(lines) : null, actorUserId, now, now],
        tx,
      );
      // Erasure keeps the amount, the part before " — " (PrivacyRepository.scrubOrderHistory).
      await this.orders.event(
        orderId,
        { type: 'refund_requested', actorUserId, note: `${amount}${request.reason ? ` — ${request.reason}` : ''}` },
        now,
        tx,
      );
      await this.audit.record(
        'order_refunded',
        { actorUserId, targetUserId: order.user_id },
        { orderId, number: order.number, amount, currency: order.currency },
        tx,
      );
      return { refundId, payment, amount };
    });

    // The provider call is outside the transaction; its answer comes back as an event like a webhook would.
    let created;
    try {
      created = await this.payments.requestRefund({ providerRef: payment.provider_ref!, amount, refundId });
    } catch (err) {
      await this.db.execute("UPDATE refunds SET status = 'failed', updated_at = ? WHERE id = ?", [this.clock.now(), refundId]);
      this.logger.error({ err, orderId }, 'refund failed at the provider');
      throw new AppError('PAYMENT_FAILED', 'The payment provider refused the refund.');
    }
    await this.db.execute('UPDATE refunds SET provider_ref = ?, updated_at = ? WHERE id = ?', [
      created.providerRef,
      this.clock.now(),
      refundId,
    ]);
    await this.payments.applyRefund({ paymentRef: payment.provider_ref!, refundId, amount }, created);
    return this.adminGet(orderId);
  }

  // --- background ------------------------------------------------------------------------

  /** Unpaid orders past their reservation are cancelled and their stock released (every minute). */
  async expireReservations(limit = 200): Promise<number> {
    const due = await this.db.select<{ id: string }>(
      "SELECT id FROM orders WHERE status = 'pending_payment' AND reservation_expires_at < ? ORDER BY reservation_expires_at LIMIT ?",
      [this.clock.now(), limit],
    );
    let expired = 0;
    for (const { id } of due) {
      const done = await this.db.transaction(async (tx) => {
        const order = await this.orders.byId(id, tx, true);
        if (!order || order.status !== 'pending_payment') return false;
        if ((await this.orders.payments(id, tx)).some((p) => p.status === 'succeeded')) return false;
        await this.workflow.cancelUnpaid(order, 'expired', null, 'the reservation expired before payment', tx);
        return true;
      });
      if (done) expired++;
    }
    return expired;
  }

  /** Asks the provider about payments still pending after `olderThanMs`, and applies what it says (lost webhooks). */
  async reconcile(olderThanMs: number, limit = 100): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - olderThanMs);
    const stale = await this.db.select<{ provider_ref: string }>(
      "SELECT provider_ref FROM payments WHERE provider = ? AND status IN ('requires_payment','processing','failed') AND provider_ref IS NOT NULL AND created_at < ? ORDER BY created_at LIMIT ?",
      [this.payments.provider, cutoff, limit],
    );
    let applied = 0;
    for (const { provider_ref } of stale) if (await this.payments.reconcile(provider_ref)) applied++;
    return applied;
  }
}
