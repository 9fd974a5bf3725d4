import type { Db, Transaction } from './db';

/**
 * A counter row in `settings` that tells every process some shared data changed: a writer bumps it
 * (in its transaction), and each process's cache compares it with the one it last saw.
 */
export class VersionRow {
  constructor(
    private readonly db: Db,
    private readonly key: string,
  ) {}

  /** Adds one to the version (the first bump makes it 1). */
  async bump(tx?: Transaction): Promise<void> {
    await this.db.execute(
      `INSERT INTO settings (\`key\`, value, updated_at) VALUES (?, '1', UTC_TIMESTAMP(3))
       ON DUPLICATE KEY UPDATE value = CAST(value AS UNSIGNED) + 1, updated_at = UTC_TIMESTAMP(3)`,
      [this.key],
      tx,
    );
  }

  /** The current version as text; '0' before the first bump. */
  async read(): Promise<string> {
    const row = await this.db.one<{ value: unknown }>('SELECT value FROM settings WHERE `key` = ?', [this.key]);
    return row ? String(row.value) : '0';
  }
}
