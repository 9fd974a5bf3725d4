import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { char, count, flag, int, json, money, uuidKey, varchar } from '../../db/model-columns';

export class ShippingMethod extends Model<InferAttributes<ShippingMethod>, InferCreationAttributes<ShippingMethod>> {
  declare id: string;
  declare name: string;
  declare amount: number;
  declare freeOver: CreationOptional<number | null>;
  /** ISO country codes it ships to; null: everywhere. */
  declare countries: CreationOptional<string[] | null>;
  declare estimate: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare sortOrder: CreationOptional<number>;
}

export class TaxRate extends Model<InferAttributes<TaxRate>, InferCreationAttributes<TaxRate>> {
  declare id: string;
  declare country: string;
  /** '' for the whole country. */
  declare region: CreationOptional<string>;
  declare name: string;
  declare rateBp: number;
  declare appliesToShipping: CreationOptional<boolean>;
}

export function definePricingModels(sequelize: Sequelize): void {
  ShippingMethod.init(
    {
      id: uuidKey(),
      name: varchar(100),
      amount: money(),
      freeOver: money(true),
      countries: json(true),
      estimate: varchar(100, true),
      active: flag(true),
      sortOrder: int(false, 0),
    },
    { sequelize, tableName: 'shipping_methods', timestamps: false },
  );
  TaxRate.init(
    {
      id: uuidKey(),
      country: char(2),
      region: varchar(100, false, ''),
      name: varchar(100),
      rateBp: count(),
      appliesToShipping: flag(true),
    },
    { sequelize, tableName: 'tax_rates', timestamps: false },
  );
}
