import type { MigrationContext } from '../server/src/db/migrator';

/**
 * What the customer still owes after an edit raised a paid order's total (asked by email, paid from the order page), and
 * which refunds pay back an edit rather than refund the order.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE orders ADD COLUMN amount_due BIGINT NOT NULL DEFAULT 0 AFTER refunded_amount');
  // An edit that lowers the total pays the difference back; that is not a refund of the (new) total.
  await sequelize.query("ALTER TABLE refunds ADD COLUMN purpose ENUM('refund','edit') NOT NULL DEFAULT 'refund' AFTER status");
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE refunds DROP COLUMN purpose');
  await sequelize.query('ALTER TABLE orders DROP COLUMN amount_due');
}
