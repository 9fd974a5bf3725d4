import type { Money, Order } from '@bazaar/shared';

export const usd = (amount: number): Money => ({ amount, currency: 'USD' });

/**
 * An order as the API answers it: B-1001, a guest's paid $25.00 order ($20.00 of goods and $5.00
 * shipping) with no lines. Tests override what they are about.
 */
export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o1',
    number: 'B-1001',
    status: 'paid',
    paymentStatus: 'paid',
    customerId: null,
    email: 'sam@example.com',
    items: [],
    totals: { subtotal: usd(2000), discount: usd(0), shipping: usd(500), tax: usd(0), total: usd(2500) },
    refunded: usd(0),
    paidWithBalance: usd(0),
    amountDue: usd(0),
    allowedActions: [],
    shippingMethod: { id: null, name: 'Standard' },
    shippingAddress: { name: 'Sam', line1: '1 Main St', city: 'NYC', postalCode: '10001', country: 'US' },
    reservationExpiresAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
