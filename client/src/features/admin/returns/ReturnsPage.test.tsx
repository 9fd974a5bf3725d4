import type { Return, ReturnList } from '@bazaar/shared';
import { screen, waitFor } from '@testing-library/react';
import { renderWithProviders, stubApi } from '../../../test/renderWithProviders';
import { makeReturn } from '../../../test/returns.fixtures';
import ReturnsPage from './ReturnsPage';

const row = (n: number, status: Return['status']) =>
  makeReturn({
    id: `00000000-0000-4000-8000-0000000000a${n}`,
    number: `BZ-${n}-R1`,
    orderId: `00000000-0000-4000-8000-00000000000${n}`,
    orderNumber: `BZ-${n}`,
    email: `shopper${n}@example.com`,
    status,
  });

describe('ReturnsPage', () => {
  it('lists the queue and asks the server for the chosen status only', async () => {
    const all = [row(1, 'requested'), row(2, 'approved')];
    const calls = stubApi({
      'GET /api/v1/admin/returns': (call): ReturnList => {
        const status = new URLSearchParams(call.search).get('status');
        const items = all.filter((r) => !status || r.status === status);
        return { items, page: 1, limit: 25, total: items.length };
      },
    });
    const { user } = renderWithProviders(<ReturnsPage />, { route: '/admin/returns', path: '/admin/returns' });
    expect(await screen.findByRole('link', { name: 'BZ-1-R1' })).toHaveAttribute(
      'href',
      '/admin/returns/00000000-0000-4000-8000-0000000000a1',
    );
    expect(screen.getByRole('link', { name: 'BZ-2' })).toHaveAttribute('href', '/admin/orders/00000000-0000-4000-8000-000000000002');
    expect(screen.getByText('shopper2@example.com')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Status'), 'approved');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'BZ-1-R1' })).toBeNull());
    expect(screen.getByRole('link', { name: 'BZ-2-R1' })).toBeInTheDocument();
    const last = new URLSearchParams(calls.filter((c) => c.path === '/api/v1/admin/returns').at(-1)!.search);
    expect(last.get('status')).toBe('approved');
    expect(last.get('page')).toBe('1');
  });
});
