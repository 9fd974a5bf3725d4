import type { Cart, Money, ProductSummary, StoreMarket, StoreMarketList } from '@bazaar/shared';

/** The shop's own market (USD, English and German) and a European one (EUR, German first). */
export const DEFAULT_MARKET: StoreMarket = {
  code: 'default',
  name: 'Default',
  currency: 'USD',
  defaultLanguage: 'en',
  languages: ['en', 'de'],
  countries: [],
  pricesIncludeTax: false,
  isDefault: true,
};
export const EU_MARKET: StoreMarket = {
  code: 'eu',
  name: 'Europe',
  currency: 'EUR',
  defaultLanguage: 'de',
  languages: ['de', 'en'],
  countries: ['DE', 'AT'],
  pricesIncludeTax: true,
  isDefault: false,
};
export const marketList = (suggested = 'default', items = [DEFAULT_MARKET, EU_MARKET]): StoreMarketList => ({ items, suggested });

/** A lamp priced as the market asked for answers it: 19.99 USD, or 18.99 EUR. */
export const lampIn = (market: string | null): ProductSummary => ({
  id: '00000000-0000-4000-8000-000000000010',
  slug: 'lamp',
  title: 'Lamp',
  brand: 'Lumen',
  price: market === 'eu' ? { amount: 1899, currency: 'EUR' } : { amount: 1999, currency: 'USD' },
  rating: { average: 0, count: 0 },
  availability: 'in_stock',
});

/** A cart with one lamp, priced in `market`. */
export const cartIn = (market: 'default' | 'eu', extra: Partial<Cart> = {}): Cart => {
  const m = (amount: number): Money => ({ amount, currency: market === 'eu' ? 'EUR' : 'USD' });
  const unit = market === 'eu' ? 1899 : 1999;
  return {
    id: 'c1',
    market,
    itemCount: 1,
    items: [
      {
        id: 'i1',
        variantId: 'v1',
        productSlug: 'lamp',
        title: 'Lamp',
        variantTitle: '',
        sku: 'L-1',
        quantity: 1,
        unitPrice: m(unit),
        lineTotal: m(unit),
        warnings: [],
      },
    ],
    totals: { subtotal: m(unit), discount: m(0), shipping: m(0), tax: m(0), total: m(unit) },
    warnings: [],
    ...extra,
  };
};
