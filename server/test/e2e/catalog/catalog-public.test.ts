import { signedInBrowser, type Browser } from '../../support/browser';
import { seedDemoShop } from '../../support/demo-shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let admin: Browser;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoShop(t, 240); // with its reviews, so the rating filters and sort have ratings to work on
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
});
afterAll(() => t.close());

const count = async (sql: string, params: unknown[] = []) => Number((await t.container.db.one<{ n: number }>(sql, params))!.n);

describe('GET /products', () => {
  it('lists active products only, with totals equal to a direct count', async () => {
    const res = await t.agent().get('/api/v1/products?limit=100').expect(200);
    expect(res.body.total).toBe(await count("SELECT COUNT(*) AS n FROM products WHERE status = 'active'"));
    expect(res.body.items).toHaveLength(100);
    expect(res.body).toMatchObject({ page: 1, limit: 100 });
    const item = res.body.items[0];
    expect(item).toEqual({
      id: expect.any(String),
      slug: expect.any(String),
      title: expect.any(String),
      brand: expect.any(String),
      price: { amount: expect.any(Number), currency: 'USD' },
      ...(item.compareAtPrice ? { compareAtPrice: { amount: expect.any(Number), currency: 'USD' } } : {}),
      rating: { average: expect.any(Number), count: expect.any(Number) },
      availability: expect.stringMatching(/^(in_stock|low_stock|out_of_stock)$/),
    });
    expect(Number.isInteger(item.price.amount)).toBe(true);
  });

  it('paginates without gaps or repeats', async () => {
    const all = (await t.agent().get('/api/v1/products?limit=100&sort=price_asc').expect(200)).body;
    const pages = [];
    for (let page = 1; page <= Math.ceil(all.total / 24); page++) {
      pages.push(
        ...(await t.agent().get(`/api/v1/products?page=${page}&sort=price_asc`).expect(200)).body.items.map((p: { id: string }) => p.id),
      );
    }
    expect(pages).toHaveLength(all.total);
    expect(new Set(pages).size).toBe(all.total);
    const beyond = await t
      .agent()
      .get(`/api/v1/products?page=${Math.ceil(all.total / 24) + 1}`)
      .expect(200);
    expect(beyond.body.items).toEqual([]);
  });

  it('filters by a top-level category including its descendants', async () => {
    const res = await t.agent().get('/api/v1/products?category=electronics&limit=100').expect(200);
    const expected = await count(
      `SELECT COUNT(*) AS n FROM products p WHERE p.status = 'active' AND p.primary_category_id IN (
         SELECT c3.id FROM categories c1 JOIN categories c2 ON c2.parent_id = c1.id JOIN categories c3 ON c3.parent_id = c2.id WHERE c1.slug = 'electronics')`,
    );
    expect(expected).toBeGreaterThan(0);
    expect(res.body.total).toBe(expected);
    await t.agent().get('/api/v1/products?category=no-such-category').expect(404);
  });

  it('combines price range, brand, tag, rating and stock filters', async () => {
    const res = await t.agent().get('/api/v1/products?price_min=5000&price_max=30000&in_stock=true&rating=3&limit=100').expect(200);
    expect(res.body.total).toBe(
      await count(
        "SELECT COUNT(*) AS n FROM products WHERE status = 'active' AND min_price BETWEEN 5000 AND 30000 AND in_stock = 1 AND rating_avg >= 3",
      ),
    );
    for (const p of res.body.items) {
      expect(p.price.amount).toBeGreaterThanOrEqual(5000);
      expect(p.price.amount).toBeLessThanOrEqual(30000);
      expect(p.rating.average).toBeGreaterThanOrEqual(3);
      expect(p.availability).not.toBe('out_of_stock');
    }
    const brand = (await t.agent().get('/api/v1/products?brand=Acme&tag=eco&limit=100').expect(200)).body;
    expect(brand.total).toBe(
      await count(
        "SELECT COUNT(*) AS n FROM products p WHERE status = 'active' AND brand = 'Acme' AND EXISTS (SELECT 1 FROM product_tags t WHERE t.product_id = p.id AND t.tag = 'eco')",
      ),
    );
    expect(brand.items.every((p: { brand: string }) => p.brand === 'Acme')).toBe(true);
  });

  it.each([
    ['price_asc', (a: Item, b: Item) => a.price.amount <= b.price.amount],
    ['price_desc', (a: Item, b: Item) => a.price.amount >= b.price.amount],
    ['rating', (a: Item, b: Item) => a.rating.average >= b.rating.average],
  ])('sorts by %s', async (sort, inOrder) => {
    const items: Item[] = (await t.agent().get(`/api/v1/products?sort=${sort}&limit=100`).expect(200)).body.items;
    for (let i = 1; i < items.length; i++) expect(inOrder(items[i - 1]!, items[i]!)).toBe(true);
  });

  it('sorts newest and best-selling the way the database orders them', async () => {
    for (const [sort, order] of [
      ['newest', 'created_at DESC, id DESC'],
      ['best_selling', 'sold_count DESC, id DESC'],
    ]) {
      const ids = (await t.agent().get(`/api/v1/products?sort=${sort}&limit=30`).expect(200)).body.items.map((p: Item) => p.id);
      const expected = (
        await t.container.db.select<{ id: string }>(`SELECT id FROM products WHERE status = 'active' ORDER BY ${order} LIMIT 30`)
      ).map((r) => r.id);
      expect(ids).toEqual(expected);
    }
  });

  it.each([
    ['limit=101', 'limit'],
    ['page=0', 'page'],
    ['sort=cheapest', 'sort'],
    ['price_min=10.5', 'price_min'],
    ['price_min=500&price_max=100', 'price_min'],
    ['colour=red', ''],
  ])('refuses %s with a 400', async (qs, path) => {
    const res = await t.agent().get(`/api/v1/products?${qs}`).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path ? `query.${path}` : 'query');
  });
});

type Item = { id: string; price: { amount: number }; rating: { average: number } };

describe('GET /products/:slug', () => {
  it('returns variants with availability levels (no raw counts), breadcrumbs and related products', async () => {
    const product = (await t.container.db.one<{ slug: string; id: string }>(
      "SELECT slug, id FROM products WHERE status = 'active' ORDER BY slug LIMIT 1",
    ))!;
    const res = await t.agent().get(`/api/v1/products/${product.slug}`).expect(200);
    expect(res.body.id).toBe(product.id);
    expect(res.body.variants.length).toBeGreaterThanOrEqual(2);
    for (const v of res.body.variants) {
      expect(v).toEqual({
        id: expect.any(String),
        sku: expect.any(String),
        title: expect.any(String),
        options: expect.any(Object),
        price: expect.any(Object),
        availability: expect.any(String),
        ...(v.compareAtPrice ? { compareAtPrice: expect.any(Object) } : {}),
      });
    }
    expect(res.body.categories).toHaveLength(3);
    expect(res.body.related.length).toBeGreaterThan(0);
    expect(res.body.related.map((r: Item) => r.id)).not.toContain(product.id);
    expect(res.body.seo.title).toBeTruthy();
  });

  it('never shows a draft or archived product', async () => {
    for (const status of ['draft', 'archived']) {
      const hidden = (await t.container.db.one<{ slug: string; id: string }>('SELECT slug, id FROM products WHERE status = ? LIMIT 1', [
        status,
      ]))!;
      await t.agent().get(`/api/v1/products/${hidden.slug}`).expect(404);
      const all = await t.agent().get('/api/v1/products?limit=100&sort=newest');
      expect(all.body.items.map((p: Item) => p.id)).not.toContain(hidden.id);
    }
    const total = (await t.agent().get('/api/v1/products')).body.total;
    expect(total).toBe(await count("SELECT COUNT(*) AS n FROM products WHERE status = 'active'"));
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await t.agent().get('/api/v1/products?sort=price_desc').expect(200);
    expect(first.headers.etag).toBeDefined();
    await t.agent().get('/api/v1/products?sort=price_desc').set('If-None-Match', first.headers.etag!).expect(304);
    const tree = await t.agent().get('/api/v1/categories').expect(200);
    await t.agent().get('/api/v1/categories').set('If-None-Match', tree.headers.etag!).expect(304);
  });
});

describe('brands', () => {
  it('lists brands with counts, within a category and its descendants', async () => {
    const all = (await t.agent().get('/api/v1/brands').expect(200)).body.items;
    const expected = await t.container.db.select<{ brand: string; n: number }>(
      "SELECT brand, COUNT(*) AS n FROM products WHERE status = 'active' GROUP BY brand ORDER BY brand",
    );
    expect(all).toEqual(expected.map((b) => ({ value: b.brand, count: Number(b.n) })));
    const home = (await t.agent().get('/api/v1/brands?category=home').expect(200)).body.items;
    const homeTotal = home.reduce((s: number, b: { count: number }) => s + b.count, 0);
    expect(homeTotal).toBe((await t.agent().get('/api/v1/products?category=home').expect(200)).body.total);
    await t.agent().get('/api/v1/brands?category=nope').expect(404);
  });
});

describe('categories', () => {
  it('serves the three-level tree and a category with breadcrumbs', async () => {
    const tree = (await t.agent().get('/api/v1/categories').expect(200)).body.items;
    expect(tree).toHaveLength(3);
    const leaves = tree.flatMap((r: { children: { children: unknown[] }[] }) => r.children.flatMap((c) => c.children));
    expect(leaves).toHaveLength(18);
    const detail = (await t.agent().get('/api/v1/categories/audio-headphones').expect(200)).body;
    expect(detail.breadcrumbs.map((b: { name: string }) => b.name)).toEqual(['Electronics', 'Audio', 'Headphones']);
    await t.agent().get('/api/v1/categories/nope').expect(404);
  });
});

describe('caching', () => {
  it('shows an admin edit on the next GET (list, detail and tree)', async () => {
    const product = (await t.container.db.one<{ slug: string; id: string }>(
      "SELECT slug, id FROM products WHERE status = 'active' ORDER BY created_at DESC, id DESC LIMIT 1",
    ))!;
    await t.agent().get('/api/v1/products?sort=newest').expect(200);
    await t.agent().get(`/api/v1/products/${product.slug}`).expect(200);
    const hitsBefore = t.container.catalogCache.stats.lists.hits;
    await t.agent().get('/api/v1/products?sort=newest').expect(200);
    expect(t.container.catalogCache.stats.lists.hits).toBe(hitsBefore + 1);

    await admin.patch(`/api/v1/admin/products/${product.id}`, { title: 'Renamed By Admin' }).expect(200);
    expect((await t.agent().get('/api/v1/products?sort=newest').expect(200)).body.items[0].title).toBe('Renamed By Admin');
    expect((await t.agent().get(`/api/v1/products/${product.slug}`).expect(200)).body.title).toBe('Renamed By Admin');

    await admin.patch(`/api/v1/admin/products/${product.id}`, { status: 'draft' }).expect(200);
    await t.agent().get(`/api/v1/products/${product.slug}`).expect(404);

    const cat = await admin.post('/api/v1/admin/categories', { name: 'Brand New Section' }).expect(201);
    const tree = (await t.agent().get('/api/v1/categories').expect(200)).body.items;
    expect(tree.map((c: { slug: string }) => c.slug)).toContain(cat.body.slug);
  });
});

describe('indexes', () => {
  it('list queries use an index for filters and sorts (EXPLAIN)', async () => {
    const { CatalogRepository } = await import('../../../src/modules/catalog');
    const repo = new CatalogRepository(t.container.db);
    const base = { page: 1, limit: 24 };
    for (const f of [
      { ...base, sort: 'newest' as const },
      { ...base, sort: 'price_asc' as const, priceMin: 1000 },
      { ...base, sort: 'rating' as const },
      { ...base, sort: 'best_selling' as const },
      { ...base, sort: 'newest' as const, brand: 'Acme' },
    ]) {
      const plan = await repo.explainList(f);
      const products = plan.find((row) => row.table === 'p')!;
      expect({ sort: f.sort, key: products.key }).toEqual({ sort: f.sort, key: expect.stringMatching(/^products_/) });
    }
    const { slug } = (await t.container.db.one<{ slug: string }>('SELECT slug FROM products LIMIT 1'))!;
    const detail = await t.container.db.select<{ key: string | null }>('EXPLAIN SELECT * FROM products WHERE slug = ?', [slug]);
    expect(detail[0]!.key).toBe('products_slug');
  });
});

describe('cookie-less guests (the guest fast path)', () => {
  it('get from the fast path exactly what a guest with a session gets from the API router, compressed alike', async () => {
    const slug = (await t.container.db.one<{ slug: string }>("SELECT slug FROM products WHERE status = 'active' ORDER BY slug LIMIT 1"))!
      .slug;
    const withSession = t.agent();
    await withSession.get('/api/v1/auth/csrf').expect(200); // a guest session: its cookie sends requests the full way
    // Express's Router runs every request through its handle method.
    const routed = jest.spyOn(t.registry.apiRouter as unknown as { handle: (...args: unknown[]) => void }, 'handle');
    try {
      for (const path of [
        '/api/v1/products?category=apparel&page=2',
        `/api/v1/products/${slug}`,
        '/api/v1/search/suggest?q=hea',
        '/api/v1/products?page=0',
        '/api/v1/products/no-such-product',
      ]) {
        routed.mockClear();
        const fast = await t.agent().get(path).set('Accept-Encoding', 'gzip');
        expect([path, routed.mock.calls.length]).toEqual([path, 0]);
        const full = await withSession.get(path).set('Accept-Encoding', 'gzip');
        expect([path, routed.mock.calls.length]).toEqual([path, 1]);
        expect(fast.status).toBe(full.status);
        if (fast.status === 200) {
          expect(fast.text).toBe(full.text);
          if (path.includes('category')) expect(fast.headers['content-encoding']).toBe('gzip');
          for (const h of ['content-type', 'etag', 'vary', 'content-encoding'])
            expect([path, h, fast.headers[h]]).toEqual([path, h, full.headers[h]]);
        } else {
          expect({ ...fast.body.error, requestId: 'x' }).toEqual({ ...full.body.error, requestId: 'x' });
        }
      }
    } finally {
      routed.mockRestore();
    }
  });
});
