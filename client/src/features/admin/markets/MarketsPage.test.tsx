import type { AdminExchangeRate, AdminMarket } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { withModalDialogs } from '../../../test/dialogs';
import { renderWithProviders, replyError, stubApi } from '../../../test/renderWithProviders';
import MarketsPage from './MarketsPage';

const base: AdminMarket = {
  id: null,
  code: 'default',
  name: 'Default',
  currency: 'USD',
  defaultLanguage: 'en',
  languages: ['en', 'de'],
  countries: [],
  pricesIncludeTax: false,
  isDefault: true,
  shippingMethodIds: null,
  rounding: 'exact',
  active: true,
  rate: null,
};
const eu: AdminMarket = {
  ...base,
  id: '00000000-0000-4000-8000-0000000000e1',
  code: 'eu',
  name: 'Europe',
  currency: 'EUR',
  defaultLanguage: 'de',
  languages: ['de', 'en'],
  countries: ['DE', 'FR'],
  pricesIncludeTax: true,
  isDefault: false,
  rounding: 'x99',
  rate: '0.92',
};
const rates: AdminExchangeRate[] = [{ currency: 'EUR', rate: '0.92', updatedAt: '2026-12-03T10:00:00.000Z' }];

describe('MarketsPage', () => {
  withModalDialogs();

  it('lists markets with the default one read-only, and creates a market from the form', async () => {
    const calls = stubApi({
      'GET /api/v1/admin/markets': { items: [base, eu] },
      'GET /api/v1/admin/exchange-rates': { items: rates },
      'POST /api/v1/admin/markets': (c) => ({ ...eu, ...(c.body as object), id: '00000000-0000-4000-8000-0000000000e2' }),
    });
    const { user } = renderWithProviders(<MarketsPage />);
    const listed = await screen.findByRole('list', { name: 'Markets' });
    expect(await within(listed).findByText('Europe')).toBeInTheDocument();
    expect(within(listed).getByText(/EUR · de, en · DE, FR · rate 0.92 · prices include tax/)).toBeInTheDocument();
    expect(within(listed).getByText(/Default \(set by the shop/)).toBeInTheDocument();
    expect(within(listed).getAllByRole('button', { name: 'Edit' })).toHaveLength(1);
    expect(screen.getByText('1 USD = 0.92 EUR')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New market' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Code/), 'jp');
    await user.type(within(dialog).getByLabelText('Name'), 'Japan');
    await user.type(within(dialog).getByLabelText(/^Currency/), 'jpy');
    await user.type(within(dialog).getByLabelText(/^Countries/), 'jp');
    await user.selectOptions(within(dialog).getByLabelText('Rounding of converted prices'), 'x99');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/admin/markets')).toBe(true));
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/admin/markets')!.body).toEqual({
      code: 'jp',
      name: 'Japan',
      currency: 'JPY',
      defaultLanguage: 'en',
      languages: ['en'],
      countries: ['JP'],
      pricesIncludeTax: false,
      rounding: 'x99',
      active: true,
      shippingMethodIds: null,
    });
  });

  it("checks the form with the shared schema and shows the server's refusal", async () => {
    const calls = stubApi({
      'GET /api/v1/admin/markets': { items: [base] },
      'GET /api/v1/admin/exchange-rates': { items: [] },
      'PUT /api/v1/admin/exchange-rates/CHF': replyError(409, { code: 'CONFLICT', message: 'Nope, not today.' }),
    });
    const { user } = renderWithProviders(<MarketsPage />);
    await user.click(await screen.findByRole('button', { name: 'New market' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Code/), 'ch');
    await user.type(within(dialog).getByLabelText('Name'), 'Switzerland');
    await user.type(within(dialog).getByLabelText(/^Currency/), 'CHF');
    await user.clear(within(dialog).getByLabelText(/^Languages/));
    await user.type(within(dialog).getByLabelText(/^Languages/), 'fr');
    await user.type(within(dialog).getByLabelText(/^Countries/), 'CH');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('The default language must be one of the languages')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    await user.type(screen.getByLabelText('Currency'), 'chf');
    await user.type(screen.getByLabelText('Rate'), '0.88');
    await user.click(screen.getByRole('button', { name: 'Set rate' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ rate: '0.88' }));
    // Refused: what was typed stays, to be corrected.
    expect(screen.getByLabelText('Rate')).toHaveValue('0.88');
  });
});
