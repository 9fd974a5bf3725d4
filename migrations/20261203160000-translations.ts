import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Texts in other languages: one row per thing and language, its translated fields as JSON (a field
 * left out falls back to the shop's own text). The kinds point at different tables, so there is no
 * foreign key: a deleted thing's rows are never read again (ids are not reused).
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`CREATE TABLE translations (
    kind ENUM('product','variant','category','shipping_method') NOT NULL,
    entity_id ${uuid} NOT NULL,
    language VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    fields JSON NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    PRIMARY KEY (kind, language, entity_id),
    KEY translations_entity (kind, entity_id)
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE translations');
}
