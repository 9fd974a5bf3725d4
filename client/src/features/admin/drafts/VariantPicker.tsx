import { formatMoney } from '@bazaar/shared';
import { useState } from 'react';
import { useAdminProductQuery, useAdminProductsQuery } from '../admin.api';
import { Field } from '../ui';
import type { DraftLine } from './draft-form';

/** Adding a line: find a product, choose its variant and how many. */
export function VariantPicker({ onAdd }: { onAdd: (line: DraftLine) => void }) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [productId, setProductId] = useState<string>();
  const [variantId, setVariantId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const { data: found, isFetching } = useAdminProductsQuery({ q: search, limit: 10 }, { skip: !search });
  const { data: product } = useAdminProductQuery(productId ?? '', { skip: !productId });
  const variant = product?.variants.find((v) => v.id === variantId);
  const find = () => {
    setSearch(query.trim());
    setProductId(undefined);
  };

  return (
    <fieldset className="space-y-3 rounded border p-3">
      <legend className="px-1 text-sm font-medium">Add a line</legend>
      <div className="flex items-end gap-2">
        <Field label="Find a product">
          <input
            type="search"
            className="input"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            // Enter searches here; it must not save the draft.
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              find();
            }}
          />
        </Field>
        <button type="button" className="btn" onClick={find}>
          Search
        </button>
      </div>
      {search && !productId && (
        <ul aria-label="Products found" className="space-y-1 text-sm">
          {found?.items.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="underline"
                onClick={() => {
                  setProductId(p.id);
                  setVariantId('');
                }}
              >
                {p.title}
              </button>{' '}
              <span className="text-gray-600">
                from {formatMoney(p.minPrice)} · {p.variantCount} {p.variantCount === 1 ? 'variant' : 'variants'}
              </span>
            </li>
          ))}
          {found?.items.length === 0 && <li>No product matches “{search}”.</li>}
          {!found && isFetching && <li>Searching…</li>}
        </ul>
      )}
      {product && (
        <div className="flex flex-wrap items-end gap-2">
          <Field label={`Variant of ${product.title}`}>
            <select className="input" value={variantId} onChange={(e) => setVariantId(e.target.value)}>
              <option value="">Choose…</option>
              {product.variants.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.title || 'Default'} · {v.sku} · {formatMoney(v.price)} · {v.available} available
                </option>
              ))}
            </select>
          </Field>
          <Field label="Quantity">
            <input type="number" min={1} className="input w-24" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </Field>
          <button
            type="button"
            className="btn"
            disabled={!variant}
            onClick={() => {
              if (!variant) return;
              onAdd({
                variantId: variant.id,
                label: `${product.title}${variant.title ? ` — ${variant.title}` : ''} (${variant.sku})`,
                price: variant.price,
                quantity,
                customPrice: '',
              });
              setProductId(undefined);
              setSearch('');
              setQuery('');
              setQuantity('1');
            }}
          >
            Add line
          </button>
        </div>
      )}
    </fieldset>
  );
}
