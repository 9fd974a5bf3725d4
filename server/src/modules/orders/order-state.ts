import type { OrderStatus, PaymentStatus } from '@bazaar/shared';
import { AppError } from '../../lib/errors';

/** The order state machine: anything not listed here is a 409 INVALID_TRANSITION. */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'refunded', 'partially_refunded'],
  partially_refunded: ['fulfilled', 'refunded', 'partially_refunded', 'cancelled'],
  fulfilled: ['delivered', 'refunded', 'partially_refunded'],
  delivered: ['refunded', 'partially_refunded'],
  // A payment that lands after the reservation expired revives the order (OrderWorkflow.markPaid).
  cancelled: ['paid', 'refunded'],
  refunded: ['paid', 'partially_refunded'],
};

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
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
