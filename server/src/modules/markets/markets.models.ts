import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { DataTypes, Model } from 'sequelize';
import { char, flag, json, money, moment, oneOf, uuid, uuidKey, varchar } from '../../db/model-columns';
import type { RoundingRule } from '@bazaar/shared';
import { ROUNDING_RULES } from '@bazaar/shared';

export class Market extends Model<InferAttributes<Market>, InferCreationAttributes<Market>> {
  declare id: string;
  declare code: string;
  declare name: string;
  declare currency: string;
  declare defaultLanguage: string;
  declare languages: string[];
  declare countries: string[];
  declare pricesIncludeTax: boolean;
  declare shippingMethodIds: string[] | null;
  declare rounding: RoundingRule;
  declare active: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ExchangeRate extends Model<InferAttributes<ExchangeRate>, InferCreationAttributes<ExchangeRate>> {
  declare currency: string;
  /** A DECIMAL, read back as text so that it stays exact. */
  declare rate: string;
  declare updatedAt: CreationOptional<Date>;
}

export class VariantPrice extends Model<InferAttributes<VariantPrice>, InferCreationAttributes<VariantPrice>> {
  declare variantId: string;
  declare currency: string;
  declare amount: number;
  declare compareAtAmount: number | null;
}

export function defineMarketsModels(sequelize: Sequelize): void {
  Market.init(
    {
      id: uuidKey(),
      code: varchar(32),
      name: varchar(100),
      currency: char(3),
      defaultLanguage: varchar(8),
      languages: json(),
      countries: json(),
      pricesIncludeTax: flag(false),
      shippingMethodIds: json(true),
      rounding: oneOf(ROUNDING_RULES, false, 'exact'),
      active: flag(true),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'markets', timestamps: true },
  );
  ExchangeRate.init(
    {
      currency: { ...char(3), primaryKey: true },
      rate: { type: DataTypes.DECIMAL(20, 10), allowNull: false },
      updatedAt: moment(),
    },
    { sequelize, tableName: 'exchange_rates', timestamps: true, createdAt: false },
  );
  VariantPrice.init(
    {
      variantId: uuid(false, true),
      currency: { ...char(3), primaryKey: true },
      amount: money(),
      compareAtAmount: money(true),
    },
    { sequelize, tableName: 'variant_prices', timestamps: false },
  );
}
