import type { OrderAction, OrderStatus, PaymentStatus, Permission } from '@bazaar/shared';
import { AppError } from '../../lib/errors';

/** The order state machine: anything not listed here is a 409 INVALID_TRANSITION. */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  // A draft becomes payable when its invoice is sent, or is paid offline, or is discarded.
  draft: ['pending_payment', 'paid', 'cancelled'],
  pending_payment: ['paid', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'refunded', 'partially_refunded'],
  partially_refunded: ['fulfilled', 'refunded', 'partially_refunded', 'cancelled'],
  fulfilled: ['delivered', 'refunded', 'partially_refunded'],
  delivered: ['refunded', 'partially_refunded'],
  // A payment that lands after the reservation expired revives the order (OrderWorkflow.markPaid).
  cancelled: ['paid', 'refunded'],
  refunded: ['paid', 'partially_refunded'],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from].includes(to);

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('INVALID_TRANSITION', `An order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`);
  }
}

/** Order and payment status after the refunded amount changed (only refunds move them). */
export function afterRefund(status: OrderStatus, total: number, refunded: number): { status: OrderStatus; paymentStatus: PaymentStatus } {
  if (refunded >= total && total > 0) return { status: 'refunded', paymentStatus: 'refunded' };
  if (refunded > 0) {
    // A shipped order stays shipped; only an unshipped paid order shows the refund in its status.
    const keep: OrderStatus[] = ['fulfilled', 'delivered', 'cancelled'];
    return { status: keep.includes(status) ? status : 'partially_refunded', paymentStatus: 'partially_refunded' };
  }
  return { status: status === 'refunded' || status === 'partially_refunded' ? 'paid' : status, paymentStatus: 'paid' };
}

/** What an order's actions depend on. */
export interface OrderActionState {
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  total: number;
  refunded: number;
}

/** Each staff action: the permission it needs and when the order allows it (the transition table, or money left). */
const ACTIONS: Record<OrderAction, { permission: Permission; allows(o: OrderActionState): boolean }> = {
  fulfil: { permission: 'orders:write', allows: (o) => canTransition(o.status, 'fulfilled') },
  deliver: { permission: 'orders:write', allows: (o) => canTransition(o.status, 'delivered') },
  cancel: { permission: 'orders:refund', allows: (o) => canTransition(o.status, 'cancelled') },
  send_invoice: { permission: 'orders:write', allows: (o) => o.status === 'draft' },
  mark_paid: {
    permission: 'orders:refund',
    allows: (o) => (o.status === 'draft' || o.status === 'pending_payment') && o.paymentStatus !== 'paid',
  },
  // Before it ships (fulfilment is per order, so no line has shipped yet).
  edit: { permission: 'orders:refund', allows: (o) => o.status === 'paid' || o.status === 'partially_refunded' },
  refund: {
    permission: 'orders:refund',
    allows: (o) => (o.paymentStatus === 'paid' || o.paymentStatus === 'partially_refunded') && o.total - o.refunded > 0,
  },
};

/** The actions this order allows someone who holds the permissions `may` grants. */
export function allowedActions(order: OrderActionState, may: (permission: Permission) => boolean): OrderAction[] {
  return (Object.keys(ACTIONS) as OrderAction[]).filter((a) => may(ACTIONS[a].permission) && ACTIONS[a].allows(order));
}
