import type { MigrationContext } from '../server/src/db/migrator';

/** users.id was created as utf8mb4_bin; a foreign key needs the same character set. */
const userUuid = 'CHAR(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

/**
 * The device families and networks each account has signed in from (a digest of the two, nothing
 * more): a sign-in from a combination not seen before sends a security email.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`CREATE TABLE known_devices (
    user_id ${userUuid} NOT NULL,
    device_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    first_seen_at DATETIME(3) NOT NULL,
    last_seen_at DATETIME(3) NOT NULL,
    PRIMARY KEY (user_id, device_hash),
    KEY known_devices_last_seen (last_seen_at),
    CONSTRAINT known_devices_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE known_devices');
}
