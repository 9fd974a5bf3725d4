import { formatMoney, type Money } from '@bazaar/shared';
import { useState } from 'react';
import { useAdminProductQuery, useAdminProductsQuery } from '../admin.api';
import { Field } from '../ui';

/** A variant chosen to go into an order, with what staff saw of it. */
export interface PickedVariant {
  variantId: string;
  sku: string;
  label: string;
  unitPrice: Money;
  quantity: number;
}

/**
 * Finds a product in the admin catalog by name or SKU, then one of its variants and a quantity.
 * The prices and stock shown are the catalog's today; the server prices the line again.
 */
export function VariantPicker({ onPick }: { onPick: (picked: PickedVariant) => void }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [productId, setProductId] = useState('');
  const [variantId, setVariantId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const { data: found, isFetching } = useAdminProductsQuery({ q, limit: 10 }, { skip: !q });
  const { data: product } = useAdminProductQuery(productId, { skip: !productId });
  const variant = product?.variants.find((v) => v.id === variantId) ?? (product?.variants.length === 1 ? product.variants[0] : undefined);
  const count = /^\d+$/.test(quantity.trim()) ? Number(quantity) : 0;

  const search = () => {
    setQ(text.trim());
    setProductId('');
    setVariantId('');
  };
  const pick = () => {
    if (!product || !variant || count < 1) return;
    onPick({
      variantId: variant.id,
      sku: variant.sku,
      label: `${product.title}${variant.title ? ` — ${variant.title}` : ''}`,
      unitPrice: variant.price,
      quantity: count,
    });
    setProductId('');
    setVariantId('');
    setQuantity('1');
  };

  return (
    <fieldset className="space-y-2 rounded border p-3">
      <legend className="px-1 font-medium">Add a product</legend>
      <div className="flex items-end gap-2">
        <div className="grow">
          <Field label="Find a product (name or SKU)">
            <input
              type="search"
              className="input"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                search();
              }}
            />
          </Field>
        </div>
        <button type="button" className="btn" onClick={search}>
          Search
        </button>
      </div>
      {q && !productId && (
        <ul aria-label="Products found" className="space-y-1 text-sm">
          {isFetching && <li>Searching…</li>}
          {!isFetching && found?.items.length === 0 && <li>No product matches “{q}”.</li>}
          {found?.items.map((p) => (
            <li key={p.id}>
              <button type="button" className="underline" onClick={() => setProductId(p.id)}>
                {p.title}
              </button>{' '}
              <span className="text-gray-500">
                from {formatMoney(p.minPrice)}
                {p.inStock ? '' : ' · out of stock'}
              </span>
            </li>
          ))}
        </ul>
      )}
      {productId && !product && <p className="text-sm">Loading…</p>}
      {product && (
        <div className="flex flex-wrap items-end gap-2">
          <div className="grow">
            <Field label={`Variant of ${product.title}`}>
              <select className="input" value={variant?.id ?? ''} onChange={(e) => setVariantId(e.target.value)}>
                {!variant && <option value="">Choose…</option>}
                {product.variants.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.title || v.sku} · {v.sku} · {formatMoney(v.price)} · {v.available} available
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field label="Quantity to add">
            <input className="input w-20" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </Field>
          <button type="button" className="btn" disabled={!variant || count < 1} onClick={pick}>
            Add to the order
          </button>
          <button type="button" className="btn" onClick={() => setProductId('')}>
            Another product
          </button>
        </div>
      )}
    </fieldset>
  );
}
