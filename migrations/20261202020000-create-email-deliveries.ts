import type { MigrationContext } from '../server/src/db/migrator';

/**
 * SMTP sent-markers: written right after the SMTP server accepts a message, so an email job that
 * runs again after a crash (its lease ran out) does not send the same Message-ID twice.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`CREATE TABLE email_deliveries (
    message_id VARCHAR(255) NOT NULL PRIMARY KEY,
    sent_at DATETIME(3) NOT NULL,
    KEY email_deliveries_sent (sent_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE email_deliveries');
}
