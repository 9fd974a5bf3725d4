/** One option and its values as typed in the editor: "Size" / "S, M, L". */
export interface OptionAxis {
  name: string;
  values: string;
}

export interface VariantDraft {
  options: Record<string, string>;
  sku: string;
  price: string;
  stock: string;
}

const skuPart = (value: string) =>
  value
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Every combination of the option values (the options matrix), keeping what was already typed for
 * a combination that still exists. With no options there is one variant without options.
 */
export function buildMatrix(
  axes: OptionAxis[],
  skuPrefix: string,
  defaults: { price: string; stock: string },
  previous: VariantDraft[] = [],
): VariantDraft[] {
  const used = axes
    .map((a) => ({
      name: a.name.trim(),
      values: [
        ...new Set(
          a.values
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        ),
      ],
    }))
    .filter((a) => a.name && a.values.length > 0);
  let combos: Record<string, string>[] = [{}];
  for (const axis of used) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v })));
  const key = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort());
  const kept = new Map(previous.map((v) => [key(v.options), v]));
  const prefix = skuPart(skuPrefix) || 'SKU';
  return combos.map(
    (options) =>
      kept.get(key(options)) ?? {
        options,
        sku: [prefix, ...Object.values(options).map(skuPart)].join('-'),
        price: defaults.price,
        stock: defaults.stock,
      },
  );
}
