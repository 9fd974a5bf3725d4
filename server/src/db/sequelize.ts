import mariadb from 'mariadb';
import { Sequelize, type Transaction } from 'sequelize';
import { maskSqlLiterals, type Logger } from '../lib/logger';
import type { DatabaseTarget } from './database-target';

export interface PoolOptions {
  poolMin: number;
  poolMax: number;
  slowQueryMs: number;
}

/** The shared Sequelize instance: pooled, UTC, and logging queries slower than the threshold (values masked). */
export function createSequelize(target: DatabaseTarget, pool: PoolOptions, logger: Logger): Sequelize {
  const sequelize = new Sequelize(target.database, target.user, target.password, {
    dialect: 'mariadb',
    // Passed explicitly so Sequelize uses the connector version we pin (2.5: v3.1+ breaks Sequelize 6 raw queries).
    dialectModule: mariadb,
    host: target.host,
    port: target.port,
    timezone: '+00:00',
    benchmark: true,
    logging: (sql: string, ms?: number) => {
      if (ms !== undefined && ms >= pool.slowQueryMs) logger.warn({ sql: maskSqlLiterals(sql).slice(0, 2000), ms }, 'slow query');
      else if (logger.isLevelEnabled('trace')) logger.trace({ sql: maskSqlLiterals(sql).slice(0, 500), ms }, 'query');
    },
    pool: { min: pool.poolMin, max: pool.poolMax, acquire: 10_000, idle: 10_000, evict: 1_000 },
    dialectOptions: { connectTimeout: 5_000 },
    define: { underscored: true, freezeTableName: true },
  });
  survivingDeadConnections(sequelize, logger);
  return sequelize;
}

/**
 * The pool ends connections without waiting for the result (idle reaping, a connection that fails
 * validation, the driver reporting a lost socket), so a failure to end one — its server is gone —
 * would be an unhandled rejection, which ends the process. Ending a connection cannot fail in a way
 * that matters: if the polite QUIT does not go through, the socket is dropped.
 */
function survivingDeadConnections(sequelize: Sequelize, logger: Logger): void {
  const manager = sequelize.connectionManager as unknown as { disconnect(connection: DriverConnection): Promise<void> };
  const disconnect = manager.disconnect.bind(manager);
  manager.disconnect = async (connection) => {
    try {
      await disconnect(connection);
    } catch (err) {
      logger.debug({ err }, 'a database connection could not be ended politely; dropped it');
      connection.destroy?.();
    }
  };
}

interface DriverConnection {
  destroy?(): void;
}

export type { Transaction };
