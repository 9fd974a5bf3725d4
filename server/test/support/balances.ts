import type { TestApp } from './test-app';

/** The ledger's sum and the stored balance of every account: they must always agree. */
export async function ledgerAgrees(t: TestApp): Promise<boolean> {
  const rows = await t.container.db.select<{ balance: number; s: number | null }>(
    'SELECT a.balance, (SELECT SUM(delta) FROM balance_ledger l WHERE l.account_id = a.id) AS s FROM balance_accounts a',
  );
  return rows.every((r) => Number(r.balance) === Number(r.s ?? 0));
}
