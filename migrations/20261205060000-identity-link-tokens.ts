import type { MigrationContext } from '../server/src/db/migrator';

/** An emailed link that links a provider account is single-use: its one-time token is a `user_tokens` row. */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query("ALTER TABLE user_tokens MODIFY purpose ENUM('verify_email', 'password_reset', 'link_identity') NOT NULL");
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query("DELETE FROM user_tokens WHERE purpose = 'link_identity'");
  await sequelize.query("ALTER TABLE user_tokens MODIFY purpose ENUM('verify_email', 'password_reset') NOT NULL");
}
