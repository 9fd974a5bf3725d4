import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
/** users.id was created as utf8mb4_bin; a foreign key needs the same character set. */
const userUuid = 'CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * API keys for the admin API: a visible prefix (the lookup), the SHA-256 of the whole key (the secret
 * is random, so a fast hash is enough), the permissions it may use and who made it. The audit log
 * names the key an action went through.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  await q(`CREATE TABLE api_keys (
    id ${uuid} NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    prefix CHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    secret_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    permissions JSON NOT NULL,
    created_by ${userUuid} NOT NULL,
    created_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NULL,
    last_used_at DATETIME(3) NULL,
    last_used_ip VARCHAR(45) NULL,
    revoked_at DATETIME(3) NULL,
    revoked_by ${userUuid} NULL,
    UNIQUE KEY api_keys_prefix (prefix),
    KEY api_keys_created_by (created_by),
    CONSTRAINT api_keys_created_by_fk FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT api_keys_revoked_by_fk FOREIGN KEY (revoked_by) REFERENCES users (id) ON DELETE SET NULL
  ) ${opts}`);
  await q(`ALTER TABLE audit_logs ADD COLUMN actor_api_key_id ${uuid} NULL AFTER actor_user_id,
    ADD KEY audit_logs_actor_api_key (actor_api_key_id, created_at)`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('ALTER TABLE audit_logs DROP KEY audit_logs_actor_api_key, DROP COLUMN actor_api_key_id');
  await sequelize.query('DROP TABLE api_keys');
}
