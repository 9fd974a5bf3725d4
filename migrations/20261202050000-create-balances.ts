import type { MigrationContext } from '../server/src/db/migrator';

const uuid = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

/**
 * Store credit and gift cards on one balance ledger. An account's balance is the sum of its ledger
 * rows, kept beside them in the same locked update, and neither can go below zero (CHECK).
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query(`CREATE TABLE balance_accounts (
    id ${uuid} NOT NULL PRIMARY KEY,
    kind ENUM('store_credit','gift_card') NOT NULL,
    user_id ${uuid} NULL,
    code_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    code_last4 CHAR(4) NULL,
    currency CHAR(3) NOT NULL,
    balance BIGINT NOT NULL DEFAULT 0,
    expires_at DATETIME(3) NULL,
    recipient_email VARCHAR(254) NULL,
    created_by ${uuid} NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY balance_accounts_code (code_hash),
    UNIQUE KEY balance_accounts_owner (user_id, kind),
    CONSTRAINT balance_accounts_non_negative CHECK (balance >= 0)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await sequelize.query(`CREATE TABLE balance_ledger (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id ${uuid} NOT NULL,
    delta BIGINT NOT NULL,
    balance_after BIGINT NOT NULL,
    reason ENUM('issued','adjustment','spent','refund') NOT NULL,
    reference_type VARCHAR(32) NULL,
    reference_id VARCHAR(64) NULL,
    actor_user_id ${uuid} NULL,
    note VARCHAR(500) NULL,
    created_at DATETIME(3) NOT NULL,
    KEY balance_ledger_account (account_id, id),
    CONSTRAINT balance_ledger_account_fk FOREIGN KEY (account_id) REFERENCES balance_accounts (id) ON DELETE CASCADE,
    CONSTRAINT balance_ledger_non_negative CHECK (balance_after >= 0)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
}

export async function down({ context: { sequelize } }: { context: MigrationContext }) {
  await sequelize.query('DROP TABLE balance_ledger');
  await sequelize.query('DROP TABLE balance_accounts');
}
