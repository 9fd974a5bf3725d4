import { createMigrator } from '../db/migrator';
import { runSeeders } from '../db/seeder';
import { runCli } from './cli-context';

/** `npm run seed`: brings the schema up to date, then runs every seeder (idempotent). */
void runCli({ createsDatabase: true }, async ({ config, logger, database }) => {
  await createMigrator(database.sequelize, logger).up();
  const ran = await runSeeders({ sequelize: database.sequelize, config, logger });
  logger.info({ seeders: ran }, 'seeded');
});
