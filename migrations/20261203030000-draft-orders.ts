import type { MigrationContext } from '../server/src/db/migrator';

/**
 * Draft orders (staff build an order for a customer; it becomes payable when the invoice is sent)
 * and offline payments (staff mark an order paid by bank transfer, cash…). `stock_reserved` says
 * whether the order holds a reservation: a checkout always does; an invoice only if staff chose so.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(
    "ALTER TABLE orders MODIFY status ENUM('draft','pending_payment','paid','fulfilled','delivered','cancelled','refunded','partially_refunded') NOT NULL",
  );
  await sequelize.query(
    'ALTER TABLE orders ADD COLUMN stock_reserved TINYINT(1) NOT NULL DEFAULT 1 AFTER flag, ADD COLUMN staff_note VARCHAR(1000) NULL AFTER stock_reserved',
  );
  await sequelize.query("ALTER TABLE payments MODIFY provider ENUM('stripe','manual','offline') NOT NULL");
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query("DELETE FROM orders WHERE status = 'draft'");
  await sequelize.query("ALTER TABLE payments MODIFY provider ENUM('stripe','manual') NOT NULL");
  await sequelize.query('ALTER TABLE orders DROP COLUMN staff_note, DROP COLUMN stock_reserved');
  await sequelize.query(
    "ALTER TABLE orders MODIFY status ENUM('pending_payment','paid','fulfilled','delivered','cancelled','refunded','partially_refunded') NOT NULL",
  );
}
