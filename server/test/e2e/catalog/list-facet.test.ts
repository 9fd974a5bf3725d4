import { ProductListQuery, type ProductSort } from '@bazaar/shared';
import { CatalogRepository } from '../../../src/modules/catalog';
import type { ProductFilter } from '../../../src/modules/catalog/catalog.repository';
import { seedDemoCatalog } from '../../../src/modules/catalog/demo-catalog';
import { createLogger } from '../../../src/lib/logger';
import { signedInBrowser, type Browser } from '../../support/browser';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * The public list answers filters from a per-category-set facet instead of SQL (bench/README.md,
 * "product list, cold"). Its answers must be the SQL list's, item for item.
 */
let t: TestApp;
let admin: Browser;
let repo: CatalogRepository;
const slugs: { top: string; mid: string; leaf: string } = { top: '', mid: '', leaf: '' };

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoCatalog(t.container.db, createLogger('silent'), { products: 240 });
  ({ browser: admin } = await signedInBrowser(t, 'admin'));
  repo = new CatalogRepository(t.container.db);
  const db = t.container.db;
  const top = (await db.one<{ id: string; slug: string }>("SELECT id, slug FROM categories WHERE parent_id IS NULL AND slug = 'apparel'"))!;
  const mid = (await db.one<{ id: string; slug: string }>('SELECT id, slug FROM categories WHERE parent_id = ? ORDER BY slug LIMIT 1', [
    top.id,
  ]))!;
  const leaf = (await db.one<{ id: string; slug: string }>('SELECT id, slug FROM categories WHERE parent_id = ? ORDER BY slug LIMIT 1', [
    mid.id,
  ]))!;
  Object.assign(slugs, { top: top.slug, mid: mid.slug, leaf: leaf.slug });

  // Ties on every sort key, so the id tie-breaks are tested too; written behind the service's back,
  // hence the flush below.
  const ids = (await db.select<{ id: string }>("SELECT id FROM products WHERE status = 'active' ORDER BY id LIMIT 90")).map((r) => r.id);
  await db.execute("UPDATE products SET created_at = '2026-01-02 03:04:05.678' WHERE id IN (?)", [ids.slice(0, 20)]);
  await db.execute('UPDATE products SET min_price = 4200 WHERE id IN (?)', [ids.slice(10, 30)]);
  await db.execute('UPDATE products SET rating_avg = 4.10, rating_count = 7 WHERE id IN (?)', [ids.slice(25, 45)]);
  await db.execute('UPDATE products SET rating_avg = 3.55 WHERE id IN (?)', [ids.slice(45, 55)]);
  // The demo catalog starts all in stock; the stock filter needs something to leave out.
  await db.execute('UPDATE products SET in_stock = 0 WHERE id IN (?)', [ids.slice(50, 90)]);
  // A product in two categories of the same set is listed (and counted) once.
  const inLeaf = (await db.one<{ product_id: string }>('SELECT product_id FROM product_categories WHERE category_id = ? LIMIT 1', [
    leaf.id,
  ]))!;
  await db.execute('INSERT IGNORE INTO product_categories (product_id, category_id) VALUES (?, ?), (?, ?)', [
    inLeaf.product_id,
    mid.id,
    inLeaf.product_id,
    top.id,
  ]);
  t.container.catalogCache.flushLocal();
});
afterAll(() => t.close());

const query = (q: Record<string, string | number | boolean | undefined>) =>
  ProductListQuery.parse(
    Object.fromEntries(
      Object.entries(q)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    ),
  );

/** The filter the service derives from a query, for the SQL list. */
async function filterOf(q: ProductListQuery): Promise<ProductFilter> {
  return t.container.catalog.productFilter(q, await t.container.catalog.categoryIndex());
}

/** What the SQL list answers (page query + count, no cache), as the service would present it. */
async function sqlAnswer(q: ProductListQuery) {
  const { rows, total } = await repo.listProducts(await filterOf(q));
  return { items: await t.container.catalog.summaries(rows), page: q.page, limit: q.limit, total };
}

describe('the list facet', () => {
  it('answers every category, price, stock and rating filter, sort and page exactly as the SQL list does', async () => {
    const prices = (
      await t.container.db.select<{ p: number }>("SELECT min_price AS p FROM products WHERE status = 'active' ORDER BY min_price")
    ).map((r) => Number(r.p));
    const low = prices[Math.floor(prices.length / 4)]!;
    const high = prices[Math.floor((prices.length * 3) / 4)]!;
    const filters: Record<string, string | number | boolean | undefined>[] = [
      {},
      { price_min: low },
      { price_max: high },
      { price_min: 4200, price_max: 4200 },
      { price_min: low, price_max: high, in_stock: true },
      { price_max: 1_000_000_007 },
      { in_stock: true },
      { in_stock: false },
      { rating: 4.1 },
      { rating: 3.55, in_stock: true },
      { rating: 0 },
      { rating: 5 },
    ];
    const sorts: ProductSort[] = ['newest', 'price_asc', 'price_desc', 'rating'];
    let compared = 0;
    let nonEmpty = 0;
    const leftOut = { inStock: false, rating: false };
    for (const category of [undefined, slugs.top, slugs.mid, slugs.leaf]) {
      for (const filter of filters) {
        for (const sort of sorts) {
          for (const [page, limit] of [
            [1, 24],
            [2, 7],
            [3, 7],
            [1, 100],
            [40, 7],
          ] as const) {
            const q = query({ category, ...filter, sort, page, limit });
            const expected = await sqlAnswer(q);
            const actual = await t.container.catalog.listProducts(q);
            expect({ q, actual }).toEqual({ q, actual: expected });
            compared++;
            if (expected.items.length) nonEmpty++;
            if (page === 1 && limit === 100 && !filter.price_min && !filter.price_max) {
              const unfiltered = await sqlAnswer(query({ category, sort, page, limit }));
              if (filter.in_stock === true && !filter.rating && expected.total < unfiltered.total) leftOut.inStock = true;
              if (filter.rating && !filter.in_stock && expected.total < unfiltered.total) leftOut.rating = true;
            }
          }
        }
      }
    }
    expect(compared).toBe(4 * filters.length * sorts.length * 5);
    expect(nonEmpty).toBeGreaterThan(compared / 2);
    // The filters did filter: each of stock and rating left products out somewhere.
    expect(leftOut.inStock && leftOut.rating).toBe(true);
    // Every one of those lists came from the four category sets' facets, loaded once each.
    expect(t.container.catalogCache.stats.facets.misses).toBeLessThanOrEqual(4);
  });

  it('runs no SQL on products for a new filter once its category set is loaded; best-selling, brand and tag still go to SQL', async () => {
    const statements: string[] = [];
    await t.agent().get(`/api/v1/products?category=${slugs.top}&page=2`).expect(200);
    // afterQuery: the statement's text is on the query object once it has run.
    t.sequelize.addHook(
      'afterQuery',
      'list-facet-statements',
      (_options: unknown, query: unknown) => void statements.push(String((query as { sql?: string }).sql)),
    );
    const onProducts = () => statements.filter((sql) => /\bproducts\b/.test(sql)).length;
    try {
      for (let n = 0; n < 5; n++)
        await t
          .agent()
          .get(`/api/v1/products?category=${slugs.top}&page=2&price_max=${1_000_000_000 + n}`)
          .expect(200);
      await t.agent().get(`/api/v1/products?category=${slugs.top}&page=1&sort=price_desc&in_stock=true&rating=2`).expect(200);
      expect(onProducts()).toBe(0);

      // SQL's turn: a full page needs its page query and the count …
      await t.agent().get(`/api/v1/products?category=${slugs.top}&sort=best_selling&limit=5`).expect(200);
      expect(onProducts()).toBe(2);
      // … the last page, which is not full, only its page query: the total follows from it.
      const all = (await t.agent().get(`/api/v1/products?category=${slugs.top}&sort=best_selling&limit=100`).expect(200)).body;
      expect(all.items.length).toBeLessThan(100);
      expect(all.total).toBe(all.items.length);
      expect(onProducts()).toBe(3);
    } finally {
      t.sequelize.removeHook('afterQuery', 'list-facet-statements');
    }
  });

  it('follows catalog and stock changes at once (the facet is flushed with the catalog cache)', async () => {
    const list = async (qs: string) =>
      (await t.agent().get(`/api/v1/products?limit=100&${qs}`).expect(200)).body as { total: number; items: { id: string }[] };
    const res = await admin
      .post('/api/v1/admin/products', {
        title: 'Facet probe',
        status: 'active',
        variants: [{ sku: 'FACET-PROBE-1', price: { amount: 123_457, currency: 'USD' }, stock: { onHand: 1 } }],
      })
      .expect(201);
    const { id, variants } = res.body as { id: string; variants: { id: string }[] };
    const band = 'price_min=123457&price_max=123457';
    expect((await list(`${band}&in_stock=true`)).items.map((p) => p.id)).toEqual([id]);

    // Sold out: a stock flip flushes the catalog cache, so the in-stock list drops it at once.
    await admin.post(`/api/v1/admin/variants/${variants[0]!.id}/stock`, { delta: -1, reason: 'adjustment' }).expect(200);
    expect(await list(`${band}&in_stock=true&sort=price_asc`)).toMatchObject({ total: 0, items: [] });
    expect((await list(band)).items.map((p) => p.id)).toEqual([id]);

    await admin.patch(`/api/v1/admin/variants/${variants[0]!.id}`, { price: { amount: 123_458, currency: 'USD' } }).expect(200);
    expect((await list(band)).total).toBe(0);
    expect((await list('price_min=123458&price_max=123458')).items.map((p) => p.id)).toEqual([id]);

    await admin.patch(`/api/v1/admin/products/${id}`, { status: 'draft' }).expect(200);
    expect((await list('price_min=123458&price_max=123458&sort=newest')).total).toBe(0);
  });
});
