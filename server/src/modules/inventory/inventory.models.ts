import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { flag, int, moment, oneOf, serialKey, uuid, varchar } from '../../db/model-columns';

export class InventoryLevel extends Model<InferAttributes<InventoryLevel>, InferCreationAttributes<InventoryLevel>> {
  declare variantId: string;
  declare onHand: CreationOptional<number>;
  declare reserved: CreationOptional<number>;
  declare lowStockThreshold: CreationOptional<number>;
  declare allowBackorder: CreationOptional<boolean>;
  declare updatedAt: CreationOptional<Date>;
}

export const LEDGER_REASONS = ['restock', 'adjustment', 'reservation', 'release', 'sale', 'return', 'import'] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

/** Append-only: every change of on_hand or reserved has a row, written in the same transaction. */
export class InventoryLedgerEntry extends Model<InferAttributes<InventoryLedgerEntry>, InferCreationAttributes<InventoryLedgerEntry>> {
  declare id: CreationOptional<number>;
  declare variantId: string;
  declare delta: number;
  declare reservedDelta: CreationOptional<number>;
  declare reason: LedgerReason;
  declare referenceType: string | null;
  declare referenceId: string | null;
  declare onHandBefore: number;
  declare onHandAfter: number;
  declare reservedBefore: number;
  declare reservedAfter: number;
  declare actorUserId: string | null;
  declare note: string | null;
  declare createdAt: CreationOptional<Date>;
}

export function defineInventoryModels(sequelize: Sequelize): void {
  InventoryLevel.init(
    {
      variantId: uuid(false, true),
      onHand: int(false, 0),
      reserved: int(false, 0),
      lowStockThreshold: int(false, 5),
      allowBackorder: flag(false),
      updatedAt: moment(false, true),
    },
    { sequelize, tableName: 'inventory_levels', timestamps: true, createdAt: false },
  );
  InventoryLedgerEntry.init(
    {
      id: serialKey(),
      variantId: uuid(),
      delta: int(),
      reservedDelta: int(false, 0),
      reason: oneOf(LEDGER_REASONS),
      referenceType: varchar(32, true),
      referenceId: varchar(64, true),
      onHandBefore: int(),
      onHandAfter: int(),
      reservedBefore: int(),
      reservedAfter: int(),
      actorUserId: uuid(true),
      note: varchar(500, true),
      createdAt: moment(false, true),
    },
    { sequelize, tableName: 'inventory_ledger', timestamps: true, updatedAt: false },
  );
}
