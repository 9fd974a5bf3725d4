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

  it('says who each gift card bought is for', async () => {
    const line = {
      id: 'i1',
      variantId: null,
      sku: 'GC-25',
      title: 'Gift card',
      variantTitle: '25',
      quantity: 2,
      refundedQuantity: 0,
      unitPrice: usd(2500),
      discount: usd(0),
      tax: usd(0),
      lineTotal: usd(5000),
    };
    show({
      ...placed,
      items: [
        { ...line, giftCard: { recipientEmail: 'ana@example.com', sendDate: '2026-12-24' } },
        { ...line, id: 'i2' },
      ],
    });
    expect(await screen.findByText('Gift card for ana@example.com, emailed on Dec 24, 2026')).toBeInTheDocument();
    expect(screen.getAllByText(/^Gift card for/)).toHaveLength(1);
  });

  it('says nothing about balances when none paid', async () => {
    show(placed);
    expect(await screen.findByRole('heading', { name: 'Order B-1001' })).toBeInTheDocument();
    expect(screen.queryByTestId('paid-with-balance')).not.toBeInTheDocument();
  });
});
