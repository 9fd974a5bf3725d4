import type { MigrationContext } from '../server/src/db/migrator';

/** users.id was created as utf8mb4_bin; a foreign key needs the same character set. */
const userUuid = 'CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Provider accounts (OpenID Connect: Google or a configured issuer) linked to shop accounts, one row
 * per provider subject. An account made by a provider sign-in has no password until the shopper sets
 * one, so `users.password_hash` may be NULL.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  await q(`CREATE TABLE user_identities (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    user_id ${userUuid} NOT NULL,
    provider VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    subject VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    email VARCHAR(254) NULL,
    linked_at DATETIME(3) NOT NULL,
    last_used_at DATETIME(3) NULL,
    UNIQUE KEY user_identities_subject (provider, subject),
    KEY user_identities_user (user_id),
    CONSTRAINT user_identities_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ${opts}`);
  await q('ALTER TABLE users MODIFY password_hash VARCHAR(100) NULL');
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE user_identities');
  await sequelize.query("UPDATE users SET password_hash = '!' WHERE password_hash IS NULL");
  await sequelize.query('ALTER TABLE users MODIFY password_hash VARCHAR(100) NOT NULL');
}
