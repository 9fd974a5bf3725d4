import NodeCache from 'node-cache';
import type { Db, Transaction } from '../../db/db';
import { CatalogCacheRepository } from './catalog-cache.repository';

/** How often a process asks MariaDB whether another process changed the catalog. */
const VERSION_CHECK_MS = 2_000;
/**
 * How long live stock (availability levels, variants with their counts) may be served from memory.
 * This process drops a product's entry the moment it changes that product's stock; other processes
 * see the change within this time, the same bound as the catalog version check above.
 */
export const LIVE_STOCK_TTL_SECONDS = 2;

/** What the 'stock' cache holds per product, as key prefixes (`availability:<productId>`). */
export const STOCK_KINDS = ['availability', 'variants'] as const;

export type CatalogCacheName = 'lists' | 'details' | 'tree' | 'search' | 'images' | 'stock' | 'facets';
/** The caches whose entries summaries are built from per request (availability, first images). */
const LIVE_CACHES = ['stock', 'images'] as const;

/** See CatalogCache.stamp. */
export interface CacheStamp {
  changes: number;
  /** The earliest expiry (ms since the epoch) of the entries read under this stamp. */
  until: number;
}

/**
 * Per-process caches for catalog reads (lists and details 30 min, the category tree 1 h, search
 * results 15 min, keyed by the normalised query; each product's first image 30 min;
 * each category set's list facet 30 min, in a cache of its own so that distinct list
 * queries filling 'lists' never crowd it out). Every
 * catalog write bumps a version row in MariaDB and flushes this process at once; other processes
 * see the new version within two seconds and flush too.
 *
 * Stock is the exception: it changes with every order, so it is never part of those entries.
 * It has its own short-lived cache ('stock', LIVE_STOCK_TTL_SECONDS), from which the products
 * whose stock this process changes are dropped after each commit (`forgetStock`).
 *
 * A value loaded while the cache was flushed is not stored: it may have been read before the
 * write that caused the flush committed.
 */
export class CatalogCache {
  private readonly caches: Record<CatalogCacheName, NodeCache> = {
    lists: new NodeCache({ stdTTL: 1800, checkperiod: 300, useClones: false, maxKeys: 5000 }),
    details: new NodeCache({ stdTTL: 1800, checkperiod: 300, useClones: false, maxKeys: 5000 }),
    tree: new NodeCache({ stdTTL: 3600, checkperiod: 600, useClones: false }),
    search: new NodeCache({ stdTTL: 900, checkperiod: 300, useClones: false, maxKeys: 10000 }),
    images: new NodeCache({ stdTTL: 1800, checkperiod: 300, useClones: false, maxKeys: 100_000 }),
    stock: new NodeCache({ stdTTL: LIVE_STOCK_TTL_SECONDS, checkperiod: 10, useClones: false, maxKeys: 100_000 }),
    facets: new NodeCache({ stdTTL: 1800, checkperiod: 300, useClones: false, maxKeys: 500 }),
  };
  /** Bumped by every flush (and, for 'stock', every forget): loads that overlapped one are not stored. */
  private readonly generation: Record<CatalogCacheName, number> = {
    lists: 0,
    details: 0,
    tree: 0,
    search: 0,
    images: 0,
    stock: 0,
    facets: 0,
  };
  /** Loads under way, per cache and key: requests that miss together share one load (see getOrLoad). */
  private readonly loading = new Map<string, { generation: number; value: Promise<unknown> }>();
  readonly stats: Record<CatalogCacheName, { hits: number; misses: number }> = {
    lists: { hits: 0, misses: 0 },
    details: { hits: 0, misses: 0 },
    tree: { hits: 0, misses: 0 },
    search: { hits: 0, misses: 0 },
    images: { hits: 0, misses: 0 },
    stock: { hits: 0, misses: 0 },
    facets: { hits: 0, misses: 0 },
  };
  private version: string | undefined;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;

  /** Every set, drop, expiry or flush of a 'stock' or 'images' entry (see `stamp`). */
  private liveChanges = 0;

  private readonly versions: CatalogCacheRepository;

  /** Built from a `Db` (the CLI and the seeders make their own): the version row is its only data access. */
  constructor(db: Db) {
    this.versions = new CatalogCacheRepository(db);
    for (const name of LIVE_CACHES)
      for (const event of ['set', 'del', 'expired', 'flush']) this.caches[name].on(event, () => this.liveChanges++);
  }

  /**
   * For remembering something derived from 'stock' and 'images' entries: pass the stamp to the
   * getManyOrLoad calls that read them, then `unchangedSince(stamp)` says whether it still holds.
   */
  stamp(): CacheStamp {
    return { changes: this.liveChanges, until: Infinity };
  }

  /**
   * True while no 'stock' or 'images' entry was set, dropped, expired or flushed since the stamp
   * was taken, and none of the entries read under it has reached its expiry time (an expiry is
   * only noticed when the entry is read, so the time bound keeps live stock at most
   * LIVE_STOCK_TTL_SECONDS old, as reading the entries would).
   */
  unchangedSince(stamp: CacheStamp): boolean {
    return stamp.changes === this.liveChanges && Date.now() < stamp.until;
  }

  async getOrLoad<T>(name: CatalogCacheName, key: string, load: () => Promise<T>): Promise<T> {
    await this.syncVersion();
    const cache = this.caches[name];
    const hit = cache.get<T>(key);
    if (hit !== undefined) {
      this.stats[name].hits++;
      return hit;
    }
    this.stats[name].misses++;
    // Requests that miss the same key while it loads wait for that load instead of each running
    // its own (after a flush, every concurrent list request would otherwise scan its category
    // set). Only a load started in the current generation is joined: one that overlapped a flush
    // may predate the write.
    const generation = this.generation[name];
    const loadKey = `${name}\u0000${key}`;
    const running = this.loading.get(loadKey);
    if (running && running.generation === generation) return running.value as Promise<T>;
    const value = load();
    const entry = { generation, value: value as Promise<unknown> };
    this.loading.set(loadKey, entry);
    try {
      const loaded = await value;
      if (generation === this.generation[name]) this.store(name, key, loaded);
      return loaded;
    } finally {
      if (this.loading.get(loadKey) === entry) this.loading.delete(loadKey);
    }
  }

  /**
   * One value per id, loading only the ids not cached (in one call). Ids the loader does not
   * return get `absent`, which is cached too (a product without images is not asked about again).
   */
  async getManyOrLoad<T>(
    name: CatalogCacheName,
    prefix: string,
    ids: string[],
    load: (missing: string[]) => Promise<Map<string, T>>,
    absent: T,
    stamp?: CacheStamp,
  ): Promise<Map<string, T>> {
    await this.syncVersion();
    const cache = this.caches[name];
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const id of ids) {
      const key = `${prefix}:${id}`;
      const hit = cache.get<T>(key);
      if (hit === undefined) missing.push(id);
      else {
        found.set(id, hit);
        if (stamp) stamp.until = Math.min(stamp.until, cache.getTtl(key) || Infinity);
      }
    }
    this.stats[name].hits += found.size;
    this.stats[name].misses += missing.length;
    if (!missing.length) return found;
    const generation = this.generation[name];
    const loaded = await load(missing);
    const fresh = generation === this.generation[name];
    for (const id of missing) {
      const value = loaded.has(id) ? loaded.get(id)! : absent;
      found.set(id, value);
      if (fresh) this.store(name, `${prefix}:${id}`, value);
    }
    return found;
  }

  /** node-cache throws once maxKeys is reached; a full cache then serves loads without keeping them. */
  private store(name: CatalogCacheName, key: string, value: unknown): void {
    const cache = this.caches[name];
    const max = cache.options.maxKeys ?? -1;
    if (max >= 0 && cache.getStats().keys >= max && !cache.has(key)) return;
    cache.set(key, value);
  }

  /** After this process changed these products' stock (committed): their live stock is read again. */
  forgetStock(productIds: string[]): void {
    this.generation.stock++;
    this.caches.stock.del(productIds.flatMap((id) => STOCK_KINDS.map((kind) => `${kind}:${id}`)));
  }

  /** Called by every catalog write (inside its transaction when there is one). */
  async invalidate(tx?: Transaction): Promise<void> {
    await this.versions.bumpVersion(tx);
    const flush = () => {
      this.flushLocal();
      this.checkedAt = 0; // re-read the version on the next request
    };
    flush();
    tx?.afterCommit(flush);
  }

  flushLocal(): void {
    for (const name of Object.keys(this.caches) as CatalogCacheName[]) {
      this.generation[name]++;
      this.caches[name].flushAll();
    }
  }

  private async syncVersion(): Promise<void> {
    if (Date.now() - this.checkedAt < VERSION_CHECK_MS) return;
    this.checking ??= (async () => {
      const current = await this.versions.version();
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
