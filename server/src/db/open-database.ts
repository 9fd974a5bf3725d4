import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config/config';
import type { Logger } from '../lib/logger';
import {
  canConnect,
  DatabaseMissingError,
  DatabaseUnreachableError,
  databaseExists,
  ensureDatabase,
  missingDatabaseMessage,
  noServerMessage,
  parseDatabaseUrl,
  waitForServer,
  type DatabaseTarget,
} from './database-target';
import { EmbeddedMariaDb, findMariadbd } from './embedded-mariadb';
import { createSequelize } from './sequelize';

export interface OpenDatabase {
  sequelize: Sequelize;
  target: DatabaseTarget;
  embedded?: EmbeddedMariaDb;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /**
   * Create the database when it is missing (the server and migrate/seed/restore do). Without it a
   * missing database is a DatabaseMissingError and nothing is created.
   */
  createIfMissing: boolean;
}

/**
 * Reach MariaDB, create the database if needed (and allowed) and open the pool.
 * With no DATABASE_URL and nothing answering at the default address, a private server is
 * started from the installed mariadbd binary (see EmbeddedMariaDb).
 */
export async function openDatabase(config: Config, logger: Logger, opts: OpenDatabaseOptions): Promise<OpenDatabase> {
  let target = parseDatabaseUrl(config.db.url);
  let embedded: EmbeddedMariaDb | undefined;

  if (config.db.isDefaultUrl && config.db.embedded === 'auto' && !(await canConnect(target))) {
    if (!findMariadbd()) throw new DatabaseUnreachableError(noServerMessage(target));
    embedded = await EmbeddedMariaDb.start({ dataDir: path.join(config.dataDir, 'mariadb'), logger });
    target = { ...embedded.target, database: target.database };
  }

  try {
    await waitForServer(target, config.db.connectTimeoutMs, (attempt, delayMs, error) =>
      logger.warn({ attempt, delayMs, reason: error.message }, 'database not reachable yet, retrying'),
    );
    if (opts.createIfMissing) await ensureDatabase(target);
    else if (!(await databaseExists(target))) throw new DatabaseMissingError(missingDatabaseMessage(target));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const sequelize = createSequelize(target, config.db, logger);
  return {
    sequelize,
    target,
    embedded,
    async close() {
      await sequelize.close();
      await embedded?.stop();
    },
  };
}
