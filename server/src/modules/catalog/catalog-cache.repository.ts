import type { Db, Transaction } from '../../db/db';

const VERSION_KEY = 'catalog.version';

/** The catalog version row (in `settings`) that tells every process the catalog changed (see CatalogCache). */
export class CatalogCacheRepository {
  constructor(private readonly db: Db) {}

  /** Adds one to the version (the first bump makes it 1). */
  async bumpVersion(tx?: Transaction): Promise<void> {
    await this.db.execute(
      `INSERT INTO settings (\`key\`, value, updated_at) VALUES (?, '1', UTC_TIMESTAMP(3))
       ON DUPLICATE KEY UPDATE value = CAST(value AS UNSIGNED) + 1, updated_at = UTC_TIMESTAMP(3)`,
      [VERSION_KEY],
      tx,
    );
  }

  /** The current version as text; '0' before the first bump. */
  async version(): Promise<string> {
    const row = await this.db.one<{ value: unknown }>('SELECT value FROM settings WHERE `key` = ?', [VERSION_KEY]);
    return row ? String(row.value) : '0';
  }
}
