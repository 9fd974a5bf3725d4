import type { MigrationContext } from '../server/src/db/migrator';

/**
 * The MariaDB search engine's index: product text kept in step by index jobs. Two FULLTEXT
 * indexes let a title match weigh more than a description match. Status, price, rating and stock
 * are always read live from `products`, so a stale row can never show a draft.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`CREATE TABLE product_search (
    product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    brand VARCHAR(120) NOT NULL,
    tags VARCHAR(2000) NOT NULL,
    description TEXT NOT NULL,
    indexed_at DATETIME(3) NOT NULL,
    FULLTEXT KEY product_search_title (title),
    FULLTEXT KEY product_search_all (title, brand, tags, description),
    CONSTRAINT product_search_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE IF EXISTS product_search');
}
