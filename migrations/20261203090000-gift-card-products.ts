import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

/**
 * Gift cards as products. A gift-card product's variants are the amounts; each cart line of one
 * says who the card is for (`cart_items.gift_card`), and lines of the same variant for different
 * recipients are kept apart by `line_key` (empty for every other line). The order line keeps the
 * recipient (`order_items.gift_card`); when the order is paid, one card per unit is issued, linked
 * to the order, and its code is made and emailed at `send_at`.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE products ADD COLUMN gift_card TINYINT(1) NOT NULL DEFAULT 0 AFTER final_sale');
  await sequelize.query(`ALTER TABLE cart_items
    ADD COLUMN gift_card JSON NULL AFTER seen_unit_price,
    ADD COLUMN line_key CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '' AFTER gift_card,
    DROP INDEX cart_items_variant,
    ADD UNIQUE KEY cart_items_variant (cart_id, variant_id, line_key)`);
  await sequelize.query('ALTER TABLE order_items ADD COLUMN gift_card JSON NULL AFTER line_total');
  await sequelize.query(`ALTER TABLE balance_accounts
    ADD COLUMN order_id ${uuid} NULL AFTER created_by,
    ADD COLUMN send_at DATETIME(3) NULL AFTER order_id,
    ADD KEY balance_accounts_order (order_id)`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE balance_accounts DROP KEY balance_accounts_order, DROP COLUMN send_at, DROP COLUMN order_id');
  await sequelize.query('ALTER TABLE order_items DROP COLUMN gift_card');
  await sequelize.query("DELETE FROM cart_items WHERE line_key <> ''");
  await sequelize.query(`ALTER TABLE cart_items
    DROP INDEX cart_items_variant,
    ADD UNIQUE KEY cart_items_variant (cart_id, variant_id),
    DROP COLUMN line_key,
    DROP COLUMN gift_card`);
  await sequelize.query('ALTER TABLE products DROP COLUMN gift_card');
}
