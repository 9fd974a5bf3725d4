import { signedInBrowser, type Browser } from '../../support/browser';
import { seedDemoShop } from '../../support/demo-shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let moderator: Browser;
let seeded: Awaited<ReturnType<typeof seedDemoShop>>;
beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedDemoShop(t, 60);
  ({ browser: moderator } = await signedInBrowser(t, 'support'));
}, 60_000);
afterAll(() => t.close());

interface Published {
  id: string;
  slug: string;
  ratings: number[];
}

/** Active products with their published reviews' ratings, straight from the reviews table. */
async function publishedByProduct(): Promise<Published[]> {
  const rows = await t.container.db.select<{ id: string; slug: string; rating: number | null }>(
    `SELECT p.id, p.slug, r.rating FROM products p
       LEFT JOIN reviews r ON r.product_id = p.id AND r.status = 'published'
      WHERE p.status = 'active' ORDER BY p.id`,
  );
  const byId = new Map<string, Published>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, slug: r.slug, ratings: [] };
    if (r.rating !== null) entry.ratings.push(Number(r.rating));
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const reviewsOf = async (slug: string, qs = '') => (await t.agent().get(`/api/v1/products/${slug}/reviews${qs}`).expect(200)).body;
const productOf = async (slug: string) => (await t.agent().get(`/api/v1/products/${slug}`).expect(200)).body;

describe('demo reviews', () => {
  it('are real rows by seeded reviewer accounts, some verified by their delivered orders', async () => {
    expect(seeded.reviews).toBeGreaterThan(100);
    expect(seeded.verified).toBeGreaterThan(0);
    expect(seeded.verified).toBeLessThan(seeded.reviews);
    const authors = await t.container.db.select<{ n: number }>('SELECT COUNT(DISTINCT user_id) AS n FROM reviews');
    expect(Number(authors[0]!.n)).toBeGreaterThanOrEqual(20);
    // Every verified review has a paid-or-later order of its author that contains the product; no other one has.
    const mismatched = await t.container.db.select(
      `SELECT r.id FROM reviews r
        WHERE r.verified_purchase <> EXISTS (SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.id
                 WHERE o.user_id = r.user_id AND i.product_id = r.product_id AND o.status IN ('paid','fulfilled','delivered','partially_refunded'))`,
    );
    expect(mismatched).toEqual([]);
    // No placeholder text.
    const lorem = await t.container.db.select("SELECT id FROM reviews WHERE body LIKE '%lorem%' OR body LIKE '%ipsum%'");
    expect(lorem).toEqual([]);
  });

  it('list every published review, with total equal to their number, and the rating is their average', async () => {
    const products = await publishedByProduct();
    const reviewed = products.filter((p) => p.ratings.length > 0);
    expect(reviewed.length).toBeGreaterThan(10);
    expect(products.length - reviewed.length).toBeGreaterThan(0); // some products have no reviews at all

    for (const p of products) {
      const list = await reviewsOf(p.slug, '?limit=100');
      expect(list.total).toBe(p.ratings.length);
      expect(list.items).toHaveLength(p.ratings.length);
      expect(list.items.map((r: { rating: number }) => r.rating).sort()).toEqual([...p.ratings].sort());
      const { rating } = await productOf(p.slug);
      expect(rating.count).toBe(p.ratings.length);
      if (p.ratings.length) expect(rating.average).toBeCloseTo(mean(p.ratings), 2);
      else expect(rating.average).toBe(0);
      expect(list.rating).toMatchObject(rating);
      expect(list.rating.histogram).toEqual([1, 2, 3, 4, 5].map((star) => p.ratings.filter((r) => r === star).length));
    }

    // Paging keeps the total: it is the size of the collection, not of the page.
    const most = reviewed.reduce((a, b) => (b.ratings.length > a.ratings.length ? b : a));
    expect(most.ratings.length).toBeGreaterThan(3);
    const page2 = await reviewsOf(most.slug, '?limit=2&page=2');
    expect(page2).toMatchObject({ page: 2, limit: 2, total: most.ratings.length });
    expect(page2.items).toHaveLength(2);
  }, 60_000);

  it('a new real review adds to the seeded ones instead of replacing them', async () => {
    const p = (await publishedByProduct()).find((x) => x.ratings.length >= 3)!;
    const { browser } = await signedInBrowser(t);
    const created = (
      await browser
        .post(`/api/v1/products/${p.slug}/reviews`, { rating: 1, title: 'Broke quickly', body: 'Stopped working in a week.' })
        .expect(201)
    ).body;
    await moderator.post(`/api/v1/admin/reviews/${created.id}/publish`, {}).expect(200);

    const ratings = [...p.ratings, 1];
    const { rating } = await productOf(p.slug);
    expect(rating.count).toBe(ratings.length);
    expect(rating.average).toBeCloseTo(mean(ratings), 2);
    const list = await reviewsOf(p.slug, '?limit=100');
    expect(list.total).toBe(ratings.length);
    expect(list.items.map((r: { id: string }) => r.id)).toContain(created.id);
  });
});
