import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

/**
 * Returns and claims of delivered lines. A return's lines say how many of which order line come
 * back, how many arrived and whether they went back on the shelf; the money and stock movements
 * themselves are refunds and inventory ledger rows, referenced by the return.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE products ADD COLUMN final_sale TINYINT(1) NOT NULL DEFAULT 0 AFTER brand');
  await sequelize.query(`CREATE TABLE returns (
    id ${uuid} NOT NULL PRIMARY KEY,
    order_id ${uuid} NOT NULL,
    number VARCHAR(40) NOT NULL,
    kind ENUM('return','claim') NOT NULL,
    status ENUM('requested','approved','received','refunded','rejected','cancelled') NOT NULL,
    reason VARCHAR(100) NOT NULL,
    note VARCHAR(1000) NULL,
    staff_note VARCHAR(1000) NULL,
    photos JSON NULL,
    requested_by ${uuid} NULL,
    refund_amount BIGINT NOT NULL DEFAULT 0,
    store_credit_amount BIGINT NOT NULL DEFAULT 0,
    shipping_fee BIGINT NOT NULL DEFAULT 0,
    restocking_fee BIGINT NOT NULL DEFAULT 0,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    UNIQUE KEY returns_number (number),
    KEY returns_order (order_id),
    KEY returns_status (status, created_at),
    CONSTRAINT returns_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await sequelize.query(`CREATE TABLE return_lines (
    id ${uuid} NOT NULL PRIMARY KEY,
    return_id ${uuid} NOT NULL,
    order_item_id ${uuid} NOT NULL,
    quantity INT NOT NULL,
    received_quantity INT NULL,
    restock TINYINT(1) NULL,
    KEY return_lines_return (return_id),
    KEY return_lines_item (order_item_id),
    CONSTRAINT return_lines_return_fk FOREIGN KEY (return_id) REFERENCES returns (id) ON DELETE CASCADE,
    CONSTRAINT return_lines_item_fk FOREIGN KEY (order_item_id) REFERENCES order_items (id) ON DELETE CASCADE,
    CONSTRAINT return_lines_quantity CHECK (quantity > 0 AND (received_quantity IS NULL OR received_quantity BETWEEN 0 AND quantity))
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE return_lines');
  await sequelize.query('DROP TABLE returns');
  await sequelize.query('ALTER TABLE products DROP COLUMN final_sale');
}
