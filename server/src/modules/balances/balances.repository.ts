import { col, fn } from 'sequelize';
import type { Db, Transaction } from '../../db/db';
import { BalanceAccount, BalanceLedgerEntry } from './balances.models';

export type AccountRecord = InstanceType<typeof BalanceAccount>['dataValues'];
export type LedgerRecord = InstanceType<typeof BalanceLedgerEntry>['dataValues'];

export interface Movement {
  delta: number;
  reason: LedgerRecord['reason'];
  referenceType?: string | null;
  referenceId?: string | null;
  actorUserId?: string | null;
  note?: string | null;
  at: Date;
}

/** Balance accounts and their ledger. */
export class BalancesRepository {
  constructor(private readonly db: Db) {}

  async storeCreditOf(userId: string, tx?: Transaction): Promise<AccountRecord | undefined> {
    const row = await BalanceAccount.findOne({ where: { userId, kind: 'store_credit' }, transaction: tx, raw: true });
    return row ?? undefined;
  }

  async byId(id: string): Promise<AccountRecord | undefined> {
    return (await BalanceAccount.findByPk(id, { raw: true })) ?? undefined;
  }

  async byCodeHash(codeHash: string, tx?: Transaction): Promise<AccountRecord | undefined> {
    return (await BalanceAccount.findOne({ where: { codeHash, kind: 'gift_card' }, transaction: tx, raw: true })) ?? undefined;
  }

  /** Creates the account; `ignoreDuplicate`: unless one exists for this owner (the unique key decides between racing creators). */
  async insert(a: Omit<AccountRecord, 'balance'>, tx: Transaction, ignoreDuplicate = false): Promise<void> {
    await BalanceAccount.bulkCreate([{ ...a, balance: 0 }], { ignoreDuplicates: ignoreDuplicate, transaction: tx });
  }

  /** The gift cards an order bought. */
  async byOrder(orderId: string, tx?: Transaction): Promise<AccountRecord[]> {
    return BalanceAccount.findAll({ where: { orderId, kind: 'gift_card' }, order: [['id', 'ASC']], transaction: tx, raw: true });
  }

  /** The cards an order line bought that have not been taken back, locked (in id order) until `tx` ends. */
  async heldOfLine(orderItemId: string, tx: Transaction): Promise<AccountRecord[]> {
    return BalanceAccount.findAll({
      where: { orderItemId, revokedAt: null },
      order: [['id', 'ASC']],
      lock: true,
      transaction: tx,
      raw: true,
    });
  }

  /** The cards an order bought that have not been taken back, locked (in id order) until `tx` ends. */
  async heldOfOrder(orderId: string, tx: Transaction): Promise<AccountRecord[]> {
    return BalanceAccount.findAll({
      where: { orderId, kind: 'gift_card', revokedAt: null },
      order: [['id', 'ASC']],
      lock: true,
      transaction: tx,
      raw: true,
    });
  }

  /** The card no longer keeps its recipient's address (its buyer's account was erased). */
  async forgetRecipient(id: string, tx: Transaction): Promise<void> {
    await BalanceAccount.update({ recipientEmail: null }, { where: { id }, transaction: tx });
  }

  /** A bought card's money was refunded: it is taken back for good. */
  async revoke(id: string, at: Date, tx: Transaction): Promise<void> {
    await BalanceAccount.update({ revokedAt: at }, { where: { id }, transaction: tx });
  }

  /** The account, its row locked until `tx` ends. */
  async lockAccount(id: string, tx: Transaction): Promise<AccountRecord | undefined> {
    return (await BalanceAccount.findByPk(id, { transaction: tx, lock: true, raw: true })) ?? undefined;
  }

  /** A card gets its code (stored hashed) when it is sent. */
  async setCode(id: string, codeHash: string, codeLast4: string, tx: Transaction): Promise<void> {
    await BalanceAccount.update({ codeHash, codeLast4 }, { where: { id }, transaction: tx });
  }

  /** What the account was issued with, in total. */
  async issuedAmount(accountId: string, tx?: Transaction): Promise<number> {
    return Number((await BalanceLedgerEntry.sum('delta', { where: { accountId, reason: 'issued' }, transaction: tx })) ?? 0);
  }

  async giftCards(limit: number): Promise<AccountRecord[]> {
    return BalanceAccount.findAll({ where: { kind: 'gift_card' }, order: [['createdAt', 'DESC']], limit, raw: true });
  }

  /** What each account has moved for one order so far (spent is negative, refunded and released positive). */
  async netByOrder(orderId: string, tx?: Transaction): Promise<{ account: AccountRecord; net: number }[]> {
    const sums = (await BalanceLedgerEntry.findAll({
      attributes: ['accountId', [fn('SUM', col('delta')), 'net']],
      where: { referenceType: 'order', referenceId: orderId },
      group: ['accountId'],
      transaction: tx,
      raw: true,
    })) as unknown as { accountId: string; net: string | number }[];
    if (!sums.length) return [];
    const accounts = await BalanceAccount.findAll({ where: { id: sums.map((s) => s.accountId) }, transaction: tx, raw: true });
    return accounts.map((account) => ({ account, net: Number(sums.find((s) => s.accountId === account.id)!.net) }));
  }

  async entries(accountId: string, limit: number): Promise<LedgerRecord[]> {
    return BalanceLedgerEntry.findAll({ where: { accountId }, order: [['id', 'DESC']], limit, raw: true });
  }

  /** Locking read: every movement on an account queues behind the one before it. */
  async lockBalance(accountId: string, tx: Transaction): Promise<number | undefined> {
    const row = await this.db.one<{ balance: number }>('SELECT balance FROM balance_accounts WHERE id = ? FOR UPDATE', [accountId], tx);
    return row === undefined ? undefined : Number(row.balance);
  }

  /** The new balance and its ledger row, in the caller's transaction (under `lockBalance`). */
  async record(accountId: string, balanceAfter: number, m: Movement, tx: Transaction): Promise<void> {
    await this.db.execute('UPDATE balance_accounts SET balance = ? WHERE id = ?', [balanceAfter, accountId], tx);
    await this.db.execute(
      'INSERT INTO balance_ledger (account_id, delta, balance_after, reason, reference_type, reference_id, actor_user_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        accountId,
        m.delta,
        balanceAfter,
        m.reason,
        m.referenceType ?? null,
        m.referenceId ?? null,
        m.actorUserId ?? null,
        m.note ?? null,
        m.at,
      ],
      tx,
    );
  }
}
