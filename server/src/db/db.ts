import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export type { Transaction };
type Params = unknown[] | Record<string, unknown>;

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

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.sequelize.transaction(fn);
  }
}
