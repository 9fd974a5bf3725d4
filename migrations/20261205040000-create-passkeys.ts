import type { MigrationContext } from '../server/src/db/migrator';

/** users.id was created as utf8mb4_bin; a foreign key needs the same character set. */
const userUuid = 'CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Passkeys (WebAuthn credentials): the credential id as base64url (unique across every account;
 * at most 1023 bytes, so 1364 characters), its COSE public key, the signature counter last seen,
 * the transports and backup state the authenticator reported, and the name the owner gave it.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`CREATE TABLE passkeys (
    id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    user_id ${userUuid} NOT NULL,
    credential_id VARCHAR(1400) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    public_key BLOB NOT NULL,
    counter INT UNSIGNED NOT NULL DEFAULT 0,
    transports JSON NOT NULL,
    device_type ENUM('singleDevice', 'multiDevice') NOT NULL,
    backed_up TINYINT(1) NOT NULL DEFAULT 0,
    name VARCHAR(60) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    last_used_at DATETIME(3) NULL,
    UNIQUE KEY passkeys_credential_id (credential_id),
    KEY passkeys_user (user_id),
    CONSTRAINT passkeys_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE passkeys');
}
