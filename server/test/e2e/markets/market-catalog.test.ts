import { signedInBrowser, type Browser } from '../../support/browser';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';
import { openMarket } from '../../support/markets';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await createTestApp({ SHOP_LANGUAGES: 'en,de' });
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
  await openMarket(admin, '0.92', {
    code: 'eu',
    name: 'Europe',
    currency: 'EUR',
    defaultLanguage: 'de',
    languages: ['de', 'en'],
    countries: ['DE'],
    rounding: 'x99',
  });
});
afterAll(() => t.close());

describe('the catalog in a market and a language', () => {
  it('shows prices in the market currency (explicit first, else converted) and texts in the language, falling back to the shop text', async () => {
    const p = await createProduct(t, { price: 1999, variants: 2, title: `Mug ${Date.now()}` });
    const [a, b] = p.variants;
    await admin.put(`/api/v1/admin/variants/${b!.id}/prices`, { items: [{ currency: 'EUR', amount: 1500 }] }).expect(200);
    await admin.put(`/api/v1/admin/translations/product/${p.id}/de`, { fields: { title: 'Becher', optionNames: { size: 'Größe' } } });
    await admin.put(`/api/v1/admin/translations/variant/${a!.id}/de`, { fields: { options: { size: 'Null' } } }).expect(200);

    const shop = (await t.agent().get(`/api/v1/products/${p.slug}`).expect(200)).body;
    expect(shop.title).toBe(p.title);
    expect(shop.price).toEqual({ amount: 1999, currency: 'USD' });

    const de = (await t.agent().get(`/api/v1/products/${p.slug}?market=eu&lang=de&utm_source=x`).expect(200)).body;
    expect(de.title).toBe('Becher');
    expect(de.seo.title).toBe('Becher');
    expect(de.variants.map((v: { price: unknown }) => v.price)).toEqual([
      { amount: 1899, currency: 'EUR' }, // 18.39 rounded up to .99
      { amount: 1500, currency: 'EUR' }, // explicit
    ]);
    expect(de.variants.map((v: { options: unknown }) => v.options)).toEqual([{ Größe: 'Null' }, { Größe: '1' }]);
    expect(de.price).toEqual({ amount: 1500, currency: 'EUR' });

    // English in the EU market: EUR prices, the shop's own texts.
    const en = (await t.agent().get(`/api/v1/products/${p.slug}?market=eu&lang=en`).expect(200)).body;
    expect(en.title).toBe(p.title);
    expect(en.price.currency).toBe('EUR');
    // German in the default market: USD prices, German texts.
    const deUsd = (await t.agent().get(`/api/v1/products/${p.slug}?lang=de`).expect(200)).body;
    expect(deUsd).toMatchObject({ title: 'Becher', price: { amount: 1999, currency: 'USD' } });

    const list = (await t.agent().get(`/api/v1/products?market=eu&limit=100`).expect(200)).body;
    const listed = list.items.find((i: { id: string }) => i.id === p.id);
    expect(listed).toMatchObject({ title: 'Becher', price: { amount: 1500, currency: 'EUR' } });
    await t.container.search.engine.reindexAll();
    const found = (await t.agent().get(`/api/v1/search?q=mug&market=eu&lang=de`).expect(200)).body;
    expect(found.items.find((i: { id: string }) => i.id === p.id)).toMatchObject({ title: 'Becher', price: { currency: 'EUR' } });

    // The shop's own answers are unchanged after the localized ones.
    const again = (await t.agent().get(`/api/v1/products?limit=100`).expect(200)).body;
    expect(again.items.find((i: { id: string }) => i.id === p.id)).toMatchObject({
      title: p.title,
      price: { amount: 1999, currency: 'USD' },
    });
  });

  it('translates category names and refuses an unknown market with 400', async () => {
    const category = await t.container.catalogAdmin.createCategory({ name: `Kitchen ${Date.now()}`, parentId: null });
    await admin.put(`/api/v1/admin/translations/category/${category.id}/de`, { fields: { name: 'Küche' } }).expect(200);
    const tree = (await t.agent().get('/api/v1/categories?lang=de').expect(200)).body.items;
    expect(tree.find((c: { id: string }) => c.id === category.id).name).toBe('Küche');
    const detail = (await t.agent().get(`/api/v1/categories/${category.slug}?lang=de`).expect(200)).body;
    expect(detail.name).toBe('Küche');
    expect((await t.agent().get(`/api/v1/categories/${category.slug}`).expect(200)).body.name).toBe(category.name);

    const bad = await t.agent().get('/api/v1/products?market=mars').expect(400);
    expect(bad.body.error.details).toEqual([{ path: 'market', message: 'There is no market "mars"' }]);
    // A language the market does not offer shows its default language.
    await t.agent().get('/api/v1/categories?lang=fr').expect(200);
  });
});
