import { ValueMemo } from './value-memo';

describe('ValueMemo', () => {
  it('keeps a value from the second request for the same key and inputs on, and builds a new one when an input changes', () => {
    const memo = new ValueMemo<object, { value: string }>();
    const page = {};
    let builds = 0;
    const build = (value: string) => () => {
      builds++;
      return { value };
    };
    const once = memo.get(page, ['in_stock'], build('a'));
    expect(once).toEqual({ value: 'a' });
    // Asked for once, nothing was kept: a value nobody asks for again is not held.
    const kept = memo.get(page, ['in_stock'], build('a'));
    expect(kept).not.toBe(once);
    expect(memo.get(page, ['in_stock'], build('a'))).toBe(kept);
    expect(builds).toBe(2);

    const changed = memo.get(page, ['low_stock'], build('b'));
    expect(changed).toEqual({ value: 'b' });
    expect(memo.get(page, ['low_stock'], build('b'))).not.toBe(changed);
    expect(memo.get(page, ['low_stock'], build('b'))).toBe(memo.get(page, ['low_stock'], build('b')));
    expect(memo.get({}, ['low_stock'], build('c'))).toEqual({ value: 'c' });
  });
});
