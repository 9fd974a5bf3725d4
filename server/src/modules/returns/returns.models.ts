import { ReturnKind, ReturnStatus } from '@bazaar/shared';
import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { flag, int, json, money, moment, oneOf, uuid, uuidKey, varchar } from '../../db/model-columns';

/** A shopper's return or claim of some of an order's lines. */
export class ReturnRecord extends Model<InferAttributes<ReturnRecord>, InferCreationAttributes<ReturnRecord>> {
  declare id: string;
  declare orderId: string;
  declare number: string;
  declare kind: ReturnKind;
  declare status: ReturnStatus;
  declare reason: string;
  declare note: string | null;
  declare staffNote: string | null;
  declare photos: string[] | null;
  declare exchangeLines: { variantId: string; quantity: number }[] | null;
  declare replacementOrderId: string | null;
  declare requestedBy: string | null;
  declare refundAmount: CreationOptional<number>;
  declare storeCreditAmount: CreationOptional<number>;
  declare shippingFee: CreationOptional<number>;
  declare restockingFee: CreationOptional<number>;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare lines?: NonAttribute<ReturnLineRecord[]>;
}

/** How many of one order line a return covers, how many arrived, and whether they were restocked. */
export class ReturnLineRecord extends Model<InferAttributes<ReturnLineRecord>, InferCreationAttributes<ReturnLineRecord>> {
  declare id: string;
  declare returnId: string;
  declare orderItemId: string;
  declare quantity: number;
  declare receivedQuantity: number | null;
  declare restock: boolean | null;
}

export function defineReturnsModels(sequelize: Sequelize): void {
  ReturnRecord.init(
    {
      id: uuidKey(),
      orderId: uuid(),
      number: varchar(40),
      kind: oneOf(ReturnKind.options),
      status: oneOf(ReturnStatus.options),
      reason: varchar(100),
      note: varchar(1000, true),
      staffNote: varchar(1000, true),
      photos: json(true),
      exchangeLines: json(true),
      replacementOrderId: uuid(true),
      requestedBy: uuid(true),
      refundAmount: money(false, 0),
      storeCreditAmount: money(false, 0),
      shippingFee: money(false, 0),
      restockingFee: money(false, 0),
      createdAt: moment(),
      updatedAt: moment(),
    },
    { sequelize, tableName: 'returns', timestamps: false },
  );
  ReturnLineRecord.init(
    {
      id: uuidKey(),
      returnId: uuid(),
      orderItemId: uuid(),
      quantity: int(),
      receivedQuantity: int(true),
      restock: { ...flag(), allowNull: true },
    },
    { sequelize, tableName: 'return_lines', timestamps: false },
  );
  ReturnRecord.hasMany(ReturnLineRecord, { as: 'lines', foreignKey: 'returnId' });
  ReturnLineRecord.belongsTo(ReturnRecord, { as: 'return', foreignKey: 'returnId' });
}
