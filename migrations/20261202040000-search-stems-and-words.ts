import type { MigrationContext } from '../server/src/db/migrator';

/**
 * The MariaDB search engine learns plurals and typos. `product_search` gets the stemmed text of each
 * product (Porter2, computed by the indexer: "sofas" and "sofa" are both `sofa`), and the FULLTEXT
 * indexes the engine queries cover the words and their stems together. `product_search_words` is the
 * catalog's vocabulary, one row per product and word, which query words are corrected against.
 * Rows indexed before this migration have empty stems until `npm run search:reindex`.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`ALTER TABLE product_search
    ADD COLUMN title_stems VARCHAR(400) NOT NULL DEFAULT '' AFTER description,
    ADD COLUMN stems MEDIUMTEXT NOT NULL DEFAULT '' AFTER title_stems`);
  await sequelize.query('ALTER TABLE product_search DROP INDEX product_search_all');
  await sequelize.query('ALTER TABLE product_search ADD FULLTEXT KEY product_search_title_words (title, title_stems)');
  await sequelize.query(
    'ALTER TABLE product_search ADD FULLTEXT KEY product_search_words (title, brand, tags, description, title_stems, stems)',
  );
  await sequelize.query(`CREATE TABLE product_search_words (
    product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    word VARCHAR(64) NOT NULL,
    stem VARCHAR(64) NOT NULL,
    PRIMARY KEY (product_id, word),
    KEY product_search_words_word (word),
    KEY product_search_words_stem (stem),
    CONSTRAINT product_search_words_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE IF EXISTS product_search_words');
  await sequelize.query('ALTER TABLE product_search DROP INDEX product_search_words, DROP INDEX product_search_title_words');
  await sequelize.query('ALTER TABLE product_search ADD FULLTEXT KEY product_search_all (title, brand, tags, description)');
  await sequelize.query('ALTER TABLE product_search DROP COLUMN stems, DROP COLUMN title_stems');
}
