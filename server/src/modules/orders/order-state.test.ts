import { allowedActions, assertTransition, canTransition } from './order-state';

const everything = () => true;
const state = (
  status: Parameters<typeof canTransition>[0],
  paymentStatus: 'pending' | 'paid' | 'partially_refunded' | 'refunded' | 'cancelled' = 'paid',
) => ({
  status,
  paymentStatus,
  total: 1000,
  refunded: paymentStatus === 'refunded' ? 1000 : 0,
});

describe('the order state machine', () => {
  it('lets a late payment revive a cancelled order, and nothing else become paid out of turn', () => {
    expect(canTransition('cancelled', 'paid')).toBe(true);
    expect(() => assertTransition('delivered', 'paid')).toThrow(/delivered cannot become paid/);
    expect(() => assertTransition('fulfilled', 'cancelled')).toThrow();
  });

  it('derives every action from the table and the permissions', () => {
    expect(allowedActions(state('pending_payment', 'pending'), everything)).toEqual(['cancel', 'mark_paid']);
    expect(allowedActions(state('draft', 'pending'), everything)).toEqual(['cancel', 'send_invoice', 'mark_paid']);
    expect(canTransition('draft', 'fulfilled')).toBe(false);
    expect(allowedActions(state('paid'), everything)).toEqual(['fulfil', 'cancel', 'edit', 'refund']);
    expect(allowedActions(state('delivered'), everything)).toEqual(['refund']);
    expect(allowedActions(state('refunded', 'refunded'), everything)).toEqual([]);
    // A cancelled order paid late with its stock gone still needs its refund.
    expect(allowedActions(state('cancelled', 'paid'), everything)).toEqual(['refund']);
    expect(allowedActions(state('paid'), (p) => p === 'orders:write')).toEqual(['fulfil']);
    expect(allowedActions(state('paid'), () => false)).toEqual([]);
  });
});
