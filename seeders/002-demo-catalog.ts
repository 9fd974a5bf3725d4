import { Db } from '../server/src/db/db';
import type { SeedContext } from '../server/src/db/seeder';
import { PasswordHasher, UserRepository } from '../server/src/modules/accounts';
import { CatalogCache } from '../server/src/modules/catalog';
import { seedDemoCatalog } from '../server/src/modules/catalog/demo-catalog';
import { createImageStorage, ImageService } from '../server/src/modules/media';
import { OrderRepository } from '../server/src/modules/orders';
import { ReviewRepository, ReviewService } from '../server/src/modules/reviews';
import { seedDemoReviews } from '../server/src/modules/reviews/demo-reviews';
import { MariaDbSearchEngine, MariaDbSearchRepository, SearchRepository } from '../server/src/modules/search';
import { systemClock } from '../server/src/lib/clock';
import { DEMO_PASSWORD } from './003-demo-customers';

/**
 * The demo catalog and its reviews, into a shop that has no products yet (an existing catalog is
 * never touched, and never gets demo reviews). Ratings come only from the seeded reviews.
 */
export async function seed({ sequelize, config, logger }: SeedContext) {
  const db = new Db(sequelize);
  if (await db.one('SELECT id FROM products LIMIT 1')) {
    logger.info('the catalog already has products: demo catalog skipped');
    return;
  }
  const images = new ImageService(createImageStorage({ cloudinaryUrl: config.cloudinaryUrl, dataDir: config.dataDir }));
  const { catalog } = await seedDemoCatalog(db, logger, { images, currency: config.shop.currency });
  await seedDemoReviews(
    {
      db,
      reviews: new ReviewService(db, new ReviewRepository(db), new CatalogCache(db), systemClock, config.reviews),
      users: new UserRepository(db),
      orders: new OrderRepository(db),
      logger,
    },
    {
      products: catalog,
      passwordHash: await new PasswordHasher(config.auth.bcryptCost).hash(DEMO_PASSWORD),
      currency: config.shop.currency,
    },
  );
  // The default engine's index; with Elasticsearch, start-up enqueues a full reindex job instead.
  await new MariaDbSearchEngine(new MariaDbSearchRepository(db), new SearchRepository(db), systemClock).reindexAll();
}
