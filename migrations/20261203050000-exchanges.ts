import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

/** Exchanges and replacements: the goods asked for instead, and the order that ships them. */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`ALTER TABLE returns
    MODIFY kind ENUM('return','exchange','claim') NOT NULL,
    MODIFY status ENUM('requested','approved','received','refunded','completed','rejected','cancelled') NOT NULL,
    ADD COLUMN exchange_lines JSON NULL AFTER photos,
    ADD COLUMN replacement_order_id ${uuid} NULL AFTER exchange_lines`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query("DELETE FROM returns WHERE kind = 'exchange' OR status = 'completed'");
  await sequelize.query(`ALTER TABLE returns DROP COLUMN replacement_order_id, DROP COLUMN exchange_lines,
    MODIFY kind ENUM('return','claim') NOT NULL,
    MODIFY status ENUM('requested','approved','received','refunded','rejected','cancelled') NOT NULL`);
}
