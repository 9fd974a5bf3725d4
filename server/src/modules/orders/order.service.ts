import type { AdminOrderListQuery, Order, Paginated, RefundRequest, Role } from '@bazaar/shared';
import type { Db } from '../../db/db';
import { can } from '../accounts';
import type { AuditService } from '../audit';
import type { Clock } from '../../lib/clock';
import { AppError, notFound, validationFailed } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { orderShippedMessage, type Mailer } from '../email';
import { assertTransition } from './order-state';
import { toOrderDto, toOrderDtos } from './order.mapper';
import type { OrderRepository, OrderRow } from './order.repository';
import type { RefundRepository } from './refund.repository';
import type { OrderWorkflow } from './order-workflow';
import type { OrderPayments } from './order-payments';

export interface OrderViewer {
  userId?: string;
  /** Orders this browser session placed as a guest. */
  sessionOrderIds?: string[];
  token?: string;
}

/** A staff member acting on an order: who (for the history) and with which role (what they may do next). */
export interface StaffActor {
  id: string;
  role: Role;
}

/** Internal callers (jobs, tests) see what an admin would. */
const ADMIN: Pick<StaffActor, 'role'> = { role: 'admin' };

export class OrderService {
  constructor(
    private readonly db: Db,
    private readonly orders: OrderRepository,
    private readonly refunds: RefundRepository,
    private readonly workflow: OrderWorkflow,
    private readonly payments: OrderPayments,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly audit: AuditService,
  ) {}

  // --- shoppers --------------------------------------------------------------------------

  async listMine(userId: string, page: number, limit: number): Promise<Paginated<Order>> {
    const { rows, total } = await this.orders.pageOfUser(userId, limit, (page - 1) * limit);
    return { items: toOrderDtos(rows, await this.orders.itemsOfOrders(rows.map((r) => r.id))), page, limit, total };
  }

  /** Own orders only: the owner, the guest session that placed it, or the signed link. Anyone else gets 404. */
  canView(order: Pick<OrderRow, 'id' | 'user_id'>, viewer: OrderViewer): boolean {
    if (order.user_id) return order.user_id === viewer.userId;
    return (viewer.sessionOrderIds ?? []).includes(order.id) || (!!viewer.token && this.workflow.verifyAccessToken(order.id, viewer.token));
  }

  /** Whether this viewer may follow the order's live updates (the same rule as viewing it). */
  async canFollow(orderId: string, viewer: OrderViewer): Promise<boolean> {
    const order = await this.orders.byId(orderId);
    return !!order && this.canView(order, viewer);
  }

  async getForViewer(orderId: string, viewer: OrderViewer): Promise<Order> {
    const found = await this.orders.detail(orderId);
    if (!found || !this.canView(found.row, viewer)) throw notFound('The order');
    return toOrderDto(found.row, found.history.items, found.history);
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

  async adminList(q: AdminOrderListQuery, viewer: Pick<StaffActor, 'role'> = ADMIN): Promise<Paginated<Order>> {
    const { page, limit, sort, ...filters } = q;
    const { rows, total } = await this.orders.search(filters, sort, limit, (page - 1) * limit);
    return { items: toOrderDtos(rows, await this.orders.itemsOfOrders(rows.map((r) => r.id)), this.may(viewer)), page, limit, total };
  }

  async adminGet(orderId: string, viewer: Pick<StaffActor, 'role'> = ADMIN): Promise<Order> {
    const found = await this.orders.detail(orderId);
    if (!found) throw notFound('The order');
    return toOrderDto(found.row, found.history.items, found.history, this.may(viewer));
  }

  private may(viewer: Pick<StaffActor, 'role'>) {
    return (permission: Parameters<typeof can>[1]) => can(viewer.role, permission);
  }

  async fulfil(orderId: string, input: { carrier: string; trackingNumber: string; note?: string }, actor: StaffActor): Promise<Order> {
    const actorUserId = actor.id;
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
    return this.adminGet(orderId, actor);
  }

  async deliver(orderId: string, actor: StaffActor, note?: string): Promise<Order> {
    const actorUserId = actor.id;
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
    return this.adminGet(orderId, actor);
  }

  /** Unpaid: the reservation is released. Paid and not shipped: items are restocked and the rest refunded. */
  async cancel(orderId: string, actor: StaffActor, note?: string): Promise<Order> {
    const actorUserId = actor.id;
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
    if (refundAfter) return this.refund(orderId, { full: true, reason: note ?? 'order cancelled' }, actor);
    else if (this.payments.provider === 'stripe') {
      const [payment] = await this.orders.payments(orderId);
      if (payment?.provider_ref)
        await this.payments
          .cancel(payment.provider_ref)
          .catch((err: unknown) => this.logger.warn({ err }, 'cancelling the payment intent failed'));
    }
    return this.adminGet(orderId, actor);
  }

  /** Refund by amount, by lines, or in full; never more than what is left. */
  async refund(orderId: string, request: RefundRequest, actor: StaffActor): Promise<Order> {
    const actorUserId = actor.id;
    const { refundId, payment, amount } = await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      const payment = (await this.orders.payments(orderId, tx)).find((p) => p.status === 'succeeded');
      if (!payment || !payment.provider_ref) throw new AppError('INVALID_TRANSITION', 'This order has no captured payment to refund.');
      const refundable = Number(order.total) - (await this.refunds.total(orderId, ['pending', 'succeeded'], tx));
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
          await this.orders.addRefundedQuantity(item.id, line.quantity, tx);
        }
      }
      if (amount <= 0 || amount > refundable) {
        throw new AppError('CONFLICT', `At most ${refundable} can still be refunded.`, [
          { path: 'amount', message: `At most ${refundable}` },
        ]);
      }
      const now = this.clock.now();
      const refundId = await this.refunds.insert(
        { orderId, paymentId: payment.id, amount, status: 'pending', reason: request.reason ?? null, lines, actorUserId, now },
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
      await this.refunds.update(refundId, { status: 'failed' }, this.clock.now());
      this.logger.error({ err, orderId }, 'refund failed at the provider');
      throw new AppError('PAYMENT_FAILED', 'The payment provider refused the refund.');
    }
    await this.refunds.update(refundId, { providerRef: created.providerRef }, this.clock.now());
    await this.payments.applyRefund({ paymentRef: payment.provider_ref!, refundId, amount }, created);
    return this.adminGet(orderId, actor);
  }

  // --- background ------------------------------------------------------------------------

  /** Unpaid orders past their reservation are cancelled and their stock released (every minute). */
  async expireReservations(limit = 200): Promise<number> {
    let expired = 0;
    for (const id of await this.orders.idsPastReservation(this.clock.now(), limit)) {
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
    let applied = 0;
    for (const ref of await this.orders.stalePaymentRefs(this.payments.provider, cutoff, limit))
      if (await this.payments.reconcile(ref)) applied++;
    return applied;
  }
}
