import { Db } from '../server/src/db/db';
import type { SeedContext } from '../server/src/db/seeder';
import { seedDemoCatalog } from '../server/src/modules/catalog/demo-catalog';
import { createImageStorage, ImageService } from '../server/src/modules/media';
import { MariaDbSearchEngine, SearchRepository } from '../server/src/modules/search';
import { systemClock } from '../server/src/lib/clock';

/** The demo catalog, into a shop that has no products yet (an existing catalog is never touched). */
export async function seed({ sequelize, config, logger }: SeedContext) {
  const db = new Db(sequelize);
  if (await db.one('SELECT id FROM products LIMIT 1')) {
    logger.info('the catalog already has products: demo catalog skipped');
    return;
  }
  const images = new ImageService(createImageStorage({ cloudinaryUrl: config.cloudinaryUrl, dataDir: config.dataDir }));
  await seedDemoCatalog(db, logger, { images, currency: config.shop.currency });
  // The default engine's index; with Elasticsearch, start-up enqueues a full reindex job instead.
  await new MariaDbSearchEngine(db, new SearchRepository(db), systemClock).reindexAll();
}
