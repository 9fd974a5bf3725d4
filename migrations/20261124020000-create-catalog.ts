import type { MigrationContext } from '../server/src/db/migrator';

/**
 * Catalog and inventory. Written as SQL because the constraints matter: the CHECK on
 * inventory_levels makes a negative available impossible unless backorders are allowed, and the
 * listing indexes lead with status (only active products are public).
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

  await q(`CREATE TABLE categories (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    parent_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
    slug VARCHAR(191) NOT NULL,
    name VARCHAR(120) NOT NULL,
    description TEXT NULL,
    sort_order INT NOT NULL DEFAULT 0,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY categories_slug (slug),
    KEY categories_parent (parent_id, sort_order),
    CONSTRAINT categories_parent_fk FOREIGN KEY (parent_id) REFERENCES categories (id) ON DELETE RESTRICT
  ) ${opts}`);

  await q(`CREATE TABLE products (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    slug VARCHAR(191) NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    brand VARCHAR(120) NOT NULL DEFAULT '',
    status ENUM('draft','active','archived') NOT NULL DEFAULT 'draft',
    seo_title VARCHAR(200) NULL,
    seo_description VARCHAR(320) NULL,
    primary_category_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
    currency CHAR(3) NOT NULL DEFAULT 'USD',
    -- Denormalised for listing, filters and sorts; kept in step by the catalog and inventory services.
    min_price BIGINT NOT NULL DEFAULT 0,
    max_price BIGINT NOT NULL DEFAULT 0,
    min_compare_at_price BIGINT NULL,
    in_stock TINYINT(1) NOT NULL DEFAULT 0,
    rating_avg DECIMAL(3,2) NOT NULL DEFAULT 0,
    rating_count INT UNSIGNED NOT NULL DEFAULT 0,
    sold_count INT UNSIGNED NOT NULL DEFAULT 0,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY products_slug (slug),
    KEY products_status_created (status, created_at),
    KEY products_status_price (status, min_price),
    KEY products_status_rating (status, rating_avg),
    KEY products_status_sold (status, sold_count),
    KEY products_brand (brand, status),
    KEY products_primary_category (primary_category_id, status),
    CONSTRAINT products_primary_category_fk FOREIGN KEY (primary_category_id) REFERENCES categories (id) ON DELETE SET NULL
  ) ${opts}`);

  await q(`CREATE TABLE product_categories (
    product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    category_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    PRIMARY KEY (product_id, category_id),
    KEY product_categories_category (category_id, product_id),
    CONSTRAINT product_categories_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT product_categories_category_fk FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE
  ) ${opts}`);

  await q(`CREATE TABLE product_tags (
    product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    tag VARCHAR(64) NOT NULL,
    PRIMARY KEY (product_id, tag),
    KEY product_tags_tag (tag, product_id),
    CONSTRAINT product_tags_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
  ) ${opts}`);

  await q(`CREATE TABLE variants (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    sku VARCHAR(64) NOT NULL,
    title VARCHAR(200) NOT NULL DEFAULT '',
    options JSON NOT NULL,
    price_amount BIGINT NOT NULL,
    compare_at_amount BIGINT NULL,
    currency CHAR(3) NOT NULL DEFAULT 'USD',
    weight_grams INT UNSIGNED NULL,
    position INT NOT NULL DEFAULT 0,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY variants_sku (sku),
    KEY variants_product (product_id, position),
    CONSTRAINT variants_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT variants_price_nonnegative CHECK (price_amount >= 0)
  ) ${opts}`);

  await q(`CREATE TABLE inventory_levels (
    variant_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    on_hand INT NOT NULL DEFAULT 0,
    reserved INT NOT NULL DEFAULT 0,
    low_stock_threshold INT NOT NULL DEFAULT 5,
    allow_backorder TINYINT(1) NOT NULL DEFAULT 0,
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    CONSTRAINT inventory_levels_variant_fk FOREIGN KEY (variant_id) REFERENCES variants (id) ON DELETE CASCADE,
    CONSTRAINT inventory_reserved_nonnegative CHECK (reserved >= 0),
    CONSTRAINT inventory_available_nonnegative CHECK (allow_backorder = 1 OR on_hand - reserved >= 0)
  ) ${opts}`);

  // Append-only: every change of on_hand or reserved has a row, written in the same transaction.
  // SUM(delta) = on_hand and SUM(reserved_delta) = reserved for every variant.
  await q(`CREATE TABLE inventory_ledger (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    variant_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    delta INT NOT NULL,
    reserved_delta INT NOT NULL DEFAULT 0,
    reason ENUM('restock','adjustment','reservation','release','sale','return','import') NOT NULL,
    reference_type VARCHAR(32) NULL,
    reference_id VARCHAR(64) NULL,
    on_hand_before INT NOT NULL,
    on_hand_after INT NOT NULL,
    reserved_before INT NOT NULL,
    reserved_after INT NOT NULL,
    actor_user_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
    note VARCHAR(500) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY inventory_ledger_variant (variant_id, id),
    KEY inventory_ledger_reference (reference_type, reference_id),
    CONSTRAINT inventory_ledger_variant_fk FOREIGN KEY (variant_id) REFERENCES variants (id) ON DELETE CASCADE
  ) ${opts}`);

  await q(`CREATE TABLE product_images (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    position INT NOT NULL DEFAULT 0,
    alt VARCHAR(300) NOT NULL DEFAULT '',
    storage_key VARCHAR(255) NOT NULL,
    sizes JSON NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY product_images_product (product_id, position),
    CONSTRAINT product_images_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  for (const t of [
    'product_images',
    'inventory_ledger',
    'inventory_levels',
    'variants',
    'product_tags',
    'product_categories',
    'products',
    'categories',
  ]) {
    await sequelize.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
