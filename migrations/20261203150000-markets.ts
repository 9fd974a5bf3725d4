import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Markets: sets of countries with a currency, languages, tax inclusion and shipping methods. The
 * default market (the shop's base currency, every other country) is configuration, not a row.
 * Prices in a market's currency are explicit per variant (`variant_prices`) or derived from the base
 * price with the stored rate (`exchange_rates`) and the market's rounding rule.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  await q(`CREATE TABLE markets (
    id ${uuid} NOT NULL PRIMARY KEY,
    code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name VARCHAR(100) NOT NULL,
    currency CHAR(3) NOT NULL,
    default_language VARCHAR(8) NOT NULL,
    languages JSON NOT NULL,
    countries JSON NOT NULL,
    prices_include_tax TINYINT(1) NOT NULL DEFAULT 0,
    shipping_method_ids JSON NULL,
    rounding ENUM('exact','whole','x99') NOT NULL DEFAULT 'exact',
    active TINYINT(1) NOT NULL DEFAULT 1,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    UNIQUE KEY markets_code (code)
  ) ${opts}`);
  await q(`CREATE TABLE exchange_rates (
    currency CHAR(3) NOT NULL PRIMARY KEY,
    rate DECIMAL(20,10) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT exchange_rates_positive CHECK (rate > 0)
  ) ${opts}`);
  await q(`CREATE TABLE variant_prices (
    variant_id ${uuid} NOT NULL,
    currency CHAR(3) NOT NULL,
    amount BIGINT NOT NULL,
    compare_at_amount BIGINT NULL,
    PRIMARY KEY (variant_id, currency),
    CONSTRAINT variant_prices_variant_fk FOREIGN KEY (variant_id) REFERENCES variants (id) ON DELETE CASCADE,
    CONSTRAINT variant_prices_nonnegative CHECK (amount >= 0)
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE variant_prices');
  await sequelize.query('DROP TABLE exchange_rates');
  await sequelize.query('DROP TABLE markets');
}
