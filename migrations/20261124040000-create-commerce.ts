import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
/** users.id was created as utf8mb4_bin; a foreign key needs the same character set. */
const userUuid = 'CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Carts, pricing rules (coupons, shipping, tax), orders with their history, payments and refunds. */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);

  await q(`CREATE TABLE carts (
    id ${uuid} NOT NULL PRIMARY KEY,
    user_id ${userUuid} NULL,
    coupon_code VARCHAR(64) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    abandoned_at DATETIME(3) NULL,
    UNIQUE KEY carts_user (user_id),
    KEY carts_updated (updated_at),
    CONSTRAINT carts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ${opts}`);
  await q(`CREATE TABLE cart_items (
    id ${uuid} NOT NULL PRIMARY KEY,
    cart_id ${uuid} NOT NULL,
    variant_id ${uuid} NOT NULL,
    quantity INT UNSIGNED NOT NULL,
    -- The price the shopper saw when adding: a later change shows as a warning.
    seen_unit_price BIGINT NOT NULL,
    created_at DATETIME(3) NOT NULL,
    -- Insertion order, for showing lines in the order they were added.
    seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    UNIQUE KEY cart_items_variant (cart_id, variant_id),
    KEY cart_items_seq (seq),
    CONSTRAINT cart_items_cart_fk FOREIGN KEY (cart_id) REFERENCES carts (id) ON DELETE CASCADE,
    CONSTRAINT cart_items_variant_fk FOREIGN KEY (variant_id) REFERENCES variants (id) ON DELETE CASCADE
  ) ${opts}`);

  await q(`CREATE TABLE coupons (
    id ${uuid} NOT NULL PRIMARY KEY,
    code VARCHAR(64) NOT NULL,
    type ENUM('percent','fixed') NOT NULL,
    value INT UNSIGNED NOT NULL,
    min_subtotal BIGINT NULL,
    starts_at DATETIME(3) NULL,
    ends_at DATETIME(3) NULL,
    usage_limit INT UNSIGNED NULL,
    per_customer_limit INT UNSIGNED NULL,
    -- Uses held by unpaid orders and paid ones; released when an unpaid order is cancelled.
    used_count INT UNSIGNED NOT NULL DEFAULT 0,
    category_ids JSON NULL,
    active TINYINT(1) NOT NULL DEFAULT 1,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY coupons_code (code),
    CONSTRAINT coupons_usage CHECK (usage_limit IS NULL OR used_count <= usage_limit)
  ) ${opts}`);

  await q(`CREATE TABLE shipping_methods (
    id ${uuid} NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    amount BIGINT NOT NULL,
    free_over BIGINT NULL,
    countries JSON NULL,
    estimate VARCHAR(100) NULL,
    active TINYINT(1) NOT NULL DEFAULT 1,
    sort_order INT NOT NULL DEFAULT 0
  ) ${opts}`);

  await q(`CREATE TABLE tax_rates (
    id ${uuid} NOT NULL PRIMARY KEY,
    country CHAR(2) NOT NULL,
    region VARCHAR(100) NOT NULL DEFAULT '',
    name VARCHAR(100) NOT NULL,
    rate_bp INT UNSIGNED NOT NULL,
    applies_to_shipping TINYINT(1) NOT NULL DEFAULT 1,
    UNIQUE KEY tax_rates_place (country, region)
  ) ${opts}`);

  await q('CREATE SEQUENCE order_number_seq START WITH 10001 INCREMENT BY 1 NOCACHE');

  await q(`CREATE TABLE orders (
    id ${uuid} NOT NULL PRIMARY KEY,
    number VARCHAR(32) NOT NULL,
    user_id ${userUuid} NULL,
    email VARCHAR(254) NOT NULL,
    status ENUM('pending_payment','paid','fulfilled','delivered','cancelled','refunded','partially_refunded') NOT NULL,
    payment_status ENUM('pending','failed','paid','partially_refunded','refunded','cancelled') NOT NULL,
    currency CHAR(3) NOT NULL,
    subtotal BIGINT NOT NULL,
    discount BIGINT NOT NULL,
    shipping BIGINT NOT NULL,
    tax BIGINT NOT NULL,
    total BIGINT NOT NULL,
    refunded_amount BIGINT NOT NULL DEFAULT 0,
    -- The cart the order came from: emptied once the order is paid.
    cart_id ${uuid} NULL,
    coupon_id ${uuid} NULL,
    coupon_code VARCHAR(64) NULL,
    shipping_method_id ${uuid} NULL,
    shipping_method_name VARCHAR(100) NOT NULL,
    shipping_address JSON NOT NULL,
    billing_address JSON NULL,
    carrier VARCHAR(64) NULL,
    tracking_number VARCHAR(128) NULL,
    reservation_expires_at DATETIME(3) NULL,
    flag VARCHAR(255) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    paid_at DATETIME(3) NULL,
    UNIQUE KEY orders_number (number),
    KEY orders_user (user_id, created_at),
    KEY orders_status (status, created_at),
    KEY orders_created (created_at),
    KEY orders_email (email),
    KEY orders_expiry (status, reservation_expires_at),
    CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
  ) ${opts}`);

  await q(`CREATE TABLE order_items (
    id ${uuid} NOT NULL PRIMARY KEY,
    order_id ${uuid} NOT NULL,
    variant_id ${uuid} NULL,
    product_id ${uuid} NULL,
    sku VARCHAR(64) NOT NULL,
    title VARCHAR(200) NOT NULL,
    variant_title VARCHAR(200) NOT NULL,
    quantity INT UNSIGNED NOT NULL,
    refunded_quantity INT UNSIGNED NOT NULL DEFAULT 0,
    unit_price BIGINT NOT NULL,
    discount BIGINT NOT NULL,
    tax BIGINT NOT NULL,
    line_total BIGINT NOT NULL,
    position INT NOT NULL,
    KEY order_items_order (order_id, position),
    KEY order_items_variant (variant_id),
    CONSTRAINT order_items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
    CONSTRAINT order_items_variant_fk FOREIGN KEY (variant_id) REFERENCES variants (id) ON DELETE SET NULL
  ) ${opts}`);

  await q(`CREATE TABLE order_events (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id ${uuid} NOT NULL,
    type VARCHAR(64) NOT NULL,
    from_status VARCHAR(32) NULL,
    to_status VARCHAR(32) NULL,
    actor_user_id ${uuid} NULL,
    note VARCHAR(1000) NULL,
    created_at DATETIME(3) NOT NULL,
    KEY order_events_order (order_id, id),
    CONSTRAINT order_events_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
  ) ${opts}`);

  await q(`CREATE TABLE coupon_redemptions (
    id ${uuid} NOT NULL PRIMARY KEY,
    coupon_id ${uuid} NOT NULL,
    order_id ${uuid} NOT NULL,
    user_id ${uuid} NULL,
    email VARCHAR(254) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY coupon_redemptions_order (order_id),
    KEY coupon_redemptions_coupon (coupon_id, email),
    CONSTRAINT coupon_redemptions_coupon_fk FOREIGN KEY (coupon_id) REFERENCES coupons (id) ON DELETE CASCADE
  ) ${opts}`);

  await q(`CREATE TABLE idempotency_keys (
    scope VARCHAR(100) NOT NULL,
    idem_key VARCHAR(255) NOT NULL,
    request_hash CHAR(64) NOT NULL,
    status ENUM('in_progress','done') NOT NULL,
    response_status SMALLINT NULL,
    response_body JSON NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (scope, idem_key),
    KEY idempotency_created (created_at)
  ) ${opts}`);

  await q(`CREATE TABLE payments (
    id ${uuid} NOT NULL PRIMARY KEY,
    order_id ${uuid} NOT NULL,
    provider ENUM('stripe','manual') NOT NULL,
    provider_ref VARCHAR(255) NULL,
    amount BIGINT NOT NULL,
    currency CHAR(3) NOT NULL,
    status ENUM('creating','requires_payment','processing','succeeded','failed','cancelled') NOT NULL,
    refunded_amount BIGINT NOT NULL DEFAULT 0,
    client_secret VARCHAR(255) NULL,
    last_event JSON NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    UNIQUE KEY payments_provider_ref (provider, provider_ref),
    KEY payments_order (order_id),
    KEY payments_status (status, created_at),
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
  ) ${opts}`);

  await q(`CREATE TABLE payment_events (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    provider ENUM('stripe','manual') NOT NULL,
    type VARCHAR(100) NOT NULL,
    payload JSON NOT NULL,
    received_at DATETIME(3) NOT NULL,
    processed_at DATETIME(3) NULL,
    outcome VARCHAR(255) NULL
  ) ${opts}`);

  await q(`CREATE TABLE refunds (
    id ${uuid} NOT NULL PRIMARY KEY,
    order_id ${uuid} NOT NULL,
    payment_id ${uuid} NOT NULL,
    provider_ref VARCHAR(255) NULL,
    amount BIGINT NOT NULL,
    status ENUM('pending','succeeded','failed') NOT NULL,
    reason VARCHAR(500) NULL,
    refund_lines JSON NULL,
    actor_user_id ${uuid} NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    UNIQUE KEY refunds_provider_ref (provider_ref),
    KEY refunds_order (order_id),
    CONSTRAINT refunds_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  for (const t of [
    'refunds',
    'payment_events',
    'payments',
    'idempotency_keys',
    'coupon_redemptions',
    'order_events',
    'order_items',
    'orders',
    'tax_rates',
    'shipping_methods',
    'coupons',
    'cart_items',
    'carts',
  ]) {
    await sequelize.query(`DROP TABLE IF EXISTS ${t}`);
  }
  await sequelize.query('DROP SEQUENCE IF EXISTS order_number_seq');
}
