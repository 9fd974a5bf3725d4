import { createLogger } from '../../../src/lib/logger';
import { seedDemoCatalog } from '../../../src/modules/catalog/demo-catalog';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the default demo catalog makes a handful of variants low on stock (the alert a fresh shop sends), not a quarter of it', async () => {
  const { variants } = await seedDemoCatalog(t.container.db, createLogger('silent'));
  expect(variants).toBeGreaterThan(5000);

  const low = await t.container.inventory.lowStock();
  expect(low.length).toBeGreaterThanOrEqual(5);
  expect(low.length).toBeLessThanOrEqual(10);
  // Both faces of the feature are there: sold-out variants and ones with a few left.
  expect(low.some((l) => l.available === 0)).toBe(true);
  expect(low.some((l) => l.available > 0)).toBe(true);
  // And the storefront has a sold-out product to show.
  const soldOut = await t.container.db.one<{ n: number }>("SELECT COUNT(*) AS n FROM products WHERE status = 'active' AND in_stock = 0");
  expect(Number(soldOut!.n)).toBeGreaterThanOrEqual(1);
}, 60_000);
