import { formatMoney, type RefundDestination } from '@bazaar/shared';
import type { Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, validationFailed } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { AuditService } from '../audit';
import type { BalancesService } from '../balances';
import type { OrderPayments } from './order-payments';
import type { OrderItemRow, OrderRepository, OrderRow, PaymentRow } from './order.repository';
import type { OrderGiftCards, OrderWorkflow } from './order-workflow';
import type { RefundRepository } from './refund.repository';

/** How much of a refund goes where: the customer's store credit, and the rest back to how the order was paid. */
export interface RefundSplit {
  storeCredit: number;
  original: number;
}

/** A provider refund recorded as pending in the transaction; asked of the provider after commit. */
export interface PendingProviderRefund {
  refundId: string;
  payment: PaymentRow;
  amount: number;
}

/** The line's share of what was paid for `quantity` of it: its total less its discount plus its tax, per unit. */
export const paidForUnits = (item: OrderItemRow, quantity: number): number =>
  Math.round(((Number(item.line_total) - Number(item.discount) + Number(item.tax)) * quantity) / Number(item.quantity));

/**
 * Moving money back to a customer, for admin refunds and returns alike. The caller holds the
 * order's lock, so refunds of one order queue behind each other and never exceed what was paid.
 * `original` goes to the provider's payment first and then back to the gift cards and store credit
 * the order was paid with; `storeCredit` goes to the customer's store credit. Balances move in the
 * transaction; the provider is asked after commit (`sendToProvider`), never with a lock held.
 */
export class OrderRefunds {
  constructor(
    private readonly orders: OrderRepository,
    private readonly refunds: RefundRepository,
    private readonly workflow: OrderWorkflow,
    private readonly balances: BalancesService,
    private readonly giftCards: OrderGiftCards,
    private readonly payments: OrderPayments,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** What can still be refunded of a locked order. */
  async refundable(order: OrderRow, tx: Transaction): Promise<number> {
    return Number(order.total) - (await this.refunds.total(order.id, ['pending', 'succeeded'], tx, { purpose: 'refund' }));
  }

  /**
   * Each refunded line's quantity counted against it, never beyond what is left of the line. A
   * gift-card line's refunded units take back as many of its cards (409 when one was spent below
   * what it paid): its money is never refunded while a card of it can still be spent.
   */
  async countLines(orderId: string, lines: { itemId: string; quantity: number }[], tx: Transaction): Promise<number> {
    const items = await this.orders.items(orderId, tx);
    let amount = 0;
    let takenBack = 0;
    for (const [i, line] of lines.entries()) {
      const item = items.find((it) => it.id === line.itemId);
      if (!item) throw validationFailed([{ path: `lines.${i}.itemId`, message: 'Not a line of this order' }]);
      const left = Number(item.quantity) - Number(item.refunded_quantity);
      if (line.quantity > left) throw validationFailed([{ path: `lines.${i}.quantity`, message: `Only ${left} left to refund` }]);
      amount += paidForUnits(item, line.quantity);
      if (item.gift_card && line.quantity > 0) {
        await this.giftCards.takeBack(
          { orderId, orderItemId: item.id, quantity: line.quantity, value: paidForUnits(item, 1), path: `lines.${i}.quantity` },
          tx,
        );
        takenBack += line.quantity;
      }
      await this.orders.addRefundedQuantity(item.id, line.quantity, tx);
    }
    if (takenBack)
      await this.orders.event(
        orderId,
        { type: 'gift_cards_revoked', note: `${takenBack} gift card${takenBack === 1 ? '' : 's'} taken back (refunded)` },
        this.clock.now(),
        tx,
      );
    return amount;
  }

  /** The gift-card lines' units not refunded yet, as lines to refund (a full refund takes their cards back too). */
  async giftCardLinesLeft(orderId: string, tx: Transaction): Promise<{ itemId: string; quantity: number }[]> {
    return (await this.orders.items(orderId, tx))
      .filter((i) => i.gift_card && Number(i.quantity) > Number(i.refunded_quantity))
      .map((i) => ({ itemId: i.id, quantity: Number(i.quantity) - Number(i.refunded_quantity) }));
  }

  /** What the gift cards an order bought and still holds were paid: a refund not by their lines may not reach into it. */
  private async heldGiftCardValue(orderId: string, tx: Transaction): Promise<number> {
    return (await this.orders.items(orderId, tx))
      .filter((i) => i.gift_card)
      .reduce((sum, i) => sum + paidForUnits(i, Number(i.quantity) - Number(i.refunded_quantity)), 0);
  }

  /** Splits a refund by its destination. */
  static split(amount: number, to: RefundDestination): RefundSplit {
    return to === 'store_credit' ? { storeCredit: amount, original: 0 } : { storeCredit: 0, original: amount };
  }

  /**
   * Records the refund of a locked order in `tx`: 409 beyond what is left, 422 store credit for a
   * guest order. The answer is the provider part still to be sent, if any.
   */
  async record(
    order: OrderRow,
    split: RefundSplit,
    meta: {
      reason: string | null;
      lines?: { itemId: string; quantity: number }[] | null;
      actorUserId: string | null;
      /** `edit`: paying back what an edit took off; the order's (new) total is not refunded by it. */
      purpose?: 'refund' | 'edit';
    },
    tx: Transaction,
  ): Promise<PendingProviderRefund | undefined> {
    if (order.payment_status !== 'paid' && order.payment_status !== 'partially_refunded')
      throw new AppError('INVALID_TRANSITION', 'This order has no captured payment to refund.');
    const amount = split.storeCredit + split.original;
    const refundable = await this.refundable(order, tx);
    if (amount <= 0 || amount > refundable)
      throw new AppError('CONFLICT', `At most ${refundable} can still be refunded.`, [
        { path: 'amount', message: `At most ${refundable}` },
      ]);
    // The money of gift cards still held is refunded only with them (by their lines, which takes them back).
    const held = meta.purpose === 'edit' ? 0 : await this.heldGiftCardValue(order.id, tx);
    if (held > 0 && amount > refundable - held)
      throw new AppError(
        'CONFLICT',
        `${formatMoney({ amount: held, currency: order.currency })} of what is left paid for gift cards that can still be spent: refund those gift-card lines by line (their cards are taken back), or at most ${formatMoney({ amount: Math.max(0, refundable - held), currency: order.currency })} otherwise.`,
        [{ path: 'amount', message: `At most ${Math.max(0, refundable - held)}` }],
      );
    if (split.storeCredit > 0 && !order.user_id)
      throw validationFailed(
        [{ path: 'to', message: 'A guest order has no account to hold store credit' }],
        'A guest has no store credit: refund to the original payment.',
      );
    const now = this.clock.now();
    const base = {
      orderId: order.id,
      reason: meta.reason,
      lines: meta.lines ?? null,
      actorUserId: meta.actorUserId,
      purpose: meta.purpose,
      now,
    };
    const toBalance = async (accountId: string, part: number) =>
      this.refunds.insert({ ...base, paymentId: null, balanceAccountId: accountId, amount: part, status: 'succeeded' }, tx);

    if (split.storeCredit > 0)
      await toBalance(
        await this.balances.refundToStoreCredit(order.user_id!, split.storeCredit, order.id, meta.actorUserId, tx),
        split.storeCredit,
      );

    let pending: PendingProviderRefund | undefined;
    let rest = split.original;
    const payment = (await this.orders.payments(order.id, tx)).find((p) => p.status === 'succeeded' && p.provider_ref);
    if (rest > 0 && payment) {
      const providerLeft = Number(payment.amount) - (await this.refunds.total(order.id, ['pending', 'succeeded'], tx, { provider: true }));
      const part = Math.min(rest, providerLeft);
      // Paid outside the shop: staff give it back the same way, so the refund is recorded as done.
      if (part > 0 && payment.provider === 'offline') {
        await this.refunds.insert({ ...base, paymentId: payment.id, amount: part, status: 'succeeded' }, tx);
        rest -= part;
      } else if (part > 0) {
        const refundId = await this.refunds.insert({ ...base, paymentId: payment.id, amount: part, status: 'pending' }, tx);
        pending = { refundId, payment, amount: part };
        rest -= part;
      }
    }
    for (const tender of rest > 0 ? await this.balances.tenders(order.id, tx) : []) {
      const part = Math.min(rest, tender.unreturned);
      if (part <= 0) continue;
      await this.balances.refundToTender(tender.accountId, part, order.id, meta.actorUserId, tx);
      await toBalance(tender.accountId, part);
      rest -= part;
    }
    if (rest > 0) throw new AppError('CONFLICT', 'This order has no payment left to refund to.');

    // Erasure keeps the amount, the part before " — " (PrivacyRepository.scrubOrderHistory).
    await this.orders.event(
      order.id,
      { type: 'refund_requested', actorUserId: meta.actorUserId, note: `${amount}${meta.reason ? ` — ${meta.reason}` : ''}` },
      now,
      tx,
    );
    await this.audit.record(
      'order_refunded',
      { actorUserId: meta.actorUserId, targetUserId: order.user_id },
      { orderId: order.id, number: order.number, amount, storeCredit: split.storeCredit, currency: order.currency },
      tx,
    );
    // What went to balances is done already: the order's refunded total moves now.
    if (amount !== pending?.amount) await this.workflow.settleRefunds(order.id, 'refunded to a balance', tx);
    await this.workflow.publishRefund(order.id, { amount, storeCredit: split.storeCredit, reason: meta.reason }, tx);
    return pending;
  }

  /** After commit: the provider is asked, and its answer is applied like its webhook would be. */
  async sendToProvider(pending: PendingProviderRefund | undefined): Promise<void> {
    if (!pending) return;
    const { refundId, payment, amount } = pending;
    let created;
    try {
      created = await this.payments.requestRefund({ providerRef: payment.provider_ref!, amount, refundId });
    } catch (err) {
      await this.refunds.update(refundId, { status: 'failed' }, this.clock.now());
      this.logger.error({ err, orderId: payment.order_id }, 'refund failed at the provider');
      throw new AppError('PAYMENT_FAILED', 'The payment provider refused the refund.');
    }
    await this.refunds.update(refundId, { providerRef: created.providerRef }, this.clock.now());
    await this.payments.applyRefund({ paymentRef: payment.provider_ref!, refundId, amount }, created);
  }
}
