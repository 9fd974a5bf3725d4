import type { VersionRow } from '../db/version-row';
import { VersionedCache } from './versioned-cache';

/** A version row whose reads the test answers by hand. */
function manualRow() {
  const pending: ((v: string) => void)[] = [];
  const row = { read: () => new Promise<string>((resolve) => pending.push(resolve)), bump: async () => undefined };
  return { row: row as unknown as VersionRow, answer: (v: string) => pending.shift()!(v), pending };
}

describe('VersionedCache', () => {
  afterEach(() => jest.restoreAllMocks());

  it('waits for the first version check, then checks beside the callers and flushes when the version moved', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const { row, answer, pending } = manualRow();
    const cache = new VersionedCache(row);
    let loads = 0;
    const load = async () => ++loads;

    const first = cache.getOrLoad('k', load);
    expect(pending).toHaveLength(1);
    answer('1');
    expect(await first).toBe(1);

    // A check is due: the cached value is answered at once, not after the check (which is still open).
    now += 2_500;
    expect(await cache.getOrLoad('k', load)).toBe(1);
    expect(pending).toHaveLength(1);
    answer('2');
    await new Promise((r) => setImmediate(r));
    expect(await cache.getOrLoad('k', load)).toBe(2);
    expect(loads).toBe(2);
  });
});
