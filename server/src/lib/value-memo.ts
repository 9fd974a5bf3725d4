/**
 * One value per key object (a cached list page, a cached product), handed out again while the
 * other values it was built from are the very same (`===`): live stock levels, cached images.
 * The same object again lets whatever is derived from it per object (its serialised response body)
 * be reused too. Held weakly: it goes when the cache drops the key object.
 *
 * A value is kept from the second time the same key and inputs are asked for. Many are asked for
 * once (every list filter nobody repeats is a cached page): keeping each one (and its ~7 KB body)
 * for as long as the cache holds the page made a full list cache ~40 MB.
 */
export class ValueMemo<K extends object, V> {
  private readonly values = new WeakMap<K, { inputs: readonly unknown[]; value?: V }>();

  get(key: K, inputs: readonly unknown[], build: () => V): V {
    const memo = this.values.get(key);
    if (memo && memo.inputs.length === inputs.length && memo.inputs.every((v, i) => v === inputs[i])) return (memo.value ??= build());
    this.values.set(key, { inputs });
    return build();
  }
}
