import { MarketsRepository } from '../../../src/modules/markets';
import { signedInBrowser, type Browser } from '../../support/browser';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp({ SHOP_LANGUAGES: 'en,de' });
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

const eu = {
  code: 'EU',
  name: 'Europe',
  currency: 'EUR',
  defaultLanguage: 'de',
  languages: ['de', 'en'],
  countries: ['de', 'fr', 'AT'],
  pricesIncludeTax: true,
  rounding: 'x99',
};

describe('markets (staff)', () => {
  it('refuses a market in a currency without a rate, then creates it once the rate is set', async () => {
    const refused = await admin.post('/api/v1/admin/markets', eu).expect(409);
    expect(refused.body.error.message).toMatch(/exchange rate for EUR/);
    await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '0.92' }).expect(200);
    const market = (await admin.post('/api/v1/admin/markets', eu).expect(201)).body;
    expect(market).toMatchObject({
      code: 'eu',
      currency: 'EUR',
      countries: ['DE', 'FR', 'AT'],
      rounding: 'x99',
      rate: '0.92',
      active: true,
      isDefault: false,
      shippingMethodIds: null,
    });
    const listed = (await admin.get('/api/v1/admin/markets').expect(200)).body.items;
    expect(listed[0]).toMatchObject({ id: null, code: 'default', currency: 'USD', isDefault: true, languages: ['en', 'de'] });
    expect(listed.map((m: { code: string }) => m.code)).toContain('eu');

    const audit = (await admin.get('/api/v1/admin/audit-logs?event=exchange_rate_changed').expect(200)).body.items;
    expect(audit[0]).toMatchObject({ event: 'exchange_rate_changed', details: { currency: 'EUR', rate: '0.92' } });
  });

  it('keeps each country in one market, the default language among the languages, and the default code reserved', async () => {
    const clash = await admin.post('/api/v1/admin/markets', { ...eu, code: 'fr', name: 'France', countries: ['FR'] }).expect(409);
    expect(clash.body.error.details).toEqual([{ path: 'countries', message: 'In another market: FR' }]);
    await admin.post('/api/v1/admin/markets', { ...eu, code: 'eu', countries: ['BE'] }).expect(409);
    const lang = await admin.post('/api/v1/admin/markets', { ...eu, code: 'ch', countries: ['CH'], defaultLanguage: 'fr' }).expect(400);
    expect(lang.body.error.details[0].path).toBe('languages');
    await admin.post('/api/v1/admin/markets', { ...eu, code: 'default', countries: ['CH'] }).expect(400);
    await admin.post('/api/v1/admin/markets', { ...eu, code: 'x', countries: ['CH'] }).expect(400);
    await admin.post('/api/v1/admin/markets', { ...eu, code: 'jp', countries: ['JP'], currency: 'yen' }).expect(400);
    await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '-1' }).expect(400);
    await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '0' }).expect(400);
    await admin.put('/api/v1/admin/exchange-rates/USD', { rate: '1.1' }).expect(400);
  });

  it('will not drop a rate an active market sells in, and a closed market leaves the storefront', async () => {
    await admin.put('/api/v1/admin/exchange-rates/JPY', { rate: '150.25' }).expect(200);
    const jp = (
      await admin
        .post('/api/v1/admin/markets', {
          code: 'jp',
          name: 'Japan',
          currency: 'JPY',
          defaultLanguage: 'en',
          languages: ['en'],
          countries: ['JP'],
        })
        .expect(201)
    ).body;
    expect((await admin.delete('/api/v1/admin/exchange-rates/JPY').expect(409)).body.error.message).toMatch(/Japan sells in JPY/);
    expect((await t.agent().get('/api/v1/markets?country=jp').expect(200)).body.suggested).toBe('jp');
    await admin.patch(`/api/v1/admin/markets/${jp.id}`, { active: false }).expect(200);
    const store = (await t.agent().get('/api/v1/markets?country=JP').expect(200)).body;
    expect(store.suggested).toBe('default');
    expect(store.items.map((m: { code: string }) => m.code)).not.toContain('jp');
    await admin.delete('/api/v1/admin/exchange-rates/JPY').expect(204);
    await admin.patch(`/api/v1/admin/markets/${jp.id}`, { active: true }).expect(409);
    await admin.delete(`/api/v1/admin/markets/${jp.id}`).expect(204);
    await admin.delete(`/api/v1/admin/markets/${jp.id}`).expect(404);
  });

  it("suggests the market for the shopper's country, the default one elsewhere", async () => {
    const store = (await t.agent().get('/api/v1/markets?country=de').expect(200)).body;
    expect(store.suggested).toBe('eu');
    expect(store.items.find((m: { code: string }) => m.code === 'eu')).toEqual({
      code: 'eu',
      name: 'Europe',
      currency: 'EUR',
      defaultLanguage: 'de',
      languages: ['de', 'en'],
      countries: ['DE', 'FR', 'AT'],
      pricesIncludeTax: true,
      isDefault: false,
    });
    expect((await t.agent().get('/api/v1/markets?country=BR').expect(200)).body.suggested).toBe('default');
    await t.agent().get('/api/v1/markets?country=Brazil').expect(400);
  });

  it('stores explicit per-currency prices for a variant, refusing the base currency and duplicates', async () => {
    const p = await createProduct(t, { price: 1999 });
    const variantId = p.variants[0]!.id;
    const url = `/api/v1/admin/variants/${variantId}/prices`;
    expect((await admin.get(url).expect(200)).body).toEqual({ items: [] });
    await admin.put(url, { items: [{ currency: 'USD', amount: 100 }] }).expect(400);
    await admin
      .put(url, {
        items: [
          { currency: 'EUR', amount: 100 },
          { currency: 'EUR', amount: 200 },
        ],
      })
      .expect(400);
    await admin.put(url, { items: [{ currency: 'EUR', amount: -1 }] }).expect(400);
    const set = (await admin.put(url, { items: [{ currency: 'EUR', amount: 1750, compareAtAmount: 2100 }] }).expect(200)).body;
    expect(set).toEqual({ items: [{ currency: 'EUR', amount: 1750, compareAtAmount: 2100 }] });
    await admin.put('/api/v1/admin/variants/00000000-0000-4000-8000-000000000000/prices', { items: [] }).expect(404);
  });

  it('prices in a market: explicit prices win, others derive at the stored rate with the rounding rule', async () => {
    const markets = t.container.markets;
    const p = await createProduct(t, { price: 1999, variants: 2 });
    const [a, b] = p.variants;
    await admin.put(`/api/v1/admin/variants/${a!.id}/prices`, { items: [{ currency: 'EUR', amount: 1500 }] }).expect(200);
    const market = await markets.resolve('eu');
    const prices = await markets.priceIn(market, [
      { variantId: a!.id, amount: 1999, compareAtAmount: null },
      { variantId: b!.id, amount: 1999, compareAtAmount: 2500 },
    ]);
    expect(prices).toEqual([
      { amount: 1500, compareAtAmount: null },
      { amount: 1899, compareAtAmount: 2399 }, // 18.39 → 18.99, 23.00 → 23.99
    ]);
    await admin.put('/api/v1/admin/exchange-rates/EUR', { rate: '1.1' }).expect(200);
    const repriced = await markets.priceIn(await markets.resolve('eu'), [{ variantId: b!.id, amount: 1999, compareAtAmount: null }]);
    expect(repriced).toEqual([{ amount: 2199, compareAtAmount: null }]); // 21.989 → 21.99
    await expect(markets.resolve('nowhere')).rejects.toMatchObject({ status: 400 });
  });

  it("sees another process's change of rate within two seconds", async () => {
    const markets = t.container.markets;
    const before = await markets.resolve('eu');
    // As another process would: in the database only, with the version row bumped.
    const repo = new MarketsRepository(t.container.db);
    await t.container.db.transaction(async (tx) => {
      await repo.setRate('EUR', '0.5', tx);
      await repo.version.bump(tx);
    });
    expect(before.rate).not.toBe('0.5');
    const deadline = Date.now() + 2_500;
    let rate = before.rate;
    while (rate !== '0.5' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      rate = (await markets.resolve('eu')).rate;
    }
    expect(rate).toBe('0.5');
  });
});
