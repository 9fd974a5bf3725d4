import type { Me } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders, stubApi } from '../../test/renderWithProviders';
import GiftCardsPage from './GiftCardsPage';

const me: Me = {
  id: 'u1',
  email: 'admin@example.com',
  name: 'Admin',
  role: 'admin',
  permissions: ['orders:read', 'orders:refund'],
  emailVerified: true,
  mfaEnabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const card = {
  id: '00000000-0000-4000-8000-000000000009',
  last4: 'WXYZ',
  balance: { amount: 2500, currency: 'USD' },
  recipientEmail: null,
  expiresAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  orderId: null,
  scheduledFor: null,
};

describe('GiftCardsPage', () => {
  it('issues a card in minor units and shows its code once; the list shows only the last four', async () => {
    const calls = stubApi({
      'GET /api/v1/me': me,
      'GET /api/v1/admin/gift-cards': { items: [card] },
      'POST /api/v1/admin/gift-cards': { ...card, id: '00000000-0000-4000-8000-00000000000a', code: 'ABCD-EFGH-JKMN-PQRS-WXYZ' },
    });
    renderWithProviders(<GiftCardsPage />, { route: '/admin/gift-cards', path: '/admin/gift-cards' });
    expect(await screen.findByText('…WXYZ')).toBeInTheDocument();
    await userEvent.type(await screen.findByLabelText('Amount'), '25');
    await userEvent.click(screen.getByRole('button', { name: 'Issue gift card' }));
    expect(await screen.findByRole('status')).toHaveTextContent('ABCD-EFGH-JKMN-PQRS-WXYZ');
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ amount: 2500 }));
  });

  it('tells cards bought with an order (linked, and when a waiting one is emailed) from cards staff issued', async () => {
    const bought = {
      ...card,
      id: '00000000-0000-4000-8000-00000000000b',
      last4: '',
      recipientEmail: 'ana@example.com',
      orderId: '00000000-0000-4000-8000-0000000000c1',
      scheduledFor: '2026-12-24T12:00:00.000Z',
    };
    stubApi({ 'GET /api/v1/me': me, 'GET /api/v1/admin/gift-cards': { items: [bought, card] } });
    renderWithProviders(<GiftCardsPage />, { route: '/admin/gift-cards', path: '/admin/gift-cards' });
    const [, boughtRow, staffRow] = await screen.findAllByRole('row');
    expect(boughtRow).toHaveTextContent('not sent yet');
    expect(boughtRow).toHaveTextContent(/Bought with an order\s*to be emailed Dec 24, 2026/);
    expect(within(boughtRow!).getByRole('link', { name: 'an order' })).toHaveAttribute(
      'href',
      '/admin/orders/00000000-0000-4000-8000-0000000000c1',
    );
    expect(staffRow).toHaveTextContent('…WXYZ');
    expect(staffRow).toHaveTextContent('Issued by staff');
  });

  it('hides the issue form from staff who may not move money', async () => {
    stubApi({ 'GET /api/v1/me': { ...me, permissions: ['orders:read'] }, 'GET /api/v1/admin/gift-cards': { items: [card] } });
    renderWithProviders(<GiftCardsPage />, { route: '/admin/gift-cards', path: '/admin/gift-cards' });
    expect(await screen.findByText('…WXYZ')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Issue gift card' })).toBeNull();
  });
});
