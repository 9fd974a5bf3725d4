import type { Order } from '@bazaar/shared';
import { usd } from './returns.fixtures';

export { usd };

export const orderLine = (line: Partial<Order['items'][number]> = {}): Order['items'][number] => ({
  id: 'i1',
  variantId: null,
  sku: 'LAMP-1',
  title: 'Lamp',
  variantTitle: '',
  quantity: 1,
  refundedQuantity: 0,
  unitPrice: usd(1000),
  discount: usd(0),
  tax: usd(0),
  lineTotal: usd(1000),
  ...line,
});

/** Order BZ-7 as the admin API answers it: paid, one line, a guest's; override what a test is about. */
export const makeOrder = (o: Partial<Order> = {}): Order => ({
  id: '00000000-0000-4000-8000-000000000001',
  number: 'BZ-7',
  status: 'paid',
  paymentStatus: 'paid',
  email: 'sam@example.com',
  customerId: null,
  items: [orderLine()],
  totals: { subtotal: usd(1000), discount: usd(0), shipping: usd(0), tax: usd(0), total: usd(1000) },
  refunded: usd(0),
  paidWithBalance: usd(0),
  amountDue: usd(0),
  shippingMethod: { id: null, name: 'Standard' },
  shippingAddress: { name: 'Sam', line1: '1 Main St', city: 'NYC', postalCode: '10001', country: 'US' },
  reservationExpiresAt: null,
  events: [],
  payments: [],
  flag: null,
  allowedActions: [],
  createdAt: '2026-11-24T10:00:00.000Z',
  ...o,
});
