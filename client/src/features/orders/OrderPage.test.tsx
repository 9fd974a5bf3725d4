import type { Order } from '@bazaar/shared';
import { screen } from '@testing-library/react';
import { anOrder, usd } from '../../test/orders';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import OrderPage from './OrderPage';

const placed = anOrder();

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
