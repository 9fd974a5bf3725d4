import type { Order } from '@bazaar/shared';
import { screen } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import OrderPage from './OrderPage';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const placed: Order = {
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
};

function show(order: Order) {
  stubApi({ 'GET /api/v1/orders/o1': order });
  renderWithProviders(<OrderPage />, { route: '/orders/o1?token=guest-token', path: '/orders/:id' });
}

describe('OrderPage', () => {
  it('shows what gift cards and store credit paid', async () => {
    show({ ...placed, paidWithBalance: usd(1000) });
    expect(await screen.findByTestId('paid-with-balance')).toHaveTextContent('Paid with gift cards and store credit: $10.00');
  });

  it('says nothing about balances when none paid', async () => {
    show(placed);
    expect(await screen.findByRole('heading', { name: 'Order B-1001' })).toBeInTheDocument();
    expect(screen.queryByTestId('paid-with-balance')).not.toBeInTheDocument();
  });
});
