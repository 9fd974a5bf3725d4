import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const userUuid = 'CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Reviews with moderation, helpful votes and reports; the per-star histogram on products; wishlists. */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  await q(`CREATE TABLE reviews (
    id ${uuid} NOT NULL PRIMARY KEY,
    product_id ${uuid} NOT NULL,
    user_id ${userUuid} NOT NULL,
    rating TINYINT UNSIGNED NOT NULL,
    title VARCHAR(150) NOT NULL,
    body TEXT NOT NULL,
    status ENUM('pending','published','rejected','flagged') NOT NULL,
    verified_purchase TINYINT(1) NOT NULL DEFAULT 0,
    moderation_note VARCHAR(500) NULL,
    helpful_count INT UNSIGNED NOT NULL DEFAULT 0,
    report_count INT UNSIGNED NOT NULL DEFAULT 0,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    UNIQUE KEY reviews_one_per_user (product_id, user_id),
    KEY reviews_public (product_id, status, created_at),
    KEY reviews_queue (status, created_at),
    KEY reviews_user (user_id),
    CONSTRAINT reviews_rating CHECK (rating BETWEEN 1 AND 5),
    CONSTRAINT reviews_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT reviews_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ${opts}`);
  await q(`CREATE TABLE review_votes (
    review_id ${uuid} NOT NULL,
    user_id ${userUuid} NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (review_id, user_id),
    CONSTRAINT review_votes_review_fk FOREIGN KEY (review_id) REFERENCES reviews (id) ON DELETE CASCADE
  ) ${opts}`);
  await q(`CREATE TABLE review_reports (
    review_id ${uuid} NOT NULL,
    user_id ${userUuid} NOT NULL,
    reason VARCHAR(500) NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (review_id, user_id),
    CONSTRAINT review_reports_review_fk FOREIGN KEY (review_id) REFERENCES reviews (id) ON DELETE CASCADE
  ) ${opts}`);
  // Published reviews per star (1–5), kept beside rating_avg and rating_count.
  await q("ALTER TABLE products ADD COLUMN rating_histogram JSON NOT NULL DEFAULT '[0,0,0,0,0]'");
  await q(`CREATE TABLE wishlist_items (
    id ${uuid} NOT NULL PRIMARY KEY,
    user_id ${userUuid} NOT NULL,
    product_id ${uuid} NOT NULL,
    variant_id ${uuid} NULL,
    -- The variant or '' (a unique key cannot treat NULLs as equal).
    variant_key VARCHAR(36) NOT NULL DEFAULT '',
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY wishlist_unique (user_id, product_id, variant_key),
    CONSTRAINT wishlist_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT wishlist_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT wishlist_variant_fk FOREIGN KEY (variant_id) REFERENCES variants (id) ON DELETE CASCADE
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE IF EXISTS wishlist_items');
  await sequelize.query('ALTER TABLE products DROP COLUMN rating_histogram');
  for (const t of ['review_reports', 'review_votes', 'reviews']) await sequelize.query(`DROP TABLE IF EXISTS ${t}`);
}
