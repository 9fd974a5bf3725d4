import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { json, moment, varchar } from './model-columns';

/** A shop-wide setting: key → JSON value (the catalog cache's version, the seeder's marker, …). */
export class Setting extends Model<InferAttributes<Setting>, InferCreationAttributes<Setting>> {
  declare key: string;
  declare value: unknown;
  declare updatedAt: CreationOptional<Date>;
}

/** `settings` is read by more than one module (catalog cache, seeder), so its model lives beside the database layer. */
export function defineSettingsModels(sequelize: Sequelize): void {
  Setting.init(
    { key: { ...varchar(100), primaryKey: true }, value: json(), updatedAt: moment() },
    { sequelize, tableName: 'settings', timestamps: true, createdAt: false },
  );
}
