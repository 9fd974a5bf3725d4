import type { MigrationContext } from '../server/src/db/migrator';

/**
 * An in-progress idempotency key carries its holder and a lease: when the holder dies the lease
 * runs out and a retry takes the key over, instead of waiting for the daily prune.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(
    'ALTER TABLE idempotency_keys ADD COLUMN owner_token CHAR(36) NULL AFTER status, ADD COLUMN lease_expires_at DATETIME(3) NULL AFTER owner_token',
  );
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE idempotency_keys DROP COLUMN lease_expires_at, DROP COLUMN owner_token');
}
