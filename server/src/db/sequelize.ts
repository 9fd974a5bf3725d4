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
  return new Sequelize(target.database, target.user, target.password, {
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
}

export type { Transaction };
