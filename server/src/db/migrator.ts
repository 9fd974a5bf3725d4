import path from 'node:path';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { MIGRATIONS_DIR } from '../config/paths';
import type { Logger } from '../lib/logger';

export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
}

export const MIGRATIONS_TABLE = 'schema_migrations';

interface MigrationModule {
  up: (params: { context: MigrationContext }) => Promise<void>;
  down: (params: { context: MigrationContext }) => Promise<void>;
}

/**
 * Migrations own the schema: umzug applies `migrations/*.ts` in name order and records each
 * in `schema_migrations`. There is no sequelize.sync() anywhere.
 */
export function createMigrator(sequelize: Sequelize, logger: Logger, dir = MIGRATIONS_DIR) {
  return new Umzug<MigrationContext>({
    migrations: {
      glob: ['*.{ts,js}', { cwd: dir, ignore: ['*.d.ts', '*.test.ts'] }],
      resolve: ({ name, path: file, context }) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- migrations are loaded by path at run time
        const mod = require(file!) as MigrationModule;
        return { name: path.basename(name, path.extname(name)), up: () => mod.up({ context }), down: () => mod.down({ context }) };
      },
    },
    context: { queryInterface: sequelize.getQueryInterface(), sequelize },
    storage: new SequelizeStorage({ sequelize, tableName: MIGRATIONS_TABLE }),
    logger: {
      info: (msg) => logger.info(msg, 'migration'),
      warn: (msg) => logger.warn(msg, 'migration'),
      error: (msg) => logger.error(msg, 'migration'),
      debug: (msg) => logger.debug(msg, 'migration'),
    },
  });
}
export type Migrator = ReturnType<typeof createMigrator>;
