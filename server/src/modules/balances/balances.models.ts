import { BalanceEntryReason } from '@bazaar/shared';
import type { CreationOptional, InferAttributes, InferCreationAttributes, Sequelize } from 'sequelize';
import { Model } from 'sequelize';
import { char, money, moment, oneOf, serialKey, uuid, uuidKey, varchar } from '../../db/model-columns';

export const ACCOUNT_KINDS = ['store_credit', 'gift_card'] as const;
/** `released`: an unpaid order that ended gave back what it had taken. */
export const LEDGER_REASONS = BalanceEntryReason.options;

/** A customer's store credit or a gift card: a balance in one currency. */
export class BalanceAccount extends Model<InferAttributes<BalanceAccount>, InferCreationAttributes<BalanceAccount>> {
  declare id: string;
  declare kind: (typeof ACCOUNT_KINDS)[number];
  declare userId: string | null;
  declare codeHash: string | null;
  declare codeLast4: string | null;
  declare currency: string;
  declare balance: CreationOptional<number>;
  declare expiresAt: Date | null;
  declare recipientEmail: string | null;
  declare createdBy: string | null;
  /** A bought gift card: the order that paid for it. */
  declare orderId: string | null;
  /** A bought gift card: the order line that bought it. */
  declare orderItemId: string | null;
  /** A bought gift card: when its code is (or was to be) made and emailed to the recipient. */
  declare sendAt: Date | null;
  /** A bought gift card taken back because its order line was refunded: it is never sent nor refunded again. */
  declare revokedAt: Date | null;
  declare createdAt: Date;
}

/** One movement on an account, append-only. */
export class BalanceLedgerEntry extends Model<InferAttributes<BalanceLedgerEntry>, InferCreationAttributes<BalanceLedgerEntry>> {
  declare id: CreationOptional<number>;
  declare accountId: string;
  declare delta: number;
  declare balanceAfter: number;
  declare reason: (typeof LEDGER_REASONS)[number];
  declare referenceType: string | null;
  declare referenceId: string | null;
  declare actorUserId: string | null;
  declare note: string | null;
  declare createdAt: Date;
}

export function defineBalancesModels(sequelize: Sequelize): void {
  BalanceAccount.init(
    {
      id: uuidKey(),
      kind: oneOf(ACCOUNT_KINDS),
      userId: uuid(true),
      codeHash: char(64, true),
      codeLast4: char(4, true),
      currency: char(3),
      balance: money(false, 0),
      expiresAt: moment(true),
      recipientEmail: varchar(254, true),
      createdBy: uuid(true),
      orderId: uuid(true),
      orderItemId: uuid(true),
      sendAt: moment(true),
      revokedAt: moment(true),
      createdAt: moment(),
    },
    { sequelize, tableName: 'balance_accounts', timestamps: false },
  );
  BalanceLedgerEntry.init(
    {
      id: serialKey(),
      accountId: uuid(),
      delta: money(),
      balanceAfter: money(),
      reason: oneOf(LEDGER_REASONS),
      referenceType: varchar(32, true),
      referenceId: varchar(64, true),
      actorUserId: uuid(true),
      note: varchar(500, true),
      createdAt: moment(),
    },
    { sequelize, tableName: 'balance_ledger', timestamps: false },
  );
}
