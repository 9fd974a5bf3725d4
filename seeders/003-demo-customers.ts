import { Db } from '../server/src/db/db';
import type { SeedContext } from '../server/src/db/seeder';
import { newId } from '../server/src/lib/tokens';
import { PasswordHasher } from '../server/src/modules/accounts';

/** A few demo shoppers (password `bazaar-demo-shopper`); existing accounts are left alone. */
export const DEMO_CUSTOMERS = [
  { email: 'alice@example.com', name: 'Alice Anders' },
  { email: 'bob@example.com', name: 'Bob Brown' },
  { email: 'carol@example.com', name: 'Carol Chen' },
];
export const DEMO_PASSWORD = 'bazaar-demo-shopper';

export async function seed({ sequelize, config }: SeedContext) {
  const db = new Db(sequelize);
  const hash = await new PasswordHasher(config.auth.bcryptCost).hash(DEMO_PASSWORD);
  for (const c of DEMO_CUSTOMERS) {
    await db.execute(
      `INSERT IGNORE INTO users (id, email, password_hash, name, role_id, email_verified_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'customer', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [newId(), c.email, hash, c.name],
    );
  }
}
