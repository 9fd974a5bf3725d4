import NodeCache from 'node-cache';
import type { Db, Transaction } from '../db/db';
import type { VersionRow } from '../db/version-row';

/** How often a process asks MariaDB whether another process changed what it caches. */
const VERSION_CHECK_MS = 2_000;

/**
 * A per-process cache of data every process shares (markets, rates, translations): writers bump
 * the version row in their transaction and flush their own process's copy; every other process sees
 * the new version within two seconds and flushes too. A value loaded while a flush happened is
 * returned but not kept: it may predate the write.
 */
export class VersionedCache {
  private readonly cache: NodeCache;
  private version: string | undefined;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;
  private generation = 0;

  constructor(
    private readonly row: VersionRow,
    options: { ttlSeconds?: number; maxKeys?: number } = {},
  ) {
    this.cache = new NodeCache({
      stdTTL: options.ttlSeconds ?? 1800,
      checkperiod: 300,
      useClones: false,
      maxKeys: options.maxKeys ?? 100_000,
    });
  }

  private async sync(): Promise<void> {
    if (Date.now() - this.checkedAt < VERSION_CHECK_MS) return;
    this.checking ??= (async () => {
      try {
        const version = await this.row.read();
        if (version !== this.version) this.flush();
        this.version = version;
        this.checkedAt = Date.now();
      } finally {
        this.checking = undefined;
      }
    })();
    // Once the version is known, a due check runs beside the request instead of in front of it: a
    // caller holding a transaction's connection never waits for another one from the pool (many
    // at once would starve it). A failed check is retried by the next caller.
    if (this.version !== undefined) {
      this.checking.catch(() => undefined);
      return;
    }
    await this.checking;
  }

  flush(): void {
    this.generation++;
    this.cache.flushAll();
  }

  /** Tells every process (and this one, at once) that the data changed: call inside the writer's transaction. */
  async changed(tx: Transaction): Promise<void> {
    await this.row.bump(tx);
    this.flush();
  }

  /** After the writer's transaction committed: this process must not keep what it loaded meanwhile. */
  committed(): void {
    this.flush();
  }

  /** A write of the cached data: the version moves in its transaction, and this process forgets its copy once it commits. */
  async write<T>(db: Db, change: (tx: Transaction) => Promise<T>): Promise<T> {
    const result = await db.transaction(async (tx) => {
      const value = await change(tx);
      await this.changed(tx);
      return value;
    });
    this.committed();
    return result;
  }

  /**
   * The cached value, without loading or waiting for anything (a due version check starts beside
   * the caller); undefined when it is not cached or the version was never checked. For callers
   * inside a transaction, which load a miss on their own connection.
   */
  peek<T>(key: string): T | undefined {
    if (this.version === undefined) return undefined;
    void this.sync().catch(() => undefined);
    return this.cache.get<T>(key);
  }

  /** Keeps a value a caller loaded itself (see `peek`), unless a flush happened since `generation`. */
  keep<T>(key: string, value: T, generation: number): void {
    if (generation === this.generation) this.cache.set(key, value);
  }

  /** The flush count, to pass to `keep` for a value about to be loaded. */
  get currentGeneration(): number {
    return this.generation;
  }

  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    await this.sync();
    const hit = this.cache.get<T>(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) this.cache.set(key, value);
    return value;
  }

  /** One value per key, loading only the keys not cached, in one call; keys the loader leaves out get `absent`. */
  async getManyOrLoad<T>(keys: string[], load: (missing: string[]) => Promise<Map<string, T>>, absent: T): Promise<Map<string, T>> {
    await this.sync();
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const hit = this.cache.get<T>(key);
      if (hit === undefined) missing.push(key);
      else found.set(key, hit);
    }
    if (missing.length) {
      const generation = this.generation;
      const loaded = await load(missing);
      for (const key of missing) {
        const value = loaded.get(key) ?? absent;
        found.set(key, value);
        if (generation === this.generation) this.cache.set(key, value);
      }
    }
    return found;
  }
}
