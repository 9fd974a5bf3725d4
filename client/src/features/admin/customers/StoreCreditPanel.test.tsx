import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { staff } from '../../../test/staff.fixtures';
import { renderWithProviders, stubApi } from '../../../test/renderWithProviders';
import { StoreCreditPanel } from './StoreCreditPanel';

const CUSTOMER = '00000000-0000-4000-8000-000000000042';
const credit = {
  balance: { amount: 1000, currency: 'USD' },
  entries: [
    {
      delta: { amount: 1000, currency: 'USD' },
      balanceAfter: { amount: 1000, currency: 'USD' },
      reason: 'issued',
      reference: null,
      note: 'goodwill',
      createdAt: '2026-12-01T10:00:00.000Z',
    },
  ],
};

describe('StoreCreditPanel', () => {
  it('shows the balance and movements, and debits in minor units with a reason', async () => {
    const calls = stubApi({
      'GET /api/v1/me': staff(['customers:read', 'orders:refund']),
      [`GET /api/v1/admin/customers/${CUSTOMER}/store-credit`]: credit,
      [`POST /api/v1/admin/customers/${CUSTOMER}/store-credit`]: { ...credit, balance: { amount: 750, currency: 'USD' } },
    });
    renderWithProviders(<StoreCreditPanel customerId={CUSTOMER} />);
    expect(await screen.findByRole('heading', { name: 'Store credit: $10.00' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'goodwill' })).toBeInTheDocument();
    await userEvent.type(await screen.findByLabelText('Credit (negative to debit)'), '-2.50');
    await userEvent.type(screen.getByLabelText('Reason'), 'damaged box');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ amount: -250, note: 'damaged box' }));
  });

  it('offers no form to staff who may only read customers', async () => {
    stubApi({ 'GET /api/v1/me': staff(['customers:read']), [`GET /api/v1/admin/customers/${CUSTOMER}/store-credit`]: credit });
    renderWithProviders(<StoreCreditPanel customerId={CUSTOMER} />);
    expect(await screen.findByRole('heading', { name: 'Store credit: $10.00' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
  });
});
