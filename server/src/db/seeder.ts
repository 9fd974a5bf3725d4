import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config/config';
import { SEEDERS_DIR } from '../config/paths';
import type { Logger } from '../lib/logger';

export interface SeedContext {
  sequelize: Sequelize;
  config: Config;
  logger: Logger;
}

interface SeederModule {
  seed: (ctx: SeedContext) => Promise<void>;
}

/** Runs `seeders/*.ts` in name order. Seeders are idempotent and deterministic (fixed seeds). */
export async function runSeeders(ctx: SeedContext, dir = SEEDERS_DIR): Promise<string[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('.test.'))
    .sort();
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- seeders are loaded by path at run time
    const mod = require(path.join(dir, file)) as SeederModule;
    ctx.logger.info({ seeder: file }, 'seeding');
    await mod.seed(ctx);
  }
  return files;
}

const SEEDED_KEY = 'demo.seededAt';

/** Seeds once: an empty database gets the demo data at first start; later starts leave it alone. */
export async function seedIfEmpty(ctx: SeedContext): Promise<boolean> {
  const [rows] = (await ctx.sequelize.query('SELECT 1 FROM settings WHERE `key` = ?', { replacements: [SEEDED_KEY] })) as [
    unknown[],
    unknown,
  ];
  if (rows.length) return false;
  await runSeeders(ctx);
  await ctx.sequelize.query('INSERT IGNORE INTO settings (`key`, value, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3))', {
    replacements: [SEEDED_KEY, JSON.stringify(new Date().toISOString())],
  });
  return true;
}
