import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export type { Transaction };
type Params = unknown[] | Record<string, unknown>;

/** The MariaDB error code behind a Sequelize error (ER_DUP_ENTRY, ER_LOCK_DEADLOCK, …). */
export const dbErrorCode = (err: unknown) => (err as { original?: { code?: string } }).original?.code;
/** A unique key refused the write. */
export const isDuplicateKey = (err: unknown) => dbErrorCode(err) === 'ER_DUP_ENTRY';
/** `%text%` for LIKE, with the user's own % and _ taken literally. */
export const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Thin typed access to SQL for repositories: plain objects in and out, optional transaction.
 * Services open transactions through `transaction()`; routes never see one.
 */
export class Db {
  constructor(readonly sequelize: Sequelize) {}

  select<T extends object>(sql: string, params?: Params, transaction?: Transaction): Promise<T[]> {
    return this.sequelize.query<T>(sql, { replacements: params, type: QueryTypes.SELECT, transaction, raw: true });
  }

  async one<T extends object>(sql: string, params?: Params, transaction?: Transaction): Promise<T | undefined> {
    return (await this.select<T>(sql, params, transaction))[0];
  }

  /** INSERT/UPDATE/DELETE: how many rows it touched. */
  async execute(sql: string, params?: Params, transaction?: Transaction): Promise<{ affectedRows: number; insertId?: number }> {
    const [result] = (await this.sequelize.query(sql, { replacements: params, transaction, raw: true })) as [
      { affectedRows?: number; insertId?: number | bigint },
      unknown,
    ];
    return { affectedRows: Number(result?.affectedRows ?? 0), insertId: result?.insertId === undefined ? undefined : Number(result.insertId) };
  }

  /**
   * Runs `fn` in a transaction. A deadlock victim is retried (up to 3 attempts, with a short random
   * pause), as InnoDB expects: the transaction was rolled back whole, so running it again is safe.
   */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sequelize.transaction(fn);
      } catch (err) {
        const code = dbErrorCode(err);
        if (attempt >= 3 || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }
}
