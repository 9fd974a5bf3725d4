import type { Sequelize } from 'sequelize';
import { createLogger } from '../lib/logger';
import { createMigrator, MIGRATIONS_TABLE } from './migrator';
import { createEmptyDatabase, dropDatabase, testSequelize } from '../../test/support/test-database';
import type { DatabaseTarget } from './database-target';

let target: DatabaseTarget;
let sequelize: Sequelize;

beforeAll(async () => {
  target = await createEmptyDatabase('migrations');
  sequelize = testSequelize(target);
});
afterAll(async () => {
  await sequelize.close();
  await dropDatabase(target);
});

/** The schema as the server sees it: every column of every table, with type, nullability and key. */
async function schemaSnapshot(): Promise<string[]> {
  const [rows] = (await sequelize.query(
    `SELECT table_name AS t, column_name AS c, column_type AS ty, is_nullable AS n, column_key AS k
       FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name <> ? ORDER BY t, c`,
    { replacements: [MIGRATIONS_TABLE] },
  )) as [{ t: string; c: string; ty: string; n: string; k: string }[], unknown];
  return rows.map((r) => `${r.t}.${r.c} ${r.ty} ${r.n} ${r.k}`);
}

async function userTables(): Promise<string[]> {
  const [rows] = (await sequelize.query(
    'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name <> ?',
    { replacements: [MIGRATIONS_TABLE] },
  )) as [{ t: string }[], unknown];
  return rows.map((r) => r.t);
}

it('migrates an empty database up, all the way down, and up again to the same schema', async () => {
  const migrator = createMigrator(sequelize, createLogger('silent'));
  const applied = await migrator.up();
  expect(applied.length).toBeGreaterThan(0);
  expect(await migrator.pending()).toHaveLength(0);
  const first = await schemaSnapshot();
  expect(first.length).toBeGreaterThan(0);

  const reverted = await migrator.down({ to: 0 });
  expect(reverted).toHaveLength(applied.length);
  expect(await userTables()).toEqual([]);
  expect(await migrator.executed()).toHaveLength(0);

  await migrator.up();
  expect(await schemaSnapshot()).toEqual(first);
  // Running again is a no-op.
  expect(await migrator.up()).toHaveLength(0);
});
