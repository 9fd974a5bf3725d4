import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
/** users.id was created as utf8mb4_bin; a foreign key needs the same character set. */
const userUuid = 'CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Customer groups set by staff, their members, and price lists per group (optionally per market):
 * a percent off, explicit variant prices per currency, or both (explicit first), in a date window.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  await q(`CREATE TABLE customer_groups (
    id ${uuid} NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    description VARCHAR(500) NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY customer_groups_name (name)
  ) ${opts}`);
  await q(`CREATE TABLE customer_group_members (
    group_id ${uuid} NOT NULL,
    user_id ${userUuid} NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (group_id, user_id),
    KEY customer_group_members_user (user_id),
    CONSTRAINT customer_group_members_group_fk FOREIGN KEY (group_id) REFERENCES customer_groups (id) ON DELETE CASCADE,
    CONSTRAINT customer_group_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ${opts}`);
  await q(`CREATE TABLE price_lists (
    id ${uuid} NOT NULL PRIMARY KEY,
    name VARCHAR(120) NOT NULL,
    group_id ${uuid} NOT NULL,
    market_code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
    percent_off INT UNSIGNED NULL,
    active TINYINT(1) NOT NULL DEFAULT 1,
    starts_at DATETIME(3) NULL,
    ends_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    KEY price_lists_group (group_id),
    CONSTRAINT price_lists_group_fk FOREIGN KEY (group_id) REFERENCES customer_groups (id) ON DELETE CASCADE,
    CONSTRAINT price_lists_percent CHECK (percent_off IS NULL OR percent_off BETWEEN 1 AND 100)
  ) ${opts}`);
  await q(`CREATE TABLE price_list_prices (
    price_list_id ${uuid} NOT NULL,
    variant_id ${uuid} NOT NULL,
    currency CHAR(3) NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (price_list_id, variant_id, currency),
    CONSTRAINT price_list_prices_list_fk FOREIGN KEY (price_list_id) REFERENCES price_lists (id) ON DELETE CASCADE,
    CONSTRAINT price_list_prices_variant_fk FOREIGN KEY (variant_id) REFERENCES variants (id) ON DELETE CASCADE,
    CONSTRAINT price_list_prices_amount CHECK (amount >= 0)
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  for (const table of ['price_list_prices', 'price_lists', 'customer_group_members', 'customer_groups'])
    await sequelize.query(`DROP TABLE ${table}`);
}
