import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Promotions: conditions and one action (JSON, checked by the shared schema), automatic or behind
 * codes; their uses, one row per order and promotion, are the only count of uses and of discount
 * given (a released use stays for the record but no longer counts). A cart holds the codes entered.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  await q(`CREATE TABLE promotions (
    id ${uuid} NOT NULL PRIMARY KEY,
    name VARCHAR(120) NOT NULL,
    description VARCHAR(500) NULL,
    automatic TINYINT(1) NOT NULL,
    exclusive TINYINT(1) NOT NULL DEFAULT 0,
    priority INT NOT NULL DEFAULT 0,
    active TINYINT(1) NOT NULL DEFAULT 1,
    starts_at DATETIME(3) NULL,
    ends_at DATETIME(3) NULL,
    conditions JSON NOT NULL,
    action JSON NOT NULL,
    usage_limit INT UNSIGNED NULL,
    budget_amount BIGINT NULL,
    per_customer_limit INT UNSIGNED NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    KEY promotions_automatic (automatic, active)
  ) ${opts}`);
  await q(`CREATE TABLE promotion_codes (
    id ${uuid} NOT NULL PRIMARY KEY,
    promotion_id ${uuid} NOT NULL,
    code VARCHAR(64) NOT NULL,
    usage_limit INT UNSIGNED NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY promotion_codes_code (code),
    KEY promotion_codes_promotion (promotion_id),
    CONSTRAINT promotion_codes_promotion_fk FOREIGN KEY (promotion_id) REFERENCES promotions (id) ON DELETE CASCADE
  ) ${opts}`);
  await q(`CREATE TABLE promotion_uses (
    id ${uuid} NOT NULL PRIMARY KEY,
    promotion_id ${uuid} NOT NULL,
    code_id ${uuid} NULL,
    order_id ${uuid} NOT NULL,
    user_id ${uuid} NULL,
    email VARCHAR(254) NOT NULL,
    currency CHAR(3) NOT NULL,
    amount BIGINT NOT NULL,
    base_amount BIGINT NOT NULL,
    released_at DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY promotion_uses_order (promotion_id, order_id),
    KEY promotion_uses_order_id (order_id),
    KEY promotion_uses_code (code_id),
    CONSTRAINT promotion_uses_promotion_fk FOREIGN KEY (promotion_id) REFERENCES promotions (id),
    CONSTRAINT promotion_uses_amount CHECK (amount >= 0 AND base_amount >= 0)
  ) ${opts}`);
  await q('ALTER TABLE carts ADD COLUMN promotion_codes JSON NULL');
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE carts DROP COLUMN promotion_codes');
  await sequelize.query('DROP TABLE promotion_uses');
  await sequelize.query('DROP TABLE promotion_codes');
  await sequelize.query('DROP TABLE promotions');
}
