import { isDuplicateKey, type Db, type Transaction } from '../../db/db';
import type { PaymentEventRepository } from './payment-event.repository';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { newId } from '../../lib/tokens';
import type { IncomingHttpHeaders } from 'node:http';
import type { PaymentEvent } from './payment-events';
import type { PaymentProvider } from './payment-provider';
import type { OrderRepository, OrderRow, OrderWorkflow, PaymentRow, RefundRepository } from '../orders';

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
    private readonly events: PaymentEventRepository,
    private readonly orders: OrderRepository,
    private readonly refunds: RefundRepository,
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

  /** A provider's webhook: the provider verifies it from the raw body and headers, then it is processed like any event. */
  async receiveWebhook(provider: PaymentProvider, rawBody: Buffer | undefined, headers: IncomingHttpHeaders): Promise<ProcessOutcome> {
    const { event, payload } = provider.verifyWebhook(rawBody, headers);
    return this.process(event, payload);
  }

  private async processOnce(event: PaymentEvent, payload: unknown, knownOrderId?: string): Promise<ProcessOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        const now = this.clock.now();
        const type = event.kind === 'ignored' ? event.type : event.kind;
        await this.events.insert({ id: event.id, provider: event.provider, type, payload, receivedAt: now }, tx);
        const outcome = await this.apply(event, payload, tx, knownOrderId);
        await this.events.markProcessed(event.id, outcome, now, tx);
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
      await this.orders.updatePayment(payment.id, { lastEvent }, now, tx);
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
        await this.orders.updatePayment(payment.id, { status: 'failed' }, now, tx);
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
          await this.orders.updatePayment(payment.id, { status: 'processing' }, now, tx);
        }
        return 'unchanged';
    }
  }

  /** Amount, currency and the order id in the metadata must match our payment before its order is marked paid. */
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
    const recordEvent = () => this.orders.updatePayment(payment.id, { lastEvent }, now, tx);
    if (payment.status === 'succeeded') {
      await recordEvent();
      return 'unchanged';
    }
    const problems = [
      // Gift cards and store credit may have paid part of the order: the provider's payment is for the rest.
      amount !== Number(payment.amount) ? `amount ${amount} ≠ payment amount ${payment.amount} (order total ${order.total})` : '',
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
    await this.orders.updatePayment(payment.id, { status: 'succeeded', lastEvent }, now, tx);
    // A paid order whose edit raised its total: this payment settles what was owed.
    if (Number(order.amount_due ?? 0) > 0 && order.payment_status !== 'pending') {
      await this.workflow.settleAmountDue(order, amount, tx);
      return 'applied';
    }
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
    const known = await this.refunds.lockForProviderEvent(orderId, event, tx);
    if (known) await this.refunds.update(known, { status: event.status, providerRef: event.refundRef }, now, tx);
    else {
      await this.refunds.insert(
        {
          orderId,
          paymentId,
          providerRef: event.refundRef,
          amount: event.amount,
          status: event.status,
          reason: 'made at the payment provider',
          now,
        },
        tx,
      );
      // Made at the provider, not by the shop: announced when it is first heard of.
      await this.workflow.publishRefund(orderId, { amount: event.amount, storeCredit: 0, reason: 'made at the payment provider' }, tx);
    }
  }

  /**
   * charge.refunded carries the cumulative refunded amount. Whatever our succeeded refunds do not
   * yet explain is recorded as a placeholder that the matching refund.* event claims later.
   */
  private async recordProviderRefunds(orderId: string, paymentId: string, amountRefunded: number, tx: Transaction) {
    const missing = amountRefunded - (await this.refunds.total(orderId, ['succeeded', 'pending'], tx, { provider: true }));
    const now = this.clock.now();
    // Pending refunds that the charge now shows as done.
    if (missing <= 0) return this.refunds.settlePending(orderId, now, tx);
    await this.refunds.insert(
      {
        orderId,
        paymentId,
        providerRef: `unattributed:${newId()}`,
        amount: missing,
        status: 'succeeded',
        reason: 'reported by charge.refunded',
        now,
      },
      tx,
    );
    await this.workflow.publishRefund(orderId, { amount: missing, storeCredit: 0, reason: 'reported by charge.refunded' }, tx);
  }
}
