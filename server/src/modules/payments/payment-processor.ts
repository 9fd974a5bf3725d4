import { isDuplicateKey, type Db, type Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { newId } from '../../lib/tokens';
import type { PaymentEvent } from './payment-events';
import type { OrderRepository, OrderRow, OrderWorkflow, PaymentRow } from '../orders';

export type ProcessOutcome = 'duplicate' | 'applied' | 'unchanged' | 'flagged' | 'unknown_payment' | 'ignored';

/**
 * Applies payment events, from Stripe's webhook or the manual provider, exactly once each and in
 * whatever order they arrive. The event row and its effects share one transaction: if processing
 * fails nothing is recorded, and the provider's retry gets a fresh chance.
 */
export class PaymentProcessor {
  private readonly listeners: ((provider: string, outcome: ProcessOutcome) => void)[] = [];
  /** Told about each processed event's outcome (metrics). */
  onProcessed(listener: (provider: string, outcome: ProcessOutcome) => void): void {
    this.listeners.push(listener);
  }

  constructor(
    private readonly db: Db,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * `knownOrderId`: the order the caller has already found the payment under (the manual provider's
   * confirm route); it spares the unlocked lookup of the payment that only finds its order. It is
   * checked against the locked payment, so a wrong one only costs the lookup after all.
   */
  async process(event: PaymentEvent, payload: unknown, knownOrderId?: string): Promise<ProcessOutcome> {
    const outcome = await this.processOnce(event, payload, knownOrderId);
    for (const l of this.listeners) l(event.provider, outcome);
    return outcome;
  }

  private async processOnce(event: PaymentEvent, payload: unknown, knownOrderId?: string): Promise<ProcessOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        const now = this.clock.now();
        await this.db.execute(
          'INSERT INTO payment_events (id, provider, type, payload, received_at) VALUES (?, ?, ?, ?, ?)',
          [event.id, event.provider, event.kind === 'ignored' ? event.type : event.kind, JSON.stringify(payload ?? {}), now],
          tx,
        );
        const outcome = await this.apply(event, payload, tx, knownOrderId);
        await this.db.execute('UPDATE payment_events SET processed_at = ?, outcome = ? WHERE id = ?', [now, outcome, event.id], tx);
        return outcome;
      });
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      throw err;
    }
  }

  /** Locks the order, then its payment (always in that order). */
  private async lock(
    provider: string,
    ref: string,
    tx: Transaction,
    knownOrderId?: string,
  ): Promise<{ order: OrderRow; payment: PaymentRow } | undefined> {
    if (knownOrderId) {
      const order = await this.orders.byId(knownOrderId, tx, true);
      const payment = order && (await this.orders.paymentByRef(provider, ref, tx, true));
      if (order && payment?.order_id === order.id) return { order, payment };
    }
    const found = await this.orders.paymentByRef(provider, ref, tx);
    if (!found) return undefined;
    const order = (await this.orders.byId(found.order_id, tx, true))!;
    const payment = (await this.orders.paymentByRef(provider, ref, tx, true))!;
    return { order, payment };
  }

  private async apply(event: PaymentEvent, payload: unknown, tx: Transaction, knownOrderId?: string): Promise<ProcessOutcome> {
    if (event.kind === 'ignored') return 'ignored';
    const locked = await this.lock(event.provider, event.paymentRef, tx, knownOrderId);
    if (!locked) {
      this.logger.warn({ event: event.id, ref: event.paymentRef }, 'payment event for an unknown payment');
      return 'unknown_payment';
    }
    const { order, payment } = locked;
    const now = this.clock.now();
    const lastEvent = JSON.stringify(payload ?? {});
    // A capture records the event in the same UPDATE that marks the payment succeeded.
    if (event.kind !== 'payment.succeeded' && event.kind !== 'charge.refunded') {
      await this.db.execute('UPDATE payments SET last_event = ?, updated_at = ? WHERE id = ?', [lastEvent, now, payment.id], tx);
    }

    switch (event.kind) {
      case 'payment.succeeded':
        return this.succeeded(order, payment, event.amount, event.currency, event.orderId, lastEvent, tx);
      case 'charge.refunded': {
        // A refund proves the charge was captured: settle the payment first if its success is still to come.
        const captured = await this.succeeded(order, payment, event.amount, event.currency, event.orderId, lastEvent, tx);
        if (captured === 'flagged') return 'flagged';
        await this.recordProviderRefunds(order.id, payment.id, event.amountRefunded, tx);
        await this.workflow.settleRefunds(order.id, 'refund reported by the payment provider', tx);
        return 'applied';
      }
      case 'refund.updated': {
        await this.upsertRefund(order.id, payment.id, event, tx);
        await this.workflow.settleRefunds(order.id, `refund ${event.status}`, tx);
        return 'applied';
      }
      case 'payment.failed':
        if (payment.status === 'succeeded' || order.status !== 'pending_payment') return 'unchanged';
        // Declined: the shopper may try again until the reservation expires.
        await this.db.execute("UPDATE payments SET status = 'failed', updated_at = ? WHERE id = ?", [now, payment.id], tx);
        await this.orders.setStatus(order.id, { payment_status: 'failed' }, now, tx);
        await this.orders.event(order.id, { type: 'payment_failed', note: event.reason ?? 'payment declined' }, now, tx);
        this.workflow.announce(tx, 'status', order.id);
        return 'applied';
      case 'payment.cancelled':
        if (payment.status === 'succeeded' || order.status !== 'pending_payment') return 'unchanged';
        await this.workflow.cancelUnpaid(order, 'payment_cancelled', null, 'the payment was cancelled', tx);
        return 'applied';
      case 'payment.processing':
        if (payment.status === 'requires_payment' || payment.status === 'failed') {
          await this.db.execute("UPDATE payments SET status = 'processing', updated_at = ? WHERE id = ?", [now, payment.id], tx);
        }
        return 'unchanged';
    }
  }

  /** Amount, currency and the order id in the metadata must match our order before it is marked paid. */
  private async succeeded(
    order: OrderRow,
    payment: PaymentRow,
    amount: number,
    currency: string,
    orderId: string | undefined,
    lastEvent: string,
    tx: Transaction,
  ): Promise<ProcessOutcome> {
    const now = this.clock.now();
    const recordEvent = () =>
      this.db.execute('UPDATE payments SET last_event = ?, updated_at = ? WHERE id = ?', [lastEvent, now, payment.id], tx);
    if (payment.status === 'succeeded') {
      await recordEvent();
      return 'unchanged';
    }
    const problems = [
      amount !== Number(order.total) ? `amount ${amount} ≠ order total ${order.total}` : '',
      currency !== order.currency ? `currency ${currency} ≠ ${order.currency}` : '',
      orderId !== undefined && orderId !== order.id ? `metadata order ${orderId} ≠ ${order.id}` : '',
    ].filter(Boolean);
    if (problems.length) {
      await recordEvent();
      await this.orders.setStatus(order.id, { flag: `Payment does not match the order: ${problems.join('; ')}` }, now, tx);
      await this.orders.event(order.id, { type: 'payment_mismatch', note: problems.join('; ') }, now, tx);
      this.logger.error({ order: order.number, problems }, 'payment does not match its order: flagged, not marked paid');
      return 'flagged';
    }
    await this.db.execute(
      "UPDATE payments SET status = 'succeeded', last_event = ?, updated_at = ? WHERE id = ?",
      [lastEvent, now, payment.id],
      tx,
    );
    const result = await this.workflow.markPaid(order, `paid via ${payment.provider}`, tx);
    return result === 'unchanged' ? 'unchanged' : result === 'flagged' ? 'flagged' : 'applied';
  }

  private async upsertRefund(
    orderId: string,
    paymentId: string,
    event: Extract<PaymentEvent, { kind: 'refund.updated' }>,
    tx: Transaction,
  ) {
    const now = this.clock.now();
    const known =
      (await this.db.one<{ id: string }>('SELECT id FROM refunds WHERE provider_ref = ? FOR UPDATE', [event.refundRef], tx)) ??
      (event.refundId
        ? await this.db.one<{ id: string }>(
            'SELECT id FROM refunds WHERE id = ? AND order_id = ? FOR UPDATE',
            [event.refundId, orderId],
            tx,
          )
        : undefined) ??
      // A refund first seen through charge.refunded: claim the placeholder of the same amount.
      (await this.db.one<{ id: string }>(
        "SELECT id FROM refunds WHERE order_id = ? AND provider_ref LIKE 'unattributed:%' AND amount = ? LIMIT 1 FOR UPDATE",
        [orderId, event.amount],
        tx,
      ));
    if (known) {
      await this.db.execute(
        'UPDATE refunds SET status = ?, provider_ref = ?, updated_at = ? WHERE id = ?',
        [event.status, event.refundRef, now, known.id],
        tx,
      );
    } else {
      await this.db.execute(
        'INSERT INTO refunds (id, order_id, payment_id, provider_ref, amount, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [newId(), orderId, paymentId, event.refundRef, event.amount, event.status, 'made at the payment provider', now, now],
        tx,
      );
    }
  }

  /**
   * charge.refunded carries the cumulative refunded amount. Whatever our succeeded refunds do not
   * yet explain is recorded as a placeholder that the matching refund.* event claims later.
   */
  private async recordProviderRefunds(orderId: string, paymentId: string, amountRefunded: number, tx: Transaction) {
    const sum = await this.db.one<{ s: number | null }>(
      "SELECT SUM(amount) AS s FROM refunds WHERE order_id = ? AND status IN ('succeeded','pending')",
      [orderId],
      tx,
    );
    const missing = amountRefunded - Number(sum?.s ?? 0);
    if (missing <= 0) {
      // Pending refunds that the charge now shows as done.
      await this.db.execute(
        "UPDATE refunds SET status = 'succeeded', updated_at = ? WHERE order_id = ? AND status = 'pending'",
        [this.clock.now(), orderId],
        tx,
      );
      return;
    }
    const now = this.clock.now();
    await this.db.execute(
      "INSERT INTO refunds (id, order_id, payment_id, provider_ref, amount, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'succeeded', ?, ?, ?)",
      [newId(), orderId, paymentId, `unattributed:${newId()}`, missing, 'reported by charge.refunded', now, now],
      tx,
    );
  }
}
