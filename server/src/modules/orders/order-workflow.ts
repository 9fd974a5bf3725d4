import { createHmac, timingSafeEqual } from 'node:crypto';
import { giftCardSendAt, type PostalAddress } from '@bazaar/shared';
import { publicBaseUrl, type Config } from '../../config/config';
import type { Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { orderCancelledMessage, orderConfirmationMessage, orderRefundedMessage, type Mailer } from '../email';
import type { InventoryService, StockChange } from '../inventory';
import { afterRefund, assertTransition } from './order-state';
import { giftCardOf, type OrderItemRow, type OrderRepository, type OrderRow } from './order.repository';
import type { RefundRepository } from './refund.repository';
import type { CouponService } from '../promotions';
import type { BalancesService, GiftCardPurchase, GiftCardTakeBack } from '../balances';
import type { WebhookEvents } from '../webhooks';
import { webhookOrder } from './order-webhook';

export type OrderListener = (event: 'created' | 'status', order: OrderRow) => void;

/**
 * What becomes of the gift cards an order bought, inside the order's transaction: issued when it is
 * paid, taken back when their line is refunded. The balances module's; the container passes it in.
 */
export interface OrderGiftCards {
  issue(purchase: GiftCardPurchase, tx: Transaction): Promise<void>;
  /** Units of a gift-card line are refunded: that many of its cards are taken back (409 when one was spent below its value). */
  takeBack(line: GiftCardTakeBack, tx: Transaction): Promise<void>;
  /**
   * The payment was refunded in full without the shop asking (at the provider): every card not taken
   * back yet is, emptied of what is left. How many, and how many of them had been used.
   */
  revoke(orderId: string, tx: Transaction): Promise<{ revoked: number; used: number }>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The transitions that move stock, coupons and money, each inside the caller's transaction.
 * Everything that announces (emails, listeners) happens only after commit.
 */
export class OrderWorkflow {
  private readonly listeners: OrderListener[] = [];
  constructor(
    readonly orders: OrderRepository,
    private readonly refunds: RefundRepository,
    private readonly inventory: InventoryService,
    private readonly coupons: CouponService,
    private readonly balances: BalancesService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly config: Config,
    /** After payment the cart the order came from is emptied (the cart module's, inside this transaction). */
    private readonly emptyCart: (cartId: string, tx: Transaction) => Promise<void>,
    private readonly giftCards: OrderGiftCards,
    /** The promotions module's uses of an order: given back when an unpaid order ends, taken again if it is paid after all. */
    private readonly promotionUses: {
      release(orderId: string, tx: Transaction): Promise<void>;
      reinstate(orderId: string, tx: Transaction): Promise<void>;
    },
    /** Outgoing webhooks, written in the order's transaction (the webhooks module's publisher). */
    private readonly webhooks: WebhookEvents,
  ) {}

  /** An order event for webhook receivers, in `tx`: the order as this transaction leaves it. */
  async publish(
    type: 'order.created' | 'order.paid' | 'order.cancelled',
    order: OrderRow,
    tx: Transaction,
    items?: OrderItemRow[],
  ): Promise<void> {
    await this.webhooks.publish(type, { order: webhookOrder(order, items ?? (await this.orders.items(order.id, tx))) }, tx);
  }

  /** `order.fulfilled`, in `tx`: the order as this transaction leaves it, and its shipment. */
  async publishFulfilled(orderId: string, shipment: { carrier: string; trackingNumber: string }, tx: Transaction): Promise<void> {
    const order = (await this.orders.byId(orderId, tx))!;
    await this.webhooks.publish('order.fulfilled', { order: webhookOrder(order, await this.orders.items(orderId, tx)), shipment }, tx);
  }

  /** `refund.created`, in `tx`: a refund the shop made, or one the provider reported. */
  async publishRefund(
    orderId: string,
    refund: { amount: number; storeCredit: number; reason: string | null },
    tx: Transaction,
  ): Promise<void> {
    const order = (await this.orders.byId(orderId, tx))!;
    const money = (amount: number) => ({ amount, currency: order.currency });
    await this.webhooks.publish(
      'refund.created',
      {
        refund: { amount: money(refund.amount), storeCredit: money(refund.storeCredit), reason: refund.reason },
        order: webhookOrder(order, await this.orders.items(orderId, tx)),
      },
      tx,
    );
  }

  onChange(listener: OrderListener): void {
    this.listeners.push(listener);
  }

  /**
   * Tells listeners after commit. Given the row as this transaction leaves it (the caller holds its
   * lock, so that is what commits), they get it as is; given an id, the committed row is read.
   */
  announce(tx: Transaction, event: 'created' | 'status', order: string | OrderRow): void {
    tx.afterCommit(() => {
      if (typeof order !== 'string') this.listeners.forEach((l) => l(event, order));
      // The order is committed; if the database went away since, listeners miss this one update
      // rather than the rejection going unhandled (which would end the process).
      else
        void this.orders
          .byId(order)
          .then((row) => row && this.listeners.forEach((l) => l(event, row)))
          .catch(() => undefined);
    });
  }

  /** A guest's signed link to their order: an HMAC of the id, so nothing needs storing. */
  accessToken(orderId: string): string {
    return createHmac('sha256', this.config.secrets.sessionSecret).update(`order:${orderId}`).digest('base64url');
  }

  verifyAccessToken(orderId: string, token: string): boolean {
    const expected = Buffer.from(this.accessToken(orderId));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  orderUrl(orderId: string): string {
    return `${publicBaseUrl(this.config.http)}/orders/${orderId}?token=${this.accessToken(orderId)}`;
  }

  private stockChanges(
    items: OrderItemRow[],
    change: (qty: number) => Pick<StockChange, 'delta' | 'reservedDelta' | 'reason'>,
  ): StockChange[] {
    // Gift cards are not stock: their lines never reserve, sell or restock.
    return items
      .filter((i) => i.variant_id && !i.gift_card)
      .map((i) => ({ variantId: i.variant_id!, ...change(Number(i.quantity) - Number(i.refunded_quantity)) }));
  }

  private async emailFor(order: OrderRow, tx: Transaction, known?: OrderItemRow[]) {
    const items = known ?? (await this.orders.items(order.id, tx));
    const paidAt = order.paid_at ? new Date(order.paid_at) : this.clock.now();
    return {
      number: order.number,
      email: order.email,
      total: { amount: Number(order.total), currency: order.currency },
      items: items.map((i) => {
        const giftCard = giftCardOf(i);
        return {
          title: i.title,
          variantTitle: i.variant_title,
          quantity: Number(i.quantity),
          ...(giftCard ? { giftCard: { recipientEmail: giftCard.recipientEmail, sendAt: giftCardSendAt(giftCard.sendDate, paidAt) } } : {}),
        };
      }),
    };
  }

  /** The order's gift-card lines are issued, one card per unit, each sent on its line's day (or now). */
  private async issueGiftCards(order: OrderRow, items: OrderItemRow[], now: Date, tx: Transaction): Promise<void> {
    const lines = items.flatMap((i) => {
      const recipient = giftCardOf(i);
      return recipient
        ? [
            {
              orderItemId: i.id,
              amount: Number(i.unit_price),
              quantity: Number(i.quantity),
              recipient,
              sendAt: giftCardSendAt(recipient.sendDate, now),
            },
          ]
        : [];
    });
    if (!lines.length) return;
    const address = (
      typeof order.shipping_address === 'string' ? JSON.parse(order.shipping_address) : order.shipping_address
    ) as PostalAddress;
    await this.giftCards.issue({ orderId: order.id, currency: order.currency, from: address.name || order.email, lines }, tx);
    const cards = lines.reduce((n, l) => n + l.quantity, 0);
    const to = [...new Set(lines.map((l) => l.recipient.recipientEmail))].join(', ');
    await this.orders.event(order.id, { type: 'gift_cards_issued', note: `${plural(cards, 'gift card')} for ${to}` }, now, tx);
  }

  /**
   * Payment captured. A pending order's reservation becomes a sale; an order that expired first is
   * revived if the stock is still there, and otherwise kept cancelled and flagged for a refund.
   */
  async markPaid(order: OrderRow, note: string, tx: Transaction): Promise<'paid' | 'flagged' | 'unchanged'> {
    const now = this.clock.now();
    const items = await this.orders.items(order.id, tx);
    const unpaid = order.status === 'pending_payment' || order.status === 'draft';
    if (unpaid && order.stock_reserved) {
      await this.inventory.apply(
        this.stockChanges(items, (q) => ({ delta: -q, reservedDelta: -q, reason: 'sale' })),
        { referenceType: 'order', referenceId: order.id },
        tx,
      );
    } else if (unpaid || (order.status === 'cancelled' && order.payment_status !== 'paid')) {
      // Nothing is held for it (an expired checkout, an invoice sent without a reservation): take the stock now if it is there.
      assertTransition(order.status, 'paid');
      const why = unpaid ? 'paid; no stock was held for it' : 'paid after the reservation expired';
      try {
        await this.inventory.apply(
          this.stockChanges(items, (q) => ({ delta: -q, reason: 'sale' })),
          { referenceType: 'order', referenceId: order.id, note: why },
          tx,
        );
      } catch (err) {
        if ((err as { code?: string }).code !== 'INSUFFICIENT_STOCK') throw err;
        await this.orders.setStatus(
          order.id,
          { status: 'cancelled', payment_status: 'paid', flag: `Paid (${why}) and the stock is gone: refund needed.` },
          now,
          tx,
        );
        await this.orders.event(
          order.id,
          {
            type: 'payment_after_expiry',
            from: order.status,
            to: 'cancelled',
            note: `${why}; stock no longer available; flagged for refund`,
          },
          now,
          tx,
        );
        this.announce(tx, 'status', order.id);
        return 'flagged';
      }
      if (order.status === 'cancelled') {
        if (order.coupon_id) await this.coupons.reinstate(order.coupon_id, { id: order.id, userId: order.user_id, email: order.email }, tx);
        await this.promotionUses.reinstate(order.id, tx);
        await this.orders.event(
          order.id,
          { type: 'payment_after_expiry', from: 'cancelled', to: 'paid', note: 'payment captured after expiry; stock re-allocated' },
          now,
          tx,
        );
      }
    } else {
      return 'unchanged'; // never move an order backwards
    }
    await this.orders.countSold(items, tx);
    await this.orders.setStatus(order.id, { status: 'paid', payment_status: 'paid', paid_at: now }, now, tx);
    await this.orders.event(order.id, { type: 'paid', from: order.status, to: 'paid', note }, now, tx);
    await this.issueGiftCards(order, items, now, tx);
    if (order.cart_id) await this.emptyCart(order.cart_id, tx);
    await this.mailer.send(
      orderConfirmationMessage(await this.emailFor({ ...order, paid_at: now }, tx, items), this.orderUrl(order.id)),
      tx,
    );
    await this.publish('order.paid', { ...order, status: 'paid', payment_status: 'paid', paid_at: now }, tx, items);
    this.announce(tx, 'status', { ...order, status: 'paid', payment_status: 'paid' });
    return 'paid';
  }

  /** A payment towards what an edit left owing. */
  async settleAmountDue(order: OrderRow, amount: number, tx: Transaction): Promise<void> {
    const now = this.clock.now();
    await this.orders.setStatus(order.id, { amount_due: Math.max(0, Number(order.amount_due ?? 0) - amount) }, now, tx);
    await this.orders.event(order.id, { type: 'amount_due_paid', note: String(amount) }, now, tx);
    this.announce(tx, 'status', order.id);
  }

  /** An unpaid order ends: its reservation and coupon use are given back. */
  async cancelUnpaid(
    order: OrderRow,
    type: 'expired' | 'cancelled' | 'payment_cancelled',
    actorUserId: string | null,
    note: string | null,
    tx: Transaction,
  ): Promise<void> {
    assertTransition(order.status, 'cancelled');
    const now = this.clock.now();
    const items = await this.orders.items(order.id, tx);
    if (order.stock_reserved)
      await this.inventory.apply(
        this.stockChanges(items, (q) => ({ delta: 0, reservedDelta: -q, reason: 'release' })),
        { referenceType: 'order', referenceId: order.id, actorUserId },
        tx,
      );
    if (order.coupon_id) await this.coupons.release(order.id, tx);
    await this.promotionUses.release(order.id, tx);
    if (Number(order.balance_amount) > 0) await this.balances.releaseOrder(order.id, tx);
    await this.orders.cancelOpenPayments(order.id, now, tx);
    await this.orders.setStatus(order.id, { status: 'cancelled', payment_status: 'cancelled' }, now, tx);
    await this.orders.event(order.id, { type, from: order.status, to: 'cancelled', actorUserId, note }, now, tx);
    if (type !== 'expired')
      await this.mailer.send(orderCancelledMessage(await this.emailFor(order, tx, items), this.orderUrl(order.id)), tx);
    await this.publish('order.cancelled', { ...order, status: 'cancelled', payment_status: 'cancelled' }, tx, items);
    this.announce(tx, 'status', order.id);
  }

  /** A paid order that has not shipped is cancelled: its items go back on the shelf (refund follows). */
  async cancelPaid(order: OrderRow, actorUserId: string | null, note: string | null, tx: Transaction): Promise<void> {
    assertTransition(order.status, 'cancelled');
    const now = this.clock.now();
    const items = await this.orders.items(order.id, tx);
    await this.inventory.apply(
      this.stockChanges(items, (q) => ({ delta: q, reason: 'return' })),
      { referenceType: 'order', referenceId: order.id, actorUserId, note: 'order cancelled' },
      tx,
    );
    await this.orders.setStatus(order.id, { status: 'cancelled' }, now, tx);
    await this.orders.event(order.id, { type: 'cancelled', from: order.status, to: 'cancelled', actorUserId, note }, now, tx);
    await this.mailer.send(orderCancelledMessage(await this.emailFor(order, tx, items), this.orderUrl(order.id)), tx);
    await this.publish('order.cancelled', { ...order, status: 'cancelled' }, tx, items);
    this.announce(tx, 'status', order.id);
  }

  /** Recomputes the refunded total from the succeeded refunds, and the statuses from it. */
  async settleRefunds(orderId: string, note: string, tx: Transaction): Promise<void> {
    const now = this.clock.now();
    const order = (await this.orders.byId(orderId, tx, true))!;
    // The payment's own refunded total counts everything given back on it, edits too.
    await this.orders.setPaymentRefunded(orderId, await this.refunds.total(orderId, ['succeeded'], tx, { provider: true }), now, tx);
    const refunded = await this.refunds.total(orderId, ['succeeded'], tx, { purpose: 'refund' });
    if (refunded === Number(order.refunded_amount)) return;
    const next = afterRefund(order.status, Number(order.total), refunded);
    const items = await this.orders.items(orderId, tx);
    // Refunded in full: the gift cards it bought go too. The shop's own refunds took them back line by
    // line already; this is for a refund made at the provider, which the shop could not refuse.
    if (next.paymentStatus === 'refunded' && order.payment_status !== 'refunded' && items.some((i) => i.gift_card)) {
      const { revoked, used } = await this.giftCards.revoke(orderId, tx);
      if (revoked)
        await this.orders.event(
          orderId,
          {
            type: 'gift_cards_revoked',
            note: `${plural(revoked, 'gift card')} taken back${used ? `; ${used} of them had been used (what was spent stays spent)` : ''}`,
          },
          now,
          tx,
        );
    }
    await this.orders.setStatus(orderId, { status: next.status, payment_status: next.paymentStatus, refunded_amount: refunded }, now, tx);
    await this.orders.event(
      orderId,
      {
        type: refunded > Number(order.refunded_amount) ? 'refunded' : 'refund_reversed',
        from: order.status,
        to: next.status,
        note: `${note} (refunded in total: ${refunded})`,
      },
      now,
      tx,
    );
    if (refunded > Number(order.refunded_amount)) {
      await this.mailer.send(
        orderRefundedMessage(
          await this.emailFor(order, tx, items),
          { amount: refunded - Number(order.refunded_amount), currency: order.currency },
          this.orderUrl(orderId),
        ),
        tx,
      );
    }
    this.announce(tx, 'status', orderId);
  }
}
