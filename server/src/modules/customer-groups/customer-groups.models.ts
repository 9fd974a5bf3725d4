import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { char, count, flag, money, moment, uuid, uuidKey, varchar } from '../../db/model-columns';

export class CustomerGroupRow extends Model<InferAttributes<CustomerGroupRow>, InferCreationAttributes<CustomerGroupRow>> {
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare createdAt: CreationOptional<Date>;
}

export class CustomerGroupMember extends Model<InferAttributes<CustomerGroupMember>, InferCreationAttributes<CustomerGroupMember>> {
  declare groupId: string;
  declare userId: string;
  declare createdAt: CreationOptional<Date>;
}

export class PriceListRow extends Model<InferAttributes<PriceListRow>, InferCreationAttributes<PriceListRow>> {
  declare id: string;
  declare name: string;
  declare groupId: string;
  declare marketCode: string | null;
  declare percentOff: number | null;
  declare active: CreationOptional<boolean>;
  declare startsAt: Date | null;
  declare endsAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PriceListPriceRow extends Model<InferAttributes<PriceListPriceRow>, InferCreationAttributes<PriceListPriceRow>> {
  declare priceListId: string;
  declare variantId: string;
  declare currency: string;
  declare amount: number;
}

export function defineCustomerGroupsModels(sequelize: Sequelize): void {
  CustomerGroupRow.init(
    { id: uuidKey(), name: varchar(100), description: varchar(500, true), createdAt: moment() },
    { sequelize, tableName: 'customer_groups', timestamps: true, updatedAt: false },
  );
  CustomerGroupMember.init(
    { groupId: uuid(false, true), userId: uuid(false, true), createdAt: moment() },
    { sequelize, tableName: 'customer_group_members', timestamps: true, updatedAt: false },
  );
  PriceListRow.init(
    {
      id: uuidKey(),
      name: varchar(120),
      groupId: uuid(),
      marketCode: varchar(32, true),
      percentOff: count(true),
      active: flag(true),
      startsAt: moment(true),
      endsAt: moment(true),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'price_lists', timestamps: true },
  );
  PriceListPriceRow.init(
    { priceListId: uuid(false, true), variantId: uuid(false, true), currency: { ...char(3), primaryKey: true }, amount: money() },
    { sequelize, tableName: 'price_list_prices', timestamps: false },
  );
}
