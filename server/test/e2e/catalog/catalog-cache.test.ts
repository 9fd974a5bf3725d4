import { CatalogCache } from '../../../src/modules/catalog';
import { LIVE_STOCK_TTL_SECONDS } from '../../../src/modules/catalog/catalog.cache';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
let cache: CatalogCache;
beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => {
  cache = new CatalogCache(t.container.db);
});
afterEach(() => cache.close());
afterAll(() => t.close());

/** A loader that counts its calls and answers `value`, optionally doing something while it "reads". */
function loader<T>(value: T, during?: () => void) {
  const calls: number[] = [];
  const load = async () => {
    calls.push(1);
    during?.();
    return value;
  };
  return { load, calls };
}

describe('catalog cache', () => {
  it('keeps a loaded value until the catalog changes', async () => {
    const { load, calls } = loader('rows');
    expect(await cache.getOrLoad('lists', 'k', load)).toBe('rows');
    expect(await cache.getOrLoad('lists', 'k', load)).toBe('rows');
    expect(calls).toHaveLength(1);
    await cache.invalidate();
    await cache.getOrLoad('lists', 'k', load);
    expect(calls).toHaveLength(2);
  });

  it('serves but does not keep a value loaded while a write flushed the cache (it may predate the write)', async () => {
    const racing = loader('old rows', () => cache.flushLocal());
    expect(await cache.getOrLoad('lists', 'k', racing.load)).toBe('old rows');
    const next = loader('new rows');
    expect(await cache.getOrLoad('lists', 'k', next.load)).toBe('new rows');
    expect(next.calls).toHaveLength(1);
  });

  it('lets requests that miss together share one load, but not one that overlapped a flush', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls: string[] = [];
    const slow = (value: string) => async () => {
      calls.push(value);
      await gate;
      return value;
    };
    const first = cache.getOrLoad('facets', 'k', slow('before'));
    const joined = cache.getOrLoad('facets', 'k', slow('joined'));
    while (!calls.length) await new Promise((r) => setImmediate(r)); // the version check comes first
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['before']);
    cache.flushLocal(); // a write: the load under way may have read what it replaced
    const after = cache.getOrLoad('facets', 'k', slow('after'));
    release();
    expect(await Promise.all([first, joined, after])).toEqual(['before', 'before', 'after']);
    expect(calls).toEqual(['before', 'after']);
    // The load that overlapped the flush was not kept; the one after it was.
    expect(await cache.getOrLoad('facets', 'k', slow('again'))).toBe('after');
  });

  it('answers from the loader once a cache is full, instead of failing (node-cache throws ECACHEFULL)', async () => {
    const max = 5000; // the lists cache's maxKeys
    for (let i = 0; i < max; i++) await cache.getOrLoad('lists', `filler-${i}`, async () => i);
    const { load, calls } = loader('served anyway');
    expect(await cache.getOrLoad('lists', 'one-more', load)).toBe('served anyway');
    expect(await cache.getOrLoad('lists', 'one-more', load)).toBe('served anyway');
    expect(calls).toHaveLength(2);
    expect(await cache.getOrLoad('lists', 'filler-7', async () => -1)).toBe(7);
  });

  it('loads only the ids it lacks, in one call, and remembers ids the loader had nothing for', async () => {
    const asked: string[][] = [];
    const load = async (ids: string[]) => {
      asked.push(ids);
      return new Map(ids.filter((id) => id !== 'p3').map((id) => [id, `image of ${id}`]));
    };
    const first = await cache.getManyOrLoad<string | null>('images', 'first', ['p1', 'p2', 'p3'], load, null);
    expect([...first]).toEqual([
      ['p1', 'image of p1'],
      ['p2', 'image of p2'],
      ['p3', null],
    ]);
    const second = await cache.getManyOrLoad<string | null>('images', 'first', ['p2', 'p3', 'p4'], load, null);
    expect(second.get('p4')).toBe('image of p4');
    expect(second.get('p3')).toBeNull();
    expect(asked).toEqual([['p1', 'p2', 'p3'], ['p4']]);
  });

  it('forgets stock only for the products named, and does not keep a stock read that overlapped the change', async () => {
    const levels = (value: string) => async (ids: string[]) => new Map(ids.map((id) => [id, value]));
    await cache.getManyOrLoad('stock', 'availability', ['a', 'b'], levels('in_stock'), 'out_of_stock');
    cache.forgetStock(['a']);
    const after = await cache.getManyOrLoad('stock', 'availability', ['a', 'b'], levels('low_stock'), 'out_of_stock');
    expect(Object.fromEntries(after)).toEqual({ a: 'low_stock', b: 'in_stock' });

    const overlapping = async (ids: string[]) => {
      cache.forgetStock(['c']);
      return new Map(ids.map((id) => [id, 'in_stock']));
    };
    await cache.getManyOrLoad('stock', 'availability', ['c'], overlapping, 'out_of_stock');
    const reread = await cache.getManyOrLoad('stock', 'availability', ['c'], levels('out_of_stock'), 'in_stock');
    expect(reread.get('c')).toBe('out_of_stock');
  });

  it(`lets stock age at most ${LIVE_STOCK_TTL_SECONDS} s, so other processes' changes show up`, async () => {
    const levels = (value: string) => async (ids: string[]) => new Map(ids.map((id) => [id, value]));
    await cache.getManyOrLoad('stock', 'availability', ['x'], levels('in_stock'), 'out_of_stock');
    expect((await cache.getManyOrLoad('stock', 'availability', ['x'], levels('low_stock'), 'out_of_stock')).get('x')).toBe('in_stock');
    // Only the clock moves (node-cache compares Date.now() with each entry's expiry); timers stay real.
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'clearImmediate',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    try {
      jest.setSystemTime(Date.now() + (LIVE_STOCK_TTL_SECONDS + 1) * 1000);
      expect((await cache.getManyOrLoad('stock', 'availability', ['x'], levels('low_stock'), 'out_of_stock')).get('x')).toBe('low_stock');
    } finally {
      jest.useRealTimers();
    }
  });
  it('says whether what was read under a stamp still holds: no stock or image entry changed, none expired', async () => {
    const levels = (value: string) => async (ids: string[]) => new Map(ids.map((id) => [id, value]));
    await cache.getManyOrLoad('stock', 'availability', ['a', 'b'], levels('in_stock'), 'out_of_stock');
    await cache.getManyOrLoad('images', 'first', ['a'], levels('img'), null);
    const readAll = async () => {
      const stamp = cache.stamp();
      await cache.getManyOrLoad('stock', 'availability', ['a', 'b'], levels('low_stock'), 'out_of_stock', stamp);
      await cache.getManyOrLoad('images', 'first', ['a'], levels('other'), null, stamp);
      return stamp;
    };
    const stamp = await readAll();
    expect(cache.unchangedSince(stamp)).toBe(true);
    // Reads change nothing; a load of another product's stock, a forget, an image load or a flush do.
    await cache.getManyOrLoad('stock', 'availability', ['a'], levels('x'), 'out_of_stock');
    expect(cache.unchangedSince(stamp)).toBe(true);
    await cache.getManyOrLoad('stock', 'availability', ['c'], levels('in_stock'), 'out_of_stock');
    expect(cache.unchangedSince(stamp)).toBe(false);
    for (const change of [
      () => cache.forgetStock(['b']),
      () => cache.getManyOrLoad('images', 'first', ['z'], levels('img'), null),
      () => cache.flushLocal(),
    ]) {
      await cache.getManyOrLoad('stock', 'availability', ['a', 'b'], levels('in_stock'), 'out_of_stock');
      await cache.getManyOrLoad('images', 'first', ['a'], levels('img'), null);
      const before = await readAll();
      expect(cache.unchangedSince(before)).toBe(true);
      await change();
      expect(cache.unchangedSince(before)).toBe(false);
    }
    // Nothing read it, so node-cache has not noticed the expiry: the stamp's time bound has.
    const fresh = await readAll();
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'clearImmediate',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    try {
      jest.setSystemTime(Date.now() + (LIVE_STOCK_TTL_SECONDS + 1) * 1000);
      expect(cache.unchangedSince(fresh)).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
