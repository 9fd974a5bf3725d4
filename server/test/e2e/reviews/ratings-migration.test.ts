import type { Sequelize } from 'sequelize';
import { Db } from '../../../src/db/db';
import { createMigrator } from '../../../src/db/migrator';
import { createLogger } from '../../../src/lib/logger';
import { newId } from '../../../src/lib/tokens';
import { seedDemoCatalog } from '../../../src/modules/catalog/demo-catalog';
import { createEmptyDatabase, dropDatabase, testSequelize } from '../../support/test-database';
import type { DatabaseTarget } from '../../../src/db/database-target';

let target: DatabaseTarget;
let sequelize: Sequelize;
beforeAll(async () => {
  target = await createEmptyDatabase('ratings_migration');
  sequelize = testSequelize(target);
});
afterAll(async () => {
  await sequelize.close();
  await dropDatabase(target);
});

it('replaces rating figures that have no reviews behind them with the aggregates of the published reviews', async () => {
  const migrator = createMigrator(sequelize, createLogger('silent'));
  await migrator.up({ to: '20261124072000-index-orders-paid-at' });
  const db = new Db(sequelize);
  await seedDemoCatalog(db, createLogger('silent'), { products: 6 });
  const [a, b, c] = (await db.select<{ id: string }>("SELECT id FROM products WHERE status = 'active' ORDER BY id")).map((p) => p.id);
  // What older demo data left behind: figures with no reviews at all.
  await db.execute("UPDATE products SET rating_avg = 4.53, rating_count = 178, rating_histogram = '[0,0,0,0,0]'");
  const users = Array.from({ length: 3 }, () => newId());
  for (const [i, id] of users.entries()) {
    await db.execute(
      "INSERT INTO users (id, email, password_hash, name, created_at, updated_at) VALUES (?, ?, 'x', 'R', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
      [id, `r${i}@example.net`],
    );
  }
  const review = (productId: string, userId: string, rating: number, status: string) =>
    db.execute(
      "INSERT INTO reviews (id, product_id, user_id, rating, title, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, 't', 'b', ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
      [newId(), productId, userId, rating, status],
    );
  // a: 5, 4, 4 published (4.333… → 4.33); b: 2 published and a pending 5 that does not count (2.00); c: none.
  await review(a!, users[0]!, 5, 'published');
  await review(a!, users[1]!, 4, 'published');
  await review(a!, users[2]!, 4, 'published');
  await review(b!, users[0]!, 2, 'published');
  await review(b!, users[1]!, 5, 'pending');

  await migrator.up();
  const rows = await db.select<{ id: string; rating_avg: string; rating_count: number; rating_histogram: string | number[] }>(
    'SELECT id, rating_avg, rating_count, rating_histogram FROM products WHERE id IN (?, ?, ?)',
    [a, b, c],
  );
  const byId = new Map(
    rows.map((r) => [
      r.id,
      [
        Number(r.rating_avg),
        Number(r.rating_count),
        typeof r.rating_histogram === 'string' ? (JSON.parse(r.rating_histogram) as number[]) : r.rating_histogram,
      ],
    ]),
  );
  expect(byId.get(a!)).toEqual([4.33, 3, [0, 0, 0, 2, 1]]);
  expect(byId.get(b!)).toEqual([2, 1, [0, 1, 0, 0, 0]]);
  expect(byId.get(c!)).toEqual([0, 0, [0, 0, 0, 0, 0]]);
  const rest = await db.one<{ n: number }>('SELECT COUNT(*) AS n FROM products WHERE rating_count <> 0 AND id NOT IN (?, ?)', [a, b]);
  expect(Number(rest!.n)).toBe(0);
});
