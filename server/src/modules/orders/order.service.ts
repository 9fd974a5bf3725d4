import type { AdminOrderListQuery, Order, Paginated, Permission, RefundRequest, Role } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import { actorCan } from '../accounts';
import type { AuditService } from '../audit';
import type { Clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { orderShippedMessage, type Mailer } from '../email';
import { assertTransition } from './order-state';
import { toOrderDto, toOrderDtos } from './order.mapper';
import type { OrderRepository, OrderRow } from './order.repository';
import type { OrderWorkflow } from './order-workflow';
import type { OrderPayments } from './order-payments';
import { OrderRefunds } from './order-refunds';

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
  /** Set when acting through an API key: exactly the key's permissions, not the whole role's. */
  permissions?: readonly Permission[];
}

/** Internal callers (jobs, tests) see what an admin would. */
const ADMIN: Pick<StaffActor, 'role' | 'permissions'> = { role: 'admin' };

export class OrderService {
  constructor(
    private readonly db: Db,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    private readonly refunding: OrderRefunds,
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

  async adminList(q: AdminOrderListQuery, viewer: Pick<StaffActor, 'role' | 'permissions'> = ADMIN): Promise<Paginated<Order>> {
    const { page, limit, sort, ...filters } = q;
    const { rows, total } = await this.orders.search(filters, sort, limit, (page - 1) * limit);
    return { items: toOrderDtos(rows, await this.orders.itemsOfOrders(rows.map((r) => r.id)), this.may(viewer)), page, limit, total };
  }

  async adminGet(orderId: string, viewer: Pick<StaffActor, 'role' | 'permissions'> = ADMIN): Promise<Order> {
    const found = await this.orders.detail(orderId);
    if (!found) throw notFound('The order');
    return toOrderDto(found.row, found.history.items, found.history, this.may(viewer));
  }

  private may(viewer: Pick<StaffActor, 'role' | 'permissions'>) {
    return (permission: Parameters<typeof actorCan>[1]) => actorCan(viewer, permission);
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
      await this.workflow.publishFulfilled(orderId, { carrier: input.carrier, trackingNumber: input.trackingNumber }, tx);
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

  /** Unpaid: the reservation is released. Paid and not shipped: items are restocked and the rest refunded, in one transaction. */
  async cancel(orderId: string, actor: StaffActor, note?: string): Promise<Order> {
    const actorUserId = actor.id;
    const { unpaid, pending } = await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      await this.audit.record(
        'order_cancelled',
        { actorUserId, targetUserId: order.user_id },
        { orderId, number: order.number, status: order.status },
        tx,
      );
      if ((order.status === 'pending_payment' || order.status === 'draft') && order.payment_status !== 'paid') {
        await this.workflow.cancelUnpaid(order, 'cancelled', actorUserId, note ?? null, tx);
        return { unpaid: true, pending: undefined };
      }
      await this.workflow.cancelPaid(order, actorUserId, note ?? null, tx);
      // The refund goes with the cancellation: one that cannot be made (a gift card bought was spent) leaves the order as it was.
      const refund =
        Number(order.total) - Number(order.refunded_amount) > 0
          ? await this.recordRefund(order, { full: true, reason: note ?? 'order cancelled' }, actor, tx)
          : undefined;
      return { unpaid: false, pending: refund };
    });
    await this.refunding.sendToProvider(pending);
    if (unpaid && this.payments.provider === 'stripe') {
      const [payment] = await this.orders.payments(orderId);
      if (payment?.provider_ref)
        await this.payments
          .cancel(payment.provider_ref)
          .catch((err: unknown) => this.logger.warn({ err }, 'cancelling the payment intent failed'));
    }
    return this.adminGet(orderId, actor);
  }

  /** Refund by amount, by lines, or in full; never more than what is left (see OrderRefunds for where it goes). */
  async refund(orderId: string, request: RefundRequest, actor: StaffActor): Promise<Order> {
    const pending = await this.db.transaction(async (tx) => {
      const order = await this.orders.byId(orderId, tx, true);
      if (!order) throw notFound('The order');
      return this.recordRefund(order, request, actor, tx);
    });
    await this.refunding.sendToProvider(pending);
    return this.adminGet(orderId, actor);
  }

  /**
   * A refund of a locked order in `tx`. In full, the gift cards it bought and still holds are taken
   * back with it (their lines counted as refunded); by amount, it may not reach into their money.
   */
  private async recordRefund(order: OrderRow, request: RefundRequest, actor: StaffActor, tx: Transaction) {
    const lines = 'lines' in request ? request.lines : null;
    let amount: number;
    if ('full' in request) {
      await this.refunding.countLines(order.id, await this.refunding.giftCardLinesLeft(order.id, tx), tx);
      amount = await this.refunding.refundable(order, tx);
    } else amount = 'amount' in request ? request.amount : await this.refunding.countLines(order.id, request.lines, tx);
    return this.refunding.record(
      order,
      OrderRefunds.split(amount, request.to ?? 'original'),
      { reason: request.reason ?? null, lines, actorUserId: actor.id },
      tx,
    );
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
