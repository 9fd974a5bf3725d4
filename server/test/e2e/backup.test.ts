import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMigrator } from '../../src/db/migrator';
import { createLogger } from '../../src/lib/logger';
import { Db } from '../../src/db/db';
import { seedDemoCatalog } from '../../src/modules/catalog/demo-catalog';
import { backupDatabase, restoreDatabase, RestoreRefusedError } from '../../src/modules/ops/backup';
import { createEmptyDatabase, dropDatabase, testSequelize } from '../support/test-database';

const TABLES = ['categories', 'products', 'variants', 'inventory_levels', 'inventory_ledger', 'product_tags', 'schema_migrations'];

async function fingerprint(target: Awaited<ReturnType<typeof createEmptyDatabase>>) {
  const sequelize = testSequelize(target, 2);
  try {
    const db = new Db(sequelize);
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const count = await db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
      const sum = await db.one<{ Checksum: number }>(`CHECKSUM TABLE ${table}`);
      out[table] = `${Number(count!.n)}:${sum!.Checksum}`;
    }
    return out;
  } finally {
    await sequelize.close();
  }
}

it('backup → drop → restore gives identical row counts and checksums; a non-empty database is refused', async () => {
  const target = await createEmptyDatabase('backup');
  const sequelize = testSequelize(target);
  await createMigrator(sequelize, createLogger('silent')).up();
  await seedDemoCatalog(new Db(sequelize), createLogger('silent'), { products: 80 });
  await sequelize.close();
  const before = await fingerprint(target);
  expect(Number(before.products!.split(':')[0])).toBe(80);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-backup-'));
  const file = await backupDatabase(target, dir);
  expect(file).toMatch(/bazaar-.*\.sql\.gz$/);
  expect(fs.statSync(file).size).toBeGreaterThan(1000);

  await expect(restoreDatabase(target, file)).rejects.toBeInstanceOf(RestoreRefusedError);

  await dropDatabase(target);
  await restoreDatabase(target, file);
  expect(await fingerprint(target)).toEqual(before);
}, 60_000);
