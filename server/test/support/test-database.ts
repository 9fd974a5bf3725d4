import type { Sequelize } from 'sequelize';
import { connectToServer, parseDatabaseUrl, type DatabaseTarget } from '../../src/db/database-target';
import { createMigrator, MIGRATIONS_TABLE } from '../../src/db/migrator';
import { createSequelize } from '../../src/db/sequelize';
import { createLogger } from '../../src/lib/logger';
import { adminUrl, TEST_DB_PREFIX, testRunId } from './test-run';

const silent = createLogger('silent');
let counter = 0;

/** Creates an empty database with a name unique to this run and worker; the global teardown drops it. */
export async function createEmptyDatabase(label = 'db'): Promise<DatabaseTarget> {
  const admin = parseDatabaseUrl(adminUrl());
  const name = `${TEST_DB_PREFIX}${testRunId()}_w${process.env.JEST_WORKER_ID ?? '0'}_${label}${++counter}`;
  const conn = await connectToServer(admin);
  try {
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  return { ...admin, database: name };
}

export async function dropDatabase(target: DatabaseTarget): Promise<void> {
  const conn = await connectToServer(target);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
  } finally {
    await conn.end();
  }
}

export function testSequelize(target: DatabaseTarget, poolMax = 10): Sequelize {
  return createSequelize(target, { poolMin: 0, poolMax, slowQueryMs: 60_000 }, silent);
}

/**
 * The worker's database: created and migrated by the first test file the worker runs; later
 * files get it back with every table emptied, so each file starts from a clean, migrated schema.
 */
export async function workerDatabase(): Promise<{ target: DatabaseTarget; sequelize: Sequelize }> {
  const admin = parseDatabaseUrl(adminUrl());
  const name = `${TEST_DB_PREFIX}${testRunId()}_w${process.env.JEST_WORKER_ID ?? '0'}`;
  const target = { ...admin, database: name };
  const conn = await connectToServer(admin);
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  const sequelize = testSequelize(target);
  await createMigrator(sequelize, silent).up();
  await truncateAll(sequelize);
  return { target, sequelize };
}

/** Rows that migrations insert (reference data); emptying them would break the schema's contract. */
const REFERENCE_TABLES = ['roles'];

export async function truncateAll(sequelize: Sequelize): Promise<void> {
  const [rows] = (await sequelize.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
  )) as [{ name: string }[], unknown];
  const tables = rows.map((r) => r.name).filter((n) => n !== MIGRATIONS_TABLE && !REFERENCE_TABLES.includes(n));
  if (!tables.length) return;
  // One connection, so the FOREIGN_KEY_CHECKS switch applies to the TRUNCATEs.
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 0', { transaction });
    for (const t of tables) await sequelize.query(`TRUNCATE TABLE \`${t}\``, { transaction });
    await sequelize.query('SET FOREIGN_KEY_CHECKS = 1', { transaction });
  });
}
