import type { MigrationContext } from '../server/src/db/migrator';

/** Revenue reports and the daily roll-ups select orders by the day they were paid. */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('CREATE INDEX orders_paid ON orders (paid_at)');
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP INDEX orders_paid ON orders');
}
