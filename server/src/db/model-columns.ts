import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';

/**
 * Column definitions the models repeat, each call a fresh object (Model.init writes into the
 * definitions it is given). They mirror the migrations: `migrations/` owns the schema, and
 * test/integration/models-schema.test.ts fails when a model and the migrated table disagree.
 */
type Column = ModelAttributeColumnOptions;

/** A UUID primary key (CHAR(36), compared byte for byte). */
export const uuidKey = (): Column => ({ type: DataTypes.CHAR(36).BINARY, primaryKey: true, allowNull: false });
/** A UUID column (a reference to another row, or part of a composite key). */
export const uuid = (allowNull = false, primaryKey = false): Column => ({ type: DataTypes.CHAR(36).BINARY, allowNull, primaryKey });
/** An AUTO_INCREMENT BIGINT UNSIGNED primary key. */
export const serialKey = (): Column => ({ type: DataTypes.BIGINT.UNSIGNED, primaryKey: true, autoIncrement: true, allowNull: false });
/** VARCHAR(length). */
export const varchar = (length: number, allowNull = false, defaultValue?: string): Column => ({
  type: DataTypes.STRING(length),
  allowNull,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
/** CHAR(length) (currency and country codes, hashes). */
export const char = (length: number, allowNull = false): Column => ({ type: DataTypes.CHAR(length), allowNull });
/** A DATETIME(3) moment; `now` when the column defaults to CURRENT_TIMESTAMP(3). */
export const moment = (allowNull = false, now = false): Column => ({
  type: DataTypes.DATE(3),
  allowNull,
  ...(now ? { defaultValue: DataTypes.NOW } : {}),
});
/** A signed INT. */
export const int = (allowNull = false, defaultValue?: number): Column => ({
  type: DataTypes.INTEGER,
  allowNull,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
/** An INT UNSIGNED (counts, quantities). */
export const count = (allowNull = false, defaultValue?: number): Column => ({
  type: DataTypes.INTEGER.UNSIGNED,
  allowNull,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
/** A BIGINT amount of money in minor units. */
export const money = (allowNull = false, defaultValue?: number): Column => ({
  type: DataTypes.BIGINT,
  allowNull,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
/** A TINYINT(1) flag. */
export const flag = (defaultValue?: boolean): Column => ({
  type: DataTypes.BOOLEAN,
  allowNull: false,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
/** A JSON column (LONGTEXT with a JSON_VALID check in MariaDB); read through a model it comes back parsed. */
export const json = (allowNull = false, defaultValue?: unknown): Column => ({
  type: DataTypes.JSON,
  allowNull,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
/** An ENUM of the given values. */
export const oneOf = (values: readonly string[], allowNull = false, defaultValue?: string): Column => ({
  type: DataTypes.ENUM(...values),
  allowNull,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});
/** TEXT. */
export const text = (allowNull = false): Column => ({ type: DataTypes.TEXT, allowNull });
