import type { AdminMarket, AdminVariant } from '@bazaar/shared';
import { screen, waitFor, within } from '@testing-library/react';
import { anAdminProduct } from '../../../test/catalog';
import { renderWithProviders, stubApi, type StubCall } from '../../../test/renderWithProviders';
import { ProductLocales } from './ProductLocales';

const market = (m: Partial<AdminMarket>): AdminMarket => ({
  id: null,
  code: 'default',
  name: 'Default',
  currency: 'USD',
  defaultLanguage: 'en',
  languages: ['en'],
  countries: [],
  pricesIncludeTax: false,
  isDefault: true,
  shippingMethodIds: null,
  rounding: 'exact',
  active: true,
  rate: null,
  ...m,
});
const markets = [
  market({}),
  market({
    id: '00000000-0000-4000-8000-0000000000e1',
    code: 'eu',
    currency: 'EUR',
    languages: ['de', 'en'],
    defaultLanguage: 'de',
    isDefault: false,
  }),
  market({ id: '00000000-0000-4000-8000-0000000000e2', code: 'jp', currency: 'JPY', languages: ['en'], isDefault: false }),
];
const V1 = '00000000-0000-4000-8000-0000000000f1';
const variant: AdminVariant = {
  id: V1,
  sku: 'L-S',
  title: 'Small',
  options: { Size: 'S' },
  price: { amount: 1999, currency: 'USD' },
  weightGrams: null,
  onHand: 5,
  reserved: 0,
  available: 5,
  lowStockThreshold: 1,
  allowBackorder: false,
  availability: 'in_stock',
};
const product = anAdminProduct({ variants: [variant] });

describe('ProductLocales', () => {
  it("saves the product's texts in another language, leaving empty fields to the shop's own", async () => {
    const calls = stubApi({
      'GET /api/v1/admin/markets': { items: markets },
      [`GET /api/v1/admin/translations/product/${product.id}`]: { items: [{ language: 'de', fields: { title: 'Lampe' } }] },
      [`GET /api/v1/admin/variants/${V1}/prices`]: { items: [] },
      [`PUT /api/v1/admin/translations/product/${product.id}/de`]: (c: StubCall) => ({
        items: [{ language: 'de', ...(c.body as { fields: object }) }],
      }),
    });
    const { user } = renderWithProviders(<ProductLocales product={product} />);
    const form = await screen.findByRole('form', { name: 'Translation' });
    // Only the languages beyond the default market's own are offered.
    expect(within(form).getByLabelText('Language')).toHaveDisplayValue('de');
    expect(
      within(form)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['de']);
    await waitFor(() => expect(within(form).getByLabelText('Title (de)')).toHaveValue('Lampe'));
    await user.type(within(form).getByLabelText('Option “Size” (de)'), 'Größe');
    await user.type(within(form).getByLabelText('SEO title (de)'), 'Lampe kaufen');
    await user.click(within(form).getByRole('button', { name: 'Save translation' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        fields: { title: 'Lampe', seoTitle: 'Lampe kaufen', optionNames: { Size: 'Größe' } },
      }),
    );
  });

  it("saves a variant's explicit prices in each currency's own minor units, and refuses what the currency cannot hold", async () => {
    const calls = stubApi({
      'GET /api/v1/admin/markets': { items: markets },
      [`GET /api/v1/admin/translations/product/${product.id}`]: { items: [] },
      [`GET /api/v1/admin/variants/${V1}/prices`]: { items: [{ currency: 'EUR', amount: 1750, compareAtAmount: 2100 }] },
      [`PUT /api/v1/admin/variants/${V1}/prices`]: (c: StubCall) => c.body as { items: unknown[] },
    });
    const { user } = renderWithProviders(<ProductLocales product={product} />);
    const form = await screen.findByRole('form', { name: 'Prices of Small' });
    await waitFor(() => expect(within(form).getByLabelText('Small in EUR')).toHaveValue('17.50'));
    await user.type(within(form).getByLabelText('Small in JPY'), '2980.5');
    await user.click(within(form).getByRole('button', { name: 'Save prices' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('JPY: not an amount with at most 0 decimals');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.clear(within(form).getByLabelText('Small in JPY'));
    await user.type(within(form).getByLabelText('Small in JPY'), '2,980');
    await user.click(within(form).getByRole('button', { name: 'Save prices' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        items: [
          { currency: 'EUR', amount: 1750, compareAtAmount: 2100 },
          { currency: 'JPY', amount: 2980, compareAtAmount: null },
        ],
      }),
    );
  });
});
