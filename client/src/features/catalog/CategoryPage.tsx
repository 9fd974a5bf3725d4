import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useUrlFilters } from '../../components/useUrlFilters';
import { Pagination, ProductGrid } from '../../components/ProductCard';
import { useBrandsQuery, useProductsQuery } from './catalog.api';

const SORTS = ['newest', 'price_asc', 'price_desc', 'rating', 'best_selling'] as const;

/** Filters live in the URL, so a filtered page can be shared, bookmarked and reloaded. */
export default function CategoryPage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const { get, set, page } = useUrlFilters();
  const query = {
    category: slug,
    sort: get('sort') ?? 'newest',
    page,
    limit: 24,
    price_min: get('price_min'),
    price_max: get('price_max'),
    in_stock: get('in_stock'),
    brand: get('brand'),
    rating: get('rating'),
  };
  const { data, isFetching, error } = useProductsQuery(query);
  const { data: brands = [] } = useBrandsQuery(slug);
  if (error) return <p role="alert">{t('catalog.categoryError')}</p>;
  return (
    <div className="grid gap-6 md:grid-cols-[220px_1fr]">
      <aside aria-label={t('catalog.filters')} className="space-y-4 text-sm">
        <div>
          <label htmlFor="sort" className="block font-medium">
            {t('catalog.sort')}
          </label>
          <select id="sort" value={query.sort} onChange={(e) => set('sort', e.target.value)} className="mt-1 w-full rounded border p-1">
            {SORTS.map((v) => (
              <option key={v} value={v}>
                {t(`catalog.sorts.${v}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="font-medium">{t('catalog.price')}</legend>
          <div className="mt-1 flex gap-2">
            <input
              aria-label={t('catalog.minPrice')}
              inputMode="numeric"
              defaultValue={get('price_min')}
              onBlur={(e) => set('price_min', e.target.value || undefined)}
              className="w-full rounded border p-1"
            />
            <input
              aria-label={t('catalog.maxPrice')}
              inputMode="numeric"
              defaultValue={get('price_max')}
              onBlur={(e) => set('price_max', e.target.value || undefined)}
              className="w-full rounded border p-1"
            />
          </div>
        </fieldset>
        <div>
          <label htmlFor="brand" className="block font-medium">
            {t('catalog.brand')}
          </label>
          <select
            id="brand"
            value={get('brand') ?? ''}
            onChange={(e) => set('brand', e.target.value || undefined)}
            className="mt-1 w-full rounded border p-1"
          >
            <option value="">{t('catalog.allBrands')}</option>
            {brands.map((b) => (
              <option key={b.value} value={b.value}>
                {b.value} ({b.count})
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={get('in_stock') === 'true'}
            onChange={(e) => set('in_stock', e.target.checked ? 'true' : undefined)}
          />{' '}
          {t('catalog.inStockOnly')}
        </label>
        <div>
          <label htmlFor="rating" className="block font-medium">
            {t('catalog.rating')}
          </label>
          <select
            id="rating"
            value={get('rating') ?? ''}
            onChange={(e) => set('rating', e.target.value || undefined)}
            className="mt-1 w-full rounded border p-1"
          >
            <option value="">{t('catalog.anyRating')}</option>
            {[4, 3, 2].map((r) => (
              <option key={r} value={r}>
                {t('catalog.starsAndUp', { count: r })}
              </option>
            ))}
          </select>
        </div>
      </aside>
      <section aria-busy={isFetching}>
        <p className="mb-3 text-sm text-gray-600">{data ? t('catalog.productCount', { count: data.total }) : t('common.loading')}</p>
        {data && <ProductGrid products={data.items} />}
        {data && <Pagination page={page} limit={24} total={data.total} onPage={(p) => set('page', String(p))} />}
      </section>
    </div>
  );
}
