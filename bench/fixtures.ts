/**
 * What the scenarios need before the clock starts: a freshly seeded bench database, shopper
 * accounts and products with known stock, all made through the project's own migrator, seeders
 * and services (the only raw SQL is the bulk account insert, as the test support does it).
 */
import type { Config } from '../server/src/config/config';
import { createContainer, type Container } from '../server/src/container';
import type { Db } from '../server/src/db/db';
import { connectToServer, parseDatabaseUrl } from '../server/src/db/database-target';
import { openDatabase } from '../server/src/db/open-database';
import { runSeeders } from '../server/src/db/seeder';
import { newId } from '../server/src/lib/tokens';
import type { Logger } from '../server/src/lib/logger';
import { PasswordHasher } from '../server/src/modules/accounts';

/** The demo seeders' standard shipping method (seeders/004-pricing.ts), used by every bench checkout. */
export const STANDARD_SHIPPING_ID = '6f1c3d2a-0000-4000-8000-000000000001';
export const BENCH_ADDRESS = {
  name: 'Bench Buyer',
  line1: '1 Load St',
  city: 'New York',
  region: 'NY',
  postalCode: '10001',
  country: 'US',
};
export const SHOPPER_PASSWORD = 'bench-shopper-passphrase-7';

/** Drops and recreates the bench database, migrates it and runs every seeder (the demo catalog). */
export async function prepareBenchDatabase(config: Config, logger: Logger) {
  const target = parseDatabaseUrl(config.db.url);
  if (!/bench/i.test(target.database))
    throw new Error(`refusing to drop "${target.database}": the bench database name must contain "bench"`);
  const conn = await connectToServer(target);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${target.database}\``);
    await conn.query(`CREATE DATABASE \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  const database = await openDatabase(config, logger, { createIfMissing: false });
  const container = createContainer({ config, logger, sequelize: database.sequelize, target: database.target });
  await container.migrator.up();
  await runSeeders({ sequelize: database.sequelize, config, logger });
  return {
    container,
    async close() {
      await container.close();
      await database.close();
    },
  };
}

/**
 * `count` verified customer accounts sharing one password. The hash is made once at bcrypt cost 4
 * (bcrypt reads the cost from the hash), so signing hundreds in is set-up, not the thing measured.
 */
export async function createShopperAccounts(db: Db, label: string, count: number): Promise<string[]> {
  const hash = await new PasswordHasher(4).hash(SHOPPER_PASSWORD);
  const run = newId().slice(0, 8);
  const emails = Array.from({ length: count }, (_, i) => `bench-${label}-${run}-${i}@example.com`);
  for (let i = 0; i < emails.length; i += 500) {
    const chunk = emails.slice(i, i + 500);
    await db.execute(
      `INSERT INTO users (id, email, password_hash, name, role_id, email_verified_at, created_at, updated_at) VALUES ${chunk
        .map(() => "(?, ?, ?, 'Bench Shopper', 'customer', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))")
        .join(', ')}`,
      chunk.flatMap((email) => [newId(), email, hash]),
    );
  }
  return emails;
}

/** An active product with one variant holding `stock` units (initial stock goes through the ledger). */
export async function createStockedVariant(container: Container, opts: { title: string; stock: number; price?: number }): Promise<string> {
  const product = await container.catalogAdmin.createProduct(
    {
      title: opts.title,
      description: 'Made by the load test.',
      brand: 'Bench',
      finalSale: false,
      giftCard: false,
      chosenAmount: null,
      tags: [],
      status: 'active',
      categoryIds: [],
      variants: [
        {
          sku: `BENCH-${newId().slice(0, 12)}`,
          options: {},
          price: { amount: opts.price ?? 2500, currency: 'USD' },
          stock: { onHand: opts.stock, lowStockThreshold: 0, allowBackorder: false },
        },
      ],
    },
    null,
  );
  return product.variants[0]!.id;
}
