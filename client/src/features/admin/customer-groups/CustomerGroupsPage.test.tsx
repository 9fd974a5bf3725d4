import type { CustomerGroup, PriceList } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { withModalDialogs } from '../../../test/dialogs';
import { renderWithProviders, stubApi } from '../../../test/renderWithProviders';
import CustomerGroupsPage, { formatPriceLines, parsePriceLines } from './CustomerGroupsPage';

const group: CustomerGroup = {
  id: '00000000-0000-4000-8000-0000000000b1',
  name: 'Wholesale',
  description: null,
  memberCount: 2,
  createdAt: '2026-12-04T10:00:00.000Z',
};
const list: PriceList = {
  id: '00000000-0000-4000-8000-0000000000b2',
  name: 'Wholesale 20 %',
  groupId: group.id,
  market: null,
  percentOff: 20,
  active: true,
  startsAt: null,
  endsAt: null,
  priceCount: 1,
  createdAt: '2026-12-04T10:00:00.000Z',
};
const variant = '00000000-0000-4000-8000-0000000000c1';

describe('CustomerGroupsPage', () => {
  withModalDialogs();

  it('lists groups and price lists, adds a member by e-mail, and saves explicit prices typed as lines', async () => {
    const calls = stubApi({
      'GET /api/v1/admin/customer-groups': { items: [group] },
      'GET /api/v1/admin/price-lists': { items: [list] },
      'GET /api/v1/admin/customer-groups/00000000-0000-4000-8000-0000000000b1/members': { items: [] },
      'POST /api/v1/admin/customer-groups/00000000-0000-4000-8000-0000000000b1/members': {
        items: [
          { userId: '00000000-0000-4000-8000-0000000000d1', email: 'kim@example.com', name: 'Kim', addedAt: '2026-12-04T10:00:00.000Z' },
        ],
      },
      'GET /api/v1/admin/price-lists/00000000-0000-4000-8000-0000000000b2/prices': {
        items: [{ variantId: variant, currency: 'USD', amount: 3500 }],
      },
      'PUT /api/v1/admin/price-lists/00000000-0000-4000-8000-0000000000b2/prices': (c) => c.body as { items: unknown[] },
    });
    const { user } = renderWithProviders(<CustomerGroupsPage />);
    const lists = await screen.findByRole('table', { name: 'Price lists' });
    expect(await within(lists).findByText('20% off · 1 explicit price')).toBeInTheDocument();
    expect(within(lists).getByText('Wholesale')).toBeInTheDocument();

    await user.click(within(screen.getByRole('table', { name: 'Customer groups' })).getByRole('button', { name: 'Members' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText("Customer's e-mail"), 'kim@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(calls.map((c) => c.method + ' ' + c.path)).toContain(
        'POST /api/v1/admin/customer-groups/00000000-0000-4000-8000-0000000000b1/members',
      ),
    );
    expect(await within(dialog).findByText('Kim · kim@example.com')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ email: 'kim@example.com' });
    await user.keyboard('{Escape}');

    await user.click(within(lists).getByRole('button', { name: 'Prices' }));
    const prices = screen.getByRole('dialog', { name: /Prices of/ });
    const box = within(prices).getByLabelText(/^Explicit prices/);
    await waitFor(() => expect(box).toHaveValue(`${variant} USD 35.00`));
    await user.clear(box);
    await user.type(box, `${variant} usd 30{enter}${variant} EUR 27.50`);
    await user.click(within(prices).getByRole('button', { name: 'Save prices' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      items: [
        { variantId: variant, currency: 'USD', amount: 3000 },
        { variantId: variant, currency: 'EUR', amount: 2750 },
      ],
    });
  });

  it('refuses price lines it cannot read, naming the line', () => {
    expect(parsePriceLines(`${variant} EUR twelve`).error).toMatch(/^Line 1:/);
    expect(parsePriceLines(`${variant} JPY 1200`).items).toEqual([{ variantId: variant, currency: 'JPY', amount: 1200 }]);
    expect(formatPriceLines([{ variantId: variant, currency: 'KWD', amount: 1234 }])).toBe(`${variant} KWD 1.234`);
  });
});
