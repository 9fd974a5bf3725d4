import type { MigrationContext } from '../server/src/db/migrator';

/** The durable job queue and the recurring schedules' last claimed slots. */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`CREATE TABLE jobs (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    queue VARCHAR(64) NOT NULL DEFAULT 'default',
    name VARCHAR(100) NOT NULL,
    payload JSON NOT NULL,
    status ENUM('queued','running','done','failed','dead') NOT NULL DEFAULT 'queued',
    run_at DATETIME(3) NOT NULL,
    priority INT NOT NULL DEFAULT 0,
    attempts INT UNSIGNED NOT NULL DEFAULT 0,
    max_attempts INT UNSIGNED NOT NULL DEFAULT 5,
    lease_owner VARCHAR(64) NULL,
    lease_expires_at DATETIME(3) NULL,
    last_error TEXT NULL,
    -- Dedupes pending work only: cleared when the job finishes, so the same key can run again later.
    unique_key VARCHAR(191) NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    finished_at DATETIME(3) NULL,
    UNIQUE KEY jobs_unique_key (unique_key),
    KEY jobs_claim (status, run_at, priority),
    KEY jobs_lease (status, lease_expires_at),
    KEY jobs_queue_status (queue, status),
    KEY jobs_finished (status, finished_at)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

  await sequelize.query(`CREATE TABLE job_schedules (
    name VARCHAR(100) NOT NULL PRIMARY KEY,
    last_slot DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE IF EXISTS job_schedules');
  await sequelize.query('DROP TABLE IF EXISTS jobs');
}
