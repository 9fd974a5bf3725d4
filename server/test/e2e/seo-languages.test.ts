import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signedInBrowser, type Browser } from '../support/browser';
import { createProduct } from '../support/shop';
import { createTestApp, type TestApp } from '../support/test-app';
import { openMarket } from '../support/markets';

// The shop itself speaks English only; German comes with the European market (EUR).
let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-client-'));
  fs.writeFileSync(
    path.join(clientDir, 'index.html'),
    '<!doctype html><html lang="en"><head><title>Bazaar</title>\n<meta name="description" content="Bazaar — shop everyday things." />\n<!--bazaar:seo--></head><body><div id="root"></div></body></html>',
  );
  t = await createTestApp({ CLIENT_DIR: clientDir, PUBLIC_URL: 'https://shop.example.com', SHOP_LANGUAGES: 'en' });
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
  await openMarket(admin, '0.9', {
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

const page = async (url: string) => (await t.agent().get(url).set('Accept', 'text/html').expect(200)).text;
const hreflangs = (html: string) =>
  [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1], m[2]]);

describe('storefront pages and the sitemap in every language a market offers', () => {
  it('lists each product and category with an alternate per language (?lang=) and x-default in /sitemap.xml', async () => {
    const product = await createProduct(t, { price: 2000 });
    const category = await t.container.catalogAdmin.createCategory({ name: `Kitchen ${Date.now()}`, parentId: null });
    const xml = (await t.agent().get('/sitemap.xml').expect(200).expect('Content-Type', /xml/)).text;
    expect(xml).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    const base = 'https://shop.example.com';
    for (const loc of [`${base}/p/${product.slug}`, `${base}/c/${category.slug}`]) {
      const entry = new RegExp(`<url><loc>${loc}</loc>(?:<lastmod>[^<]+</lastmod>)?(.*?)</url>`).exec(xml)?.[1];
      expect(entry).toBe(
        [
          `<xhtml:link rel="alternate" hreflang="en" href="${loc}?lang=en"/>`,
          `<xhtml:link rel="alternate" hreflang="de" href="${loc}?lang=de"/>`,
          `<xhtml:link rel="alternate" hreflang="x-default" href="${loc}"/>`,
        ].join(''),
      );
    }
  });

  it('gives a product page its alternates, and ?lang=de the German page: translated head, its own canonical, priced where German is sold', async () => {
    const product = await createProduct(t, { price: 2000, title: `Mug ${Date.now()}` });
    await admin.put(`/api/v1/admin/translations/product/${product.id}/de`, { fields: { title: 'Becher' } }).expect(200);
    const url = `https://shop.example.com/p/${product.slug}`;
    const alternates = [
      ['en', `${url}?lang=en`],
      ['de', `${url}?lang=de`],
      ['x-default', url],
    ];

    const shop = await page(`/p/${product.slug}`);
    expect(shop).toContain('<html lang="en">');
    expect(shop).toContain(`<title>${product.title} | Bazaar</title>`);
    expect(shop).toContain(`<link rel="canonical" href="${url}">`);
    expect(hreflangs(shop)).toEqual(alternates);

    const german = await page(`/p/${product.slug}?lang=de`);
    expect(german).toContain('<html lang="de">');
    expect(german).toContain('<title>Becher | Bazaar</title>');
    expect(german).toContain(`<link rel="canonical" href="${url}?lang=de">`);
    expect(hreflangs(german)).toEqual(alternates);
    // German is sold in the European market: its offers are in EUR (20.00 USD at 0.9 → 18.00 → 18.99).
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(german)![1]!);
    expect(jsonLd.offers[0]).toMatchObject({ price: '18.99', priceCurrency: 'EUR', url: `${url}?lang=de` });

    // A language no market offers is the shop's own page.
    const unknown = await page(`/p/${product.slug}?lang=fr`);
    expect(unknown).toContain('<html lang="en">');
    expect(unknown).toContain(`<link rel="canonical" href="${url}">`);
  });

  it('gives a category page its alternates and its name in the language asked for', async () => {
    const category = await t.container.catalogAdmin.createCategory({ name: `Garden ${Date.now()}`, parentId: null });
    await admin.put(`/api/v1/admin/translations/category/${category.id}/de`, { fields: { name: 'Garten' } }).expect(200);
    const url = `https://shop.example.com/c/${category.slug}`;
    const german = await page(`/c/${category.slug}?lang=de`);
    expect(german).toContain('<title>Garten | Bazaar</title>');
    expect(german).toContain(`<link rel="canonical" href="${url}?lang=de">`);
    expect(hreflangs(german)).toEqual([
      ['en', `${url}?lang=en`],
      ['de', `${url}?lang=de`],
      ['x-default', url],
    ]);
    expect(await page(`/c/${category.slug}`)).toContain(`<title>${category.name} | Bazaar</title>`);
  });
});
