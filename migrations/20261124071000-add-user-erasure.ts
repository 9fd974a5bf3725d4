import type { MigrationContext } from '../server/src/db/migrator';

/**
 * When an account was erased (GDPR): the row stays, anonymised, so its orders keep their owner
 * for the books; an erased account can never sign in again.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE users ADD COLUMN erased_at DATETIME(3) NULL AFTER disabled_at');
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE users DROP COLUMN erased_at');
}
