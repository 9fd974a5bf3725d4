import type { Order } from '@bazaar/shared';
import { screen } from '@testing-library/react';
import { makeOrder, usd } from '../../../test/orders.fixtures';
import { renderWithProviders, stubApi, type StubRoutes } from '../../../test/renderWithProviders';
import { makeReturn } from '../../../test/returns.fixtures';
import { staff } from '../../../test/staff.fixtures';
import OrderDetailPage from './OrderDetailPage';

const order = makeOrder();
function renderOrder(shown: Order, routes: StubRoutes = {}) {
  const calls = stubApi({ 'GET /api/v1/me': staff(['orders:read']), [`GET /api/v1/admin/orders/${shown.id}`]: shown, ...routes });
  renderWithProviders(<OrderDetailPage />, { route: `/admin/orders/${shown.id}`, path: '/admin/orders/:id' });
  return calls;
}

describe('the admin order page after the order', () => {
  it("lists the order's returns, asked for by orderId, each linking to its return", async () => {
    const calls = renderOrder(order, {
      'GET /api/v1/admin/returns': (c) => ({
        items:
          new URLSearchParams(c.search).get('orderId') === order.id
            ? [
                makeReturn(),
                makeReturn({ id: '00000000-0000-4000-8000-0000000000a2', number: 'BZ-7-R2', kind: 'exchange', status: 'approved' }),
              ]
            : [],
        page: 1,
        limit: 50,
        total: 2,
      }),
    });
    expect(await screen.findByRole('heading', { name: 'Returns' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'BZ-7-R1' })).toHaveAttribute('href', '/admin/returns/00000000-0000-4000-8000-0000000000a1');
    expect(screen.getByRole('link', { name: 'BZ-7-R2' })).toHaveAttribute('href', '/admin/returns/00000000-0000-4000-8000-0000000000a2');
    expect(screen.getByRole('link', { name: 'BZ-7-R2' }).closest('li')).toHaveTextContent('BZ-7-R2 · exchange · approved');
    expect(calls.some((c) => c.path === '/api/v1/admin/returns' && new URLSearchParams(c.search).get('orderId') === order.id)).toBe(true);
  });

  it('shows no returns section for an order without returns', async () => {
    const calls = renderOrder(order, { 'GET /api/v1/admin/returns': { items: [], page: 1, limit: 50, total: 0 } });
    expect(await screen.findByRole('heading', { name: 'Order BZ-7' })).toBeInTheDocument();
    await vi.waitFor(() => expect(calls.some((c) => c.path === '/api/v1/admin/returns')).toBe(true));
    expect(screen.queryByRole('heading', { name: 'Returns' })).toBeNull();
  });

  it('shows the amount due from the customer when an edit raised the total', async () => {
    renderOrder({ ...order, amountDue: usd(800) });
    expect(await screen.findByTestId('amount-due')).toHaveTextContent('Amount due from the customer: $8.00');
  });

  it('says nothing of an amount due when none is', async () => {
    renderOrder(order);
    expect(await screen.findByRole('heading', { name: 'Order BZ-7' })).toBeInTheDocument();
    expect(screen.queryByText(/Amount due from the customer/)).toBeNull();
  });
});
