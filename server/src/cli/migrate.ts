import { createMigrator } from '../db/migrator';
import { runCli } from './cli-context';

/** `npm run migrate` applies pending migrations; `npm run migrate:rollback [-- --to NAME|0]` reverts (the last one by default). */
const [direction, ...rest] = process.argv.slice(2);
// Migrating up makes the database if it is missing; rolling back never does.
void runCli({ createsDatabase: direction !== 'down' }, async ({ logger, database }) => {
  const migrator = createMigrator(database.sequelize, logger);
  if (direction === 'down') {
    const toIndex = rest.indexOf('--to');
    const to = toIndex >= 0 ? rest[toIndex + 1] : undefined;
    const reverted = await migrator.down(to === undefined ? undefined : { to: to === '0' ? 0 : to });
    logger.info({ reverted: reverted.map((m) => m.name) }, 'rolled back');
  } else {
    const applied = await migrator.up();
    logger.info({ applied: applied.map((m) => m.name) }, applied.length ? 'migrations applied' : 'schema is up to date');
  }
});
