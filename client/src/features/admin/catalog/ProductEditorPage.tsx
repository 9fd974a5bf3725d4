import { ProductInput, ProductStatus, ProductUpdate, type AdminProduct } from '@bazaar/shared';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { toFriendlyError } from '../../../api/errors';
import { parseMoneyInput } from '../../../components/format';
import { useStorefrontConfigQuery } from '../../checkout/checkout.api';
import {
  useAdminCategoriesQuery,
  useAdminProductQuery,
  useCreateProductMutation,
  useDeleteProductMutation,
  useUpdateProductMutation,
} from '../admin.api';
import { Dialog, Field, PageHeader, useAction } from '../ui';
import { GiftCardSettings, giftCardDraft, giftCardFields, type GiftCardDraft } from './GiftCardSettings';
import { ImageManager } from './ImageManager';
import { buildMatrix, type OptionAxis, type VariantDraft } from './variant-matrix';
import { VariantTable } from './VariantTable';
import { ProductLocales } from '../markets/ProductLocales';

/** The product fields as strings in the form; turned into the API's shape on save. */
interface Draft {
  title: string;
  slug: string;
  brand: string;
  description: string;
  tags: string;
  status: ProductStatus;
  finalSale: boolean;
  categoryIds: string[];
  seoTitle: string;
  seoDescription: string;
}

const fromProduct = (p?: AdminProduct): Draft => ({
  title: p?.title ?? '',
  slug: p?.slug ?? '',
  brand: p?.brand ?? '',
  description: p?.description ?? '',
  tags: p?.tags.join(', ') ?? '',
  status: p?.status ?? 'draft',
  finalSale: p?.finalSale ?? false,
  categoryIds: p?.categoryIds ?? [],
  seoTitle: p?.seoTitle ?? '',
  seoDescription: p?.seoDescription ?? '',
});

/** zod issue paths ("variants.0.sku") to messages for the form. */
const issuesToFields = (issues: { path: PropertyKey[]; message: string }[]) =>
  Object.fromEntries(issues.map((i) => [i.path.join('.'), i.message]));

export default function ProductEditorPage() {
  const { id } = useParams();
  const { data: product, error } = useAdminProductQuery(id ?? '', { skip: !id });
  if (id && error) return <p role="alert">This product could not be loaded.</p>;
  if (id && !product) return <p>Loading…</p>;
  // Keyed so that the form starts again from the saved product after navigation.
  return <ProductForm key={product?.id ?? 'new'} product={product} />;
}

function ProductForm({ product }: { product?: AdminProduct }) {
  const [draft, setDraft] = useState<Draft>(() => fromProduct(product));
  const [gift, setGift] = useState<GiftCardDraft>(() => giftCardDraft(product));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [axes, setAxes] = useState<OptionAxis[]>([
    { name: 'Size', values: '' },
    { name: 'Colour', values: '' },
  ]);
  const [variants, setVariants] = useState<VariantDraft[]>(() => buildMatrix([], 'SKU', { price: '', stock: '0' }));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { data: categories = [] } = useAdminCategoriesQuery();
  const { data: shop } = useStorefrontConfigQuery();
  const currency = product?.currency ?? shop?.currency ?? 'USD';
  const [create, createState] = useCreateProductMutation();
  const [update, updateState] = useUpdateProductMutation();
  const [remove] = useDeleteProductMutation();
  const navigate = useNavigate();
  const act = useAction();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const fields = () => ({
    title: draft.title,
    ...(draft.slug.trim() ? { slug: draft.slug.trim() } : {}),
    description: draft.description,
    brand: draft.brand,
    tags: draft.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    status: draft.status,
    finalSale: draft.finalSale,
    categoryIds: draft.categoryIds,
  });

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const giftCard = giftCardFields(gift);
    const giftErrors = giftCard.ok ? {} : giftCard.errors;
    if (product) {
      if (!giftCard.ok) return setErrors(giftErrors);
      const parsed = ProductUpdate.safeParse({
        ...fields(),
        ...giftCard.fields,
        seoTitle: draft.seoTitle.trim() || null,
        seoDescription: draft.seoDescription.trim() || null,
      });
      if (!parsed.success) return setErrors(issuesToFields(parsed.error.issues));
      setErrors({});
      await act(() => update({ id: product.id, changes: parsed.data }).unwrap(), 'Product saved');
      return;
    }
    const priceErrors: Record<string, string> = {};
    const variantInputs = variants.map((v, i) => {
      const amount = parseMoneyInput(v.price);
      if (amount === undefined) priceErrors[`variants.${i}.price.amount`] = 'Enter a price like 19.99';
      return {
        sku: v.sku,
        options: v.options,
        title: Object.values(v.options).join(' / ') || undefined,
        price: { amount: amount ?? 0, currency },
        stock: { onHand: Number(v.stock) || 0 },
      };
    });
    const parsed = ProductInput.safeParse({
      ...fields(),
      ...(giftCard.ok ? giftCard.fields : {}),
      ...(draft.seoTitle.trim() ? { seoTitle: draft.seoTitle.trim() } : {}),
      ...(draft.seoDescription.trim() ? { seoDescription: draft.seoDescription.trim() } : {}),
      variants: variantInputs,
    });
    const found = { ...(parsed.success ? {} : issuesToFields(parsed.error.issues)), ...priceErrors, ...giftErrors };
    setErrors(found);
    if (!parsed.success || Object.keys(found).length) return;
    try {
      const created = await create(parsed.data).unwrap();
      navigate(`/admin/products/${created.id}`, { replace: true });
    } catch (err) {
      const friendly = toFriendlyError(err);
      setErrors(friendly.fields);
      await act(() => Promise.reject(err));
    }
  };

  const text = (key: 'title' | 'slug' | 'brand' | 'seoTitle', label: string, hint?: string) => (
    <Field label={label} error={errors[key]} hint={hint}>
      <input className="input" value={draft[key]} onChange={(e) => set(key, e.target.value)} />
    </Field>
  );

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/products" className="underline">
          ← Products
        </Link>
      </p>
      <PageHeader title={product ? `Edit ${product.title}` : 'New product'}>
        {product && product.status === 'active' && (
          <a className="btn" href={`/p/${product.slug}`} target="_blank" rel="noreferrer">
            View in shop
          </a>
        )}
        {product && (
          <button type="button" className="btn-danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        )}
      </PageHeader>
      <form onSubmit={save} noValidate className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-3 lg:col-span-2">
          {text('title', 'Title')}
          <div className="grid grid-cols-2 gap-3">
            {text('slug', 'URL slug', 'Leave empty to generate it from the title')}
            {text('brand', 'Brand')}
          </div>
          <Field label="Description" error={errors.description}>
            <textarea className="input min-h-32" value={draft.description} onChange={(e) => set('description', e.target.value)} />
          </Field>
          <Field label="Tags" hint="Separated by commas" error={errors.tags}>
            <input className="input" value={draft.tags} onChange={(e) => set('tags', e.target.value)} />
          </Field>
          <fieldset className="space-y-3 rounded border p-3">
            <legend className="px-1 text-sm font-medium">Search engines</legend>
            {text('seoTitle', 'SEO title', 'Defaults to the title')}
            <Field label="SEO description" hint={`${draft.seoDescription.length}/320`} error={errors.seoDescription}>
              <textarea
                className="input"
                maxLength={320}
                value={draft.seoDescription}
                onChange={(e) => set('seoDescription', e.target.value)}
              />
            </Field>
          </fieldset>
        </div>
        <div className="space-y-3">
          <Field label="Status" error={errors.status}>
            <select className="input" value={draft.status} onChange={(e) => set('status', e.target.value as ProductStatus)}>
              {ProductStatus.options.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft.finalSale} onChange={(e) => set('finalSale', e.target.checked)} />
            Final sale (cannot be returned)
          </label>
          <GiftCardSettings value={gift} errors={errors} currency={currency} onChange={setGift} />
          <Field label="Categories" hint="The first chosen is the main one (breadcrumbs)" error={errors.categoryIds}>
            <select
              multiple
              className="input h-40"
              value={draft.categoryIds}
              onChange={(e) =>
                set(
                  'categoryIds',
                  [...e.target.selectedOptions].map((o) => o.value),
                )
              }
            >
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="btn-primary w-full" disabled={createState.isLoading || updateState.isLoading}>
            {product ? 'Save product' : 'Create product'}
          </button>
        </div>

        {!product && (
          <fieldset className="space-y-3 rounded border p-3 lg:col-span-3">
            <legend className="px-1 text-sm font-medium">Variants (options matrix, prices in {currency})</legend>
            <div className="grid gap-3 md:grid-cols-2">
              {axes.map((axis, i) => (
                <div key={i} className="grid grid-cols-3 gap-2">
                  <Field label={`Option ${i + 1}`}>
                    <input
                      className="input"
                      value={axis.name}
                      onChange={(e) => setAxes(axes.map((a, j) => (j === i ? { ...a, name: e.target.value } : a)))}
                    />
                  </Field>
                  <div className="col-span-2">
                    <Field label={`${axis.name || `Option ${i + 1}`} values`} hint="Separated by commas">
                      <input
                        className="input"
                        value={axis.values}
                        onChange={(e) => {
                          const next = axes.map((a, j) => (j === i ? { ...a, values: e.target.value } : a));
                          setAxes(next);
                          setVariants((prev) =>
                            buildMatrix(
                              next,
                              draft.title.slice(0, 12),
                              { price: prev[0]?.price ?? '', stock: prev[0]?.stock ?? '0' },
                              prev,
                            ),
                          );
                        }}
                      />
                    </Field>
                  </div>
                </div>
              ))}
            </div>
            {errors.variants && <p className="text-xs text-red-700">{errors.variants}</p>}
            <table className="w-full text-sm">
              <caption className="sr-only">Variants to create</caption>
              <thead className="text-left text-xs uppercase text-gray-600">
                <tr>
                  <th>Options</th>
                  <th>SKU</th>
                  <th>Price</th>
                  <th>Stock</th>
                </tr>
              </thead>
              <tbody>
                {variants.map((v, i) => {
                  const change = (key: 'sku' | 'price' | 'stock', value: string) =>
                    setVariants(variants.map((x, j) => (j === i ? { ...x, [key]: value } : x)));
                  const label = Object.values(v.options).join(' / ') || 'Default';
                  return (
                    <tr key={i} className="border-t">
                      <td className="py-1">{label}</td>
                      <td>
                        <input
                          aria-label={`SKU of ${label}`}
                          className="input"
                          value={v.sku}
                          onChange={(e) => change('sku', e.target.value)}
                        />
                        {errors[`variants.${i}.sku`] && <span className="text-xs text-red-700">{errors[`variants.${i}.sku`]}</span>}
                      </td>
                      <td>
                        <input
                          aria-label={`Price of ${label}`}
                          className="input"
                          inputMode="decimal"
                          value={v.price}
                          onChange={(e) => change('price', e.target.value)}
                        />
                        {errors[`variants.${i}.price.amount`] && (
                          <span className="text-xs text-red-700">{errors[`variants.${i}.price.amount`]}</span>
                        )}
                      </td>
                      <td>
                        <input
                          aria-label={`Stock of ${label}`}
                          type="number"
                          min={0}
                          className="input"
                          value={v.stock}
                          onChange={(e) => change('stock', e.target.value)}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </fieldset>
        )}
      </form>

      {product && (
        <div className="mt-8 space-y-8">
          <VariantTable product={product} />
          <ImageManager product={product} />
          <ProductLocales product={product} />
        </div>
      )}

      <Dialog open={confirmDelete} title={`Delete ${product?.title ?? ''}?`} onClose={() => setConfirmDelete(false)}>
        <p className="mb-4 text-sm">
          The product, its variants, images and stock are removed; past orders keep their copy of the lines. Archiving keeps it instead.
        </p>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
          <button
            type="button"
            className="btn-danger"
            onClick={async () => {
              if (
                product &&
                (await act(
                  () =>
                    remove(product.id)
                      .unwrap()
                      .then(() => true),
                  'Product deleted',
                ))
              )
                navigate('/admin/products');
            }}
          >
            Delete product
          </button>
        </div>
      </Dialog>
    </>
  );
}
