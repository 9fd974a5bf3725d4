import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signedInBrowser } from '../support/browser';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let clientDir: string;
beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-client-'));
  // The same markers as client/index.html.
  fs.writeFileSync(
    path.join(clientDir, 'index.html'),
    '<!doctype html><html><head><title>Bazaar</title>\n<meta name="description" content="Bazaar — shop everyday things." />\n<!--bazaar:seo--></head><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>',
  );
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log(1)');
  t = await createTestApp({ CLIENT_DIR: clientDir, PUBLIC_URL: 'https://shop.example.com' });
});
afterAll(() => t.close());

describe('storefront HTML and SEO', () => {
  it('injects title, description, canonical, Open Graph and schema.org Product JSON-LD into product pages', async () => {
    const { browser: admin } = await signedInBrowser(t, 'admin');
    const product = (
      await admin
        .post('/api/v1/admin/products', {
          title: 'Evil </script><script>alert(1)</script> Lamp',
          description: 'A "bright" lamp & more.',
          brand: 'Acme',
          status: 'active',
          variants: [{ sku: 'SEO-1', price: { amount: 1999, currency: 'USD' }, stock: { onHand: 3, lowStockThreshold: 0 } }],
        })
        .expect(201)
    ).body;
    const res = await t.agent().get(`/p/${product.slug}`).set('Accept', 'text/html').expect(200);
    const html = res.text;
    expect(html).toContain(`<link rel="canonical" href="https://shop.example.com/p/${product.slug}">`);
    expect(html).toContain('<meta property="og:type" content="product">');
    expect(html).toContain('<title>Evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; Lamp | Bazaar</title>');
    expect(html).toContain('content="A &quot;bright&quot; lamp &amp; more."');
    expect(html.match(/<script>alert/g)).toBeNull();
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(jsonLd).toMatchObject({
      '@type': 'Product',
      name: 'Evil </script><script>alert(1)</script> Lamp',
      brand: { name: 'Acme' },
      offers: [{ '@type': 'Offer', sku: 'SEO-1', price: '19.99', priceCurrency: 'USD', availability: 'https://schema.org/InStock' }],
    });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('gives category pages their own title and canonical URL; unknown pages get the app shell', async () => {
    const { browser: admin } = await signedInBrowser(t, 'admin');
    const cat = (await admin.post('/api/v1/admin/categories', { name: 'Garden Tools', description: 'Dig in.' }).expect(201)).body;
    const html = (await t.agent().get(`/c/${cat.slug}`).set('Accept', 'text/html').expect(200)).text;
    expect(html).toContain('<title>Garden Tools | Bazaar</title>');
    expect(html).toContain(`href="https://shop.example.com/c/${cat.slug}"`);
    const shell = await t.agent().get('/p/does-not-exist').set('Accept', 'text/html').expect(200);
    expect(shell.text).toContain('<div id="root">');
    expect(shell.text).not.toContain('og:type');
    await t.agent().get('/api/v1/not-a-route').set('Accept', 'text/html').expect(404);
    const asset = await t.agent().get('/assets/app.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('lists active products and categories in /sitemap.xml and points to it from /robots.txt', async () => {
    const { browser: admin } = await signedInBrowser(t, 'admin');
    const live = (
      await admin
        .post('/api/v1/admin/products', {
          title: 'Sitemap Live',
          status: 'active',
          variants: [{ sku: 'SM-1', price: { amount: 100, currency: 'USD' } }],
        })
        .expect(201)
    ).body;
    const draft = (
      await admin
        .post('/api/v1/admin/products', {
          title: 'Sitemap Draft',
          status: 'draft',
          variants: [{ sku: 'SM-2', price: { amount: 100, currency: 'USD' } }],
        })
        .expect(201)
    ).body;
    const xml = (await t.agent().get('/sitemap.xml').expect(200).expect('Content-Type', /xml/)).text;
    expect(xml).toContain(`<loc>https://shop.example.com/p/${live.slug}</loc>`);
    // Each product carries when it last changed.
    expect(xml).toMatch(new RegExp(`/p/${live.slug}</loc><lastmod>\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z</lastmod>`));
    expect(xml).not.toContain(draft.slug);
    const robots = (await t.agent().get('/robots.txt').expect(200)).text;
    expect(robots).toContain('Sitemap: https://shop.example.com/sitemap.xml');
    expect(robots).toContain('Disallow: /checkout');
  });
});
