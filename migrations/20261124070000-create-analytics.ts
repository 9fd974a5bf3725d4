import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
/** Search text compared byte for byte (it is normalised before storing), so grouping is exact. */
const searchText = 'VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const count = 'INT UNSIGNED NOT NULL DEFAULT 0';
const rate = 'DECIMAL(7,6) NOT NULL DEFAULT 0';

/**
 * Shopper analytics: consent records, raw events, and the daily roll-ups the admin dashboard reads.
 * Visitor and user ids carry no foreign keys: accounts are anonymised rather than deleted, and an
 * erasure deletes these rows by id itself.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);

  // Append-only: each choice is a new row (the proof of what was agreed to, and when); the newest row counts.
  await q(`CREATE TABLE consents (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    visitor_id ${uuid} NOT NULL,
    user_id ${uuid} NULL,
    analytics TINYINT(1) NOT NULL,
    marketing TINYINT(1) NOT NULL,
    policy_version VARCHAR(32) NOT NULL,
    decided_at DATETIME(3) NOT NULL,
    KEY consents_visitor (visitor_id, id),
    KEY consents_user (user_id, id)
  ) ${opts}`);

  await q(`CREATE TABLE analytics_events (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    visitor_id ${uuid} NOT NULL,
    user_id ${uuid} NULL,
    type ENUM('page_view','product_view','add_to_cart','checkout_started','purchase','search') NOT NULL,
    product_id ${uuid} NULL,
    query ${searchText} NULL,
    result_count INT UNSIGNED NULL,
    -- The few type-specific extras (page path, variant and quantity, order id).
    properties JSON NULL,
    -- The server's clock when the batch arrived (never the device's).
    occurred_at DATETIME(3) NOT NULL,
    KEY analytics_events_time (occurred_at, type),
    KEY analytics_events_visitor (visitor_id),
    KEY analytics_events_user (user_id)
  ) ${opts}`);

  await q(`CREATE TABLE analytics_daily (
    day DATE NOT NULL PRIMARY KEY,
    visitors ${count},
    page_views ${count},
    product_views ${count},
    product_view_visitors ${count},
    add_to_carts ${count},
    add_to_cart_visitors ${count},
    checkout_started_visitors ${count},
    purchases ${count},
    purchase_visitors ${count},
    searches ${count},
    zero_result_searches ${count},
    -- add_to_cart_visitors / visitors
    add_to_cart_rate ${rate},
    carts_converted ${count},
    carts_abandoned ${count},
    -- carts_abandoned / (carts_abandoned + carts_converted)
    cart_abandonment_rate ${rate},
    computed_at DATETIME(3) NOT NULL
  ) ${opts}`);

  await q(`CREATE TABLE analytics_daily_products (
    day DATE NOT NULL,
    product_id ${uuid} NOT NULL,
    views ${count},
    add_to_carts ${count},
    PRIMARY KEY (day, product_id),
    KEY analytics_daily_products_product (product_id, day)
  ) ${opts}`);

  await q(`CREATE TABLE analytics_daily_searches (
    day DATE NOT NULL,
    query ${searchText} NOT NULL,
    searches ${count},
    zero_results ${count},
    PRIMARY KEY (day, query)
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  for (const t of ['analytics_daily_searches', 'analytics_daily_products', 'analytics_daily', 'analytics_events', 'consents']) {
    await sequelize.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
