import type { AdminProduct } from '@bazaar/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { parseMoneyInput, toMoneyInput } from '../../../components/format';
import { useAddVariantMutation, useDeleteVariantMutation, useUpdateVariantMutation } from '../admin.api';
import { useAction } from '../ui';

type Variant = AdminProduct['variants'][number];

/** A saved product's variants: price, SKU and stock settings edited in place, one row at a time. */
export function VariantTable({ product }: { product: AdminProduct }) {
  const [addVariant] = useAddVariantMutation();
  const act = useAction();
  const addRow = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const amount = parseMoneyInput(String(data.get('price')));
    if (amount === undefined) return act(() => Promise.reject(new Error('Enter a price like 19.99')));
    const title = String(data.get('title')).trim();
    const done = await act(
      () =>
        addVariant({
          productId: product.id,
          variant: {
            sku: String(data.get('sku')).trim(),
            ...(title ? { title } : {}),
            options: {},
            price: { amount, currency: product.currency },
            stock: { onHand: Number(data.get('stock')) || 0, lowStockThreshold: 5, allowBackorder: false },
          },
        }).unwrap(),
      'Variant added',
    );
    if (done) form.reset();
  };
  return (
    <section aria-labelledby="variants">
      <h2 id="variants" className="mb-2 text-lg font-semibold">
        Variants
      </h2>
      <div className="overflow-x-auto rounded border">
        <table className="w-full text-sm">
          <caption className="sr-only">Variants</caption>
          <thead className="bg-gray-50 text-left text-xs uppercase text-gray-600">
            <tr>
              <th className="px-2 py-2">Variant</th>
              <th className="px-2">SKU</th>
              <th className="px-2">Price ({product.currency})</th>
              <th className="px-2">Low-stock at</th>
              <th className="px-2">Backorder</th>
              <th className="px-2">Available</th>
              <th className="px-2" />
            </tr>
          </thead>
          <tbody>
            {product.variants.map((v) => (
              <VariantRow key={v.id} variant={v} canDelete={product.variants.length > 1} />
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={addRow} className="mt-3 flex flex-wrap items-end gap-2 text-sm" aria-label="Add a variant">
        <input name="title" placeholder="Title (e.g. XL / Blue)" aria-label="New variant title" className="input w-48" />
        <input name="sku" required placeholder="SKU" aria-label="New variant SKU" className="input w-40" />
        <input name="price" required placeholder="Price" inputMode="decimal" aria-label="New variant price" className="input w-28" />
        <input name="stock" type="number" min={0} placeholder="Stock" aria-label="New variant stock" className="input w-24" />
        <button type="submit" className="btn">
          Add variant
        </button>
      </form>
    </section>
  );
}

function VariantRow({ variant, canDelete }: { variant: Variant; canDelete: boolean }) {
  const [sku, setSku] = useState(variant.sku);
  const [price, setPrice] = useState(toMoneyInput(variant.price.amount));
  const [threshold, setThreshold] = useState(String(variant.lowStockThreshold));
  const [backorder, setBackorder] = useState(variant.allowBackorder);
  const [update, { isLoading }] = useUpdateVariantMutation();
  const [remove] = useDeleteVariantMutation();
  const act = useAction();
  const label = variant.title || variant.sku;
  const dirty =
    sku !== variant.sku ||
    price !== toMoneyInput(variant.price.amount) ||
    threshold !== String(variant.lowStockThreshold) ||
    backorder !== variant.allowBackorder;
  const save = () => {
    const amount = parseMoneyInput(price);
    if (amount === undefined) return act(() => Promise.reject(new Error(`Enter a price like 19.99 for ${label}`)));
    return act(
      () =>
        update({
          id: variant.id,
          changes: {
            sku,
            price: { amount, currency: variant.price.currency },
            lowStockThreshold: Number(threshold) || 0,
            allowBackorder: backorder,
          },
        }).unwrap(),
      `${label} saved`,
    );
  };
  return (
    <tr className="border-t">
      <td className="px-2 py-1">{variant.title || Object.values(variant.options).join(' / ') || '—'}</td>
      <td className="px-2">
        <input aria-label={`SKU of ${label}`} className="input" value={sku} onChange={(e) => setSku(e.target.value)} />
      </td>
      <td className="px-2">
        <input
          aria-label={`Price of ${label}`}
          className="input w-28"
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
        />
      </td>
      <td className="px-2">
        <input
          aria-label={`Low-stock threshold of ${label}`}
          type="number"
          min={0}
          className="input w-20"
          value={threshold}
          onChange={(e) => setThreshold(e.target.value)}
        />
      </td>
      <td className="px-2">
        <input
          aria-label={`Allow backorders of ${label}`}
          type="checkbox"
          checked={backorder}
          onChange={(e) => setBackorder(e.target.checked)}
        />
      </td>
      <td className="px-2">
        <Link className="underline" to={`/admin/inventory?q=${encodeURIComponent(variant.sku)}`}>
          {variant.available}
        </Link>
      </td>
      <td className="space-x-2 whitespace-nowrap px-2">
        <button type="button" className="btn" disabled={!dirty || isLoading} onClick={save}>
          Save
        </button>
        {canDelete && (
          <button
            type="button"
            className="btn"
            onClick={() => window.confirm(`Delete the variant ${label}?`) && act(() => remove(variant.id).unwrap(), `${label} deleted`)}
          >
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
