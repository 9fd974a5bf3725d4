import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const eventId = 'VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin';
const opts = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * Outgoing webhooks: the endpoints staff subscribe (each with its signing secret, sealed), the events
 * the shop published (the exact body sent), one delivery per event and endpoint, and every attempt.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const q = (sql: string) => sequelize.query(sql);
  await q(`CREATE TABLE webhook_endpoints (
    id ${uuid} NOT NULL PRIMARY KEY,
    url VARCHAR(2000) NOT NULL,
    description VARCHAR(200) NOT NULL DEFAULT '',
    events JSON NOT NULL,
    enabled TINYINT(1) NOT NULL DEFAULT 1,
    disabled_reason ENUM('failing') NULL,
    secret_sealed VARCHAR(255) NOT NULL,
    secret_hint VARCHAR(8) NOT NULL,
    previous_secret_sealed VARCHAR(255) NULL,
    previous_secret_expires_at DATETIME(3) NULL,
    failing_since DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL
  ) ${opts}`);
  await q(`CREATE TABLE webhook_events (
    id ${eventId} NOT NULL PRIMARY KEY,
    type VARCHAR(64) NOT NULL,
    body MEDIUMTEXT NOT NULL,
    created_at DATETIME(3) NOT NULL,
    KEY webhook_events_created (created_at)
  ) ${opts}`);
  await q(`CREATE TABLE webhook_deliveries (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id ${eventId} NOT NULL,
    endpoint_id ${uuid} NOT NULL,
    status ENUM('pending','delivered','failed') NOT NULL DEFAULT 'pending',
    attempts INT UNSIGNED NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(3) NULL,
    locked_until DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL,
    delivered_at DATETIME(3) NULL,
    KEY webhook_deliveries_queue (endpoint_id, status, id),
    KEY webhook_deliveries_event (event_id),
    CONSTRAINT webhook_deliveries_event_fk FOREIGN KEY (event_id) REFERENCES webhook_events (id) ON DELETE CASCADE,
    CONSTRAINT webhook_deliveries_endpoint_fk FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE
  ) ${opts}`);
  await q(`CREATE TABLE webhook_delivery_attempts (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    delivery_id BIGINT UNSIGNED NOT NULL,
    attempt INT UNSIGNED NOT NULL,
    attempted_at DATETIME(3) NOT NULL,
    request_body MEDIUMTEXT NOT NULL,
    response_status INT NULL,
    response_body TEXT NULL,
    duration_ms INT UNSIGNED NOT NULL,
    error VARCHAR(1000) NULL,
    KEY webhook_delivery_attempts_delivery (delivery_id, attempt),
    CONSTRAINT webhook_delivery_attempts_delivery_fk FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id) ON DELETE CASCADE
  ) ${opts}`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  for (const table of ['webhook_delivery_attempts', 'webhook_deliveries', 'webhook_events', 'webhook_endpoints'])
    await sequelize.query(`DROP TABLE ${table}`);
}
