import { Db } from '../db/db';
import { CatalogCache } from '../modules/catalog';
import { runCli } from './cli-context';

/**
 * `npm run cache:clear`: bumps the catalog version row in MariaDB; every running server process
 * sees the new version within two seconds and drops its catalog and search caches.
 */
void runCli({ createsDatabase: false }, async ({ logger, database }) => {
  const cache = new CatalogCache(new Db(database.sequelize));
  try {
    await cache.invalidate();
    logger.info('caches cleared: running processes flush their catalog and search caches within 2 s');
  } finally {
    cache.close();
  }
});
