import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/src/db/migrator';

const id = { type: DataTypes.CHAR(36).BINARY, primaryKey: true, allowNull: false };
const userRef = (onDelete: 'CASCADE' | 'SET NULL', allowNull = false) => ({
  type: DataTypes.CHAR(36).BINARY,
  allowNull,
  references: { model: 'users', key: 'id' },
  onDelete,
});
const createdAt = { type: DataTypes.DATE(3), allowNull: false, defaultValue: DataTypes.NOW };
const table = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };

/** Accounts: roles, users, addresses, sessions, one-time tokens, MFA recovery codes, the audit log and rate-limit counters. */
export async function up({ context: { queryInterface: qi, sequelize } }: { context: MigrationContext }) {
  await qi.createTable(
    'roles',
    { id: { type: DataTypes.STRING(32), primaryKey: true }, name: { type: DataTypes.STRING(64), allowNull: false } },
    table,
  );
  await qi.bulkInsert('roles', [
    { id: 'customer', name: 'Customer' },
    { id: 'support', name: 'Support' },
    { id: 'admin', name: 'Administrator' },
  ]);

  await qi.createTable(
    'users',
    {
      id,
      email: { type: DataTypes.STRING(254), allowNull: false, unique: true },
      password_hash: { type: DataTypes.STRING(100), allowNull: false },
      name: { type: DataTypes.STRING(120), allowNull: false, defaultValue: '' },
      role_id: { type: DataTypes.STRING(32), allowNull: false, defaultValue: 'customer', references: { model: 'roles', key: 'id' } },
      email_verified_at: { type: DataTypes.DATE(3), allowNull: true },
      failed_login_count: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
      lockout_count: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
      locked_until: { type: DataTypes.DATE(3), allowNull: true },
      disabled_at: { type: DataTypes.DATE(3), allowNull: true },
      mfa_secret_enc: { type: DataTypes.STRING(255), allowNull: true },
      mfa_pending_secret_enc: { type: DataTypes.STRING(255), allowNull: true },
      mfa_enabled_at: { type: DataTypes.DATE(3), allowNull: true },
      mfa_last_step: { type: DataTypes.BIGINT, allowNull: true },
      password_changed_at: { type: DataTypes.DATE(3), allowNull: true },
      created_at: createdAt,
      updated_at: createdAt,
    },
    table,
  );
  await qi.addIndex('users', ['role_id']);
  await qi.addIndex('users', ['created_at']);

  await qi.createTable(
    'addresses',
    {
      id,
      user_id: userRef('CASCADE'),
      name: { type: DataTypes.STRING(120), allowNull: false },
      line1: { type: DataTypes.STRING(200), allowNull: false },
      line2: { type: DataTypes.STRING(200), allowNull: true },
      city: { type: DataTypes.STRING(100), allowNull: false },
      region: { type: DataTypes.STRING(100), allowNull: true },
      postal_code: { type: DataTypes.STRING(20), allowNull: false },
      country: { type: DataTypes.CHAR(2), allowNull: false },
      phone: { type: DataTypes.STRING(32), allowNull: true },
      is_default: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      created_at: createdAt,
      updated_at: createdAt,
    },
    table,
  );
  await qi.addIndex('addresses', ['user_id']);

  // The express-mysql-session table, owned by this migration (createDatabaseTable: false). The
  // generated user_id column lifts the signed-in user's id out of the JSON so one user's sessions
  // can be listed and revoked through an index.
  await sequelize.query(`
    CREATE TABLE sessions (
      session_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      expires INT UNSIGNED NOT NULL,
      data MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
      user_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin AS (JSON_VALUE(data, '$.userId')) PERSISTENT,
      PRIMARY KEY (session_id),
      KEY sessions_user_id (user_id),
      KEY sessions_expires (expires)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);

  await qi.createTable(
    'user_tokens',
    {
      id,
      user_id: userRef('CASCADE'),
      purpose: { type: DataTypes.ENUM('verify_email', 'password_reset'), allowNull: false },
      token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      expires_at: { type: DataTypes.DATE(3), allowNull: false },
      used_at: { type: DataTypes.DATE(3), allowNull: true },
      created_at: createdAt,
    },
    table,
  );
  await qi.addIndex('user_tokens', ['user_id', 'purpose']);

  await qi.createTable(
    'refresh_tokens',
    {
      id,
      user_id: userRef('CASCADE'),
      family_id: { type: DataTypes.CHAR(36).BINARY, allowNull: false },
      token_hash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
      expires_at: { type: DataTypes.DATE(3), allowNull: false },
      used_at: { type: DataTypes.DATE(3), allowNull: true },
      revoked_at: { type: DataTypes.DATE(3), allowNull: true },
      created_at: createdAt,
    },
    table,
  );
  await qi.addIndex('refresh_tokens', ['family_id']);
  await qi.addIndex('refresh_tokens', ['user_id']);

  await qi.createTable(
    'mfa_recovery_codes',
    {
      id,
      user_id: userRef('CASCADE'),
      code_hash: { type: DataTypes.CHAR(64), allowNull: false },
      used_at: { type: DataTypes.DATE(3), allowNull: true },
      created_at: createdAt,
    },
    table,
  );
  await qi.addIndex('mfa_recovery_codes', ['user_id', 'code_hash'], { unique: true });

  await qi.createTable(
    'audit_logs',
    {
      id: { type: DataTypes.BIGINT.UNSIGNED, primaryKey: true, autoIncrement: true },
      event: { type: DataTypes.STRING(64), allowNull: false },
      actor_user_id: { type: DataTypes.CHAR(36).BINARY, allowNull: true },
      target_user_id: { type: DataTypes.CHAR(36).BINARY, allowNull: true },
      ip: { type: DataTypes.STRING(45), allowNull: true },
      user_agent: { type: DataTypes.STRING(255), allowNull: true },
      details: { type: DataTypes.JSON, allowNull: true },
      created_at: createdAt,
    },
    table,
  );
  await qi.addIndex('audit_logs', ['created_at']);
  await qi.addIndex('audit_logs', ['event', 'created_at']);
  await qi.addIndex('audit_logs', ['actor_user_id', 'created_at']);
  await qi.addIndex('audit_logs', ['target_user_id', 'created_at']);

  // express-rate-limit counters shared by every server process.
  await qi.createTable(
    'rate_limits',
    {
      key: { type: DataTypes.STRING(191), primaryKey: true },
      hits: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
      reset_at: { type: DataTypes.DATE(3), allowNull: false },
    },
    table,
  );
  await qi.addIndex('rate_limits', ['reset_at']);
}

export async function down({ context: { queryInterface: qi } }: { context: MigrationContext }) {
  for (const t of [
    'rate_limits',
    'audit_logs',
    'mfa_recovery_codes',
    'refresh_tokens',
    'user_tokens',
    'sessions',
    'addresses',
    'users',
    'roles',
  ]) {
    await qi.dropTable(t);
  }
}
