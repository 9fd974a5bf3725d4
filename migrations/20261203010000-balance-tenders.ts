import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

/**
 * Gift cards and store credit as tenders: an order records what balances paid of it, a refund may
 * go back to a balance instead of a provider payment, and an unpaid order that ends gives its
 * balances back ('released').
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE orders ADD COLUMN balance_amount BIGINT NOT NULL DEFAULT 0 AFTER total');
  await sequelize.query(`ALTER TABLE refunds MODIFY payment_id ${uuid} NULL, ADD COLUMN balance_account_id ${uuid} NULL AFTER payment_id`);
  await sequelize.query("ALTER TABLE balance_ledger MODIFY reason ENUM('issued','adjustment','spent','refund','released') NOT NULL");
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query("ALTER TABLE balance_ledger MODIFY reason ENUM('issued','adjustment','spent','refund') NOT NULL");
  await sequelize.query('ALTER TABLE refunds DROP COLUMN balance_account_id');
  await sequelize.query('ALTER TABLE orders DROP COLUMN balance_amount');
}
