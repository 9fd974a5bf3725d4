import NodeCache from 'node-cache';
import type { Db, Transaction } from '../../db/db';

const VERSION_KEY = 'catalog.version';
/** How often a process asks MariaDB whether another process changed the catalog. */
const VERSION_CHECK_MS = 2_000;

export type CatalogCacheName = 'lists' | 'details' | 'tree' | 'search';

/**
 * Per-process caches for catalog reads (lists and details 30 min, the category tree 1 h, search
 * results 15 min, keyed by
 * the normalised query). Every catalog write bumps a version row in MariaDB and flushes this
 * process at once; other processes see the new version within two seconds and flush too. Stock
 * levels are never cached here (they are read live), so orders do not churn the cache.
 */
export class CatalogCache {
  private readonly caches: Record<CatalogCacheName, NodeCache> = {
    lists: new NodeCache({ stdTTL: 1800, checkperiod: 300, useClones: false, maxKeys: 5000 }),
    details: new NodeCache({ stdTTL: 1800, checkperiod: 300, useClones: false, maxKeys: 5000 }),
    tree: new NodeCache({ stdTTL: 3600, checkperiod: 600, useClones: false }),
    search: new NodeCache({ stdTTL: 900, checkperiod: 300, useClones: false, maxKeys: 10000 }),
  };
  readonly stats: Record<CatalogCacheName, { hits: number; misses: number }> = {
    lists: { hits: 0, misses: 0 },
    details: { hits: 0, misses: 0 },
    tree: { hits: 0, misses: 0 },
    search: { hits: 0, misses: 0 },
  };
  private version: string | undefined;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  async getOrLoad<T>(name: CatalogCacheName, key: string, load: () => Promise<T>): Promise<T> {
    await this.syncVersion();
    const cache = this.caches[name];
    const hit = cache.get<T>(key);
    if (hit !== undefined) {
      this.stats[name].hits++;
      return hit;
    }
    this.stats[name].misses++;
    const value = await load();
    cache.set(key, value);
    return value;
  }

  /** Called by every catalog write (inside its transaction when there is one). */
  async invalidate(tx?: Transaction): Promise<void> {
    await this.db.execute(
      `INSERT INTO settings (\`key\`, value, updated_at) VALUES (?, '1', UTC_TIMESTAMP(3))
       ON DUPLICATE KEY UPDATE value = CAST(value AS UNSIGNED) + 1, updated_at = UTC_TIMESTAMP(3)`,
      [VERSION_KEY],
      tx,
    );
    const flush = () => {
      this.flushLocal();
      this.checkedAt = 0; // re-read the version on the next request
    };
    flush();
    tx?.afterCommit(flush);
  }

  flushLocal(): void {
    for (const cache of Object.values(this.caches)) cache.flushAll();
  }

  private async syncVersion(): Promise<void> {
    if (Date.now() - this.checkedAt < VERSION_CHECK_MS) return;
    this.checking ??= (async () => {
      const row = await this.db.one<{ value: unknown }>('SELECT value FROM settings WHERE `key` = ?', [VERSION_KEY]);
      const current = row ? String(row.value) : '0';
      if (current !== this.version) {
        if (this.version !== undefined) this.flushLocal();
        this.version = current;
      }
      this.checkedAt = Date.now();
    })().finally(() => (this.checking = undefined));
    await this.checking;
  }

  close(): void {
    for (const cache of Object.values(this.caches)) cache.close();
  }
}
