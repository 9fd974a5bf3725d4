import { PasswordHasher, UserRepository } from '../../src/modules/accounts';
import { seedDemoCatalog } from '../../src/modules/catalog/demo-catalog';
import { OrderRepository } from '../../src/modules/orders';
import { seedDemoReviews } from '../../src/modules/reviews/demo-reviews';
import { createLogger } from '../../src/lib/logger';
import type { TestApp } from './test-app';

export const REVIEWER_PASSWORD = 'bazaar-demo-shopper';

/**
 * The demo catalog and its reviews, as seeders/002-demo-catalog.ts seeds them (smaller): the
 * reviews go through the app's own ReviewService, so the ratings are their aggregates.
 */
export async function seedDemoShop(t: TestApp, products: number) {
  const logger = createLogger('silent');
  const db = t.container.db;
  const { catalog } = await seedDemoCatalog(db, logger, { products });
  const seeded = await seedDemoReviews(
    { db, reviews: t.container.reviews, users: new UserRepository(db), orders: new OrderRepository(db), logger },
    { products: catalog, passwordHash: await new PasswordHasher(t.config.auth.bcryptCost).hash(REVIEWER_PASSWORD) },
  );
  return { catalog, ...seeded };
}
