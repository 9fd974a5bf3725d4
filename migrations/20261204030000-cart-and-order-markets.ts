import type { MigrationContext } from '../server/src/db/migrator';

/**
 * A cart is priced in one market (null: the default one); an order keeps the market it was bought
 * in and the exchange rate from the base currency it was priced at (null: the base currency), so
 * reports convert each order with its own rate.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE carts ADD COLUMN market_code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL');
  await sequelize.query(`ALTER TABLE orders
    ADD COLUMN market_code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN exchange_rate DECIMAL(20,10) NULL`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE orders DROP COLUMN market_code, DROP COLUMN exchange_rate');
  await sequelize.query('ALTER TABLE carts DROP COLUMN market_code');
}
