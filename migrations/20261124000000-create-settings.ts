import { DataTypes } from 'sequelize';
import type { MigrationContext } from '../server/src/db/migrator';

/** Shop-wide settings as key → JSON value (shop name, default currency, …). */
export async function up({ context: { queryInterface } }: { context: MigrationContext }) {
  await queryInterface.createTable(
    'settings',
    {
      key: { type: DataTypes.STRING(100), primaryKey: true },
      value: { type: DataTypes.JSON, allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false, defaultValue: DataTypes.NOW },
    },
    { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
  );
}

export async function down({ context: { queryInterface } }: { context: MigrationContext }) {
  await queryInterface.dropTable('settings');
}
