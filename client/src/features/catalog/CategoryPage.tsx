import { useParams } from 'react-router';
import { useUrlFilters } from '../../components/useUrlFilters';
import { Pagination, ProductGrid } from '../../components/ProductCard';
import { useBrandsQuery, useProductsQuery } from './catalog.api';

const SORTS = [
  ['newest', 'Newest'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
  ['rating', 'Top rated'],
  ['best_selling', 'Best selling'],
] as const;

/** Filters live in the URL, so a filtered page can be shared, bookmarked and reloaded. */
export default function CategoryPage() {
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
  if (error) return <p role="alert">This category could not be loaded.</p>;
  return (
    <div className="grid gap-6 md:grid-cols-[220px_1fr]">
      <aside aria-label="Filters" className="space-y-4 text-sm">
        <div>
          <label htmlFor="sort" className="block font-medium">
            Sort
          </label>
          <select id="sort" value={query.sort} onChange={(e) => set('sort', e.target.value)} className="mt-1 w-full rounded border p-1">
            {SORTS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="font-medium">Price (in cents)</legend>
          <div className="mt-1 flex gap-2">
            <input
              aria-label="Minimum price"
              inputMode="numeric"
              defaultValue={get('price_min')}
              onBlur={(e) => set('price_min', e.target.value || undefined)}
              className="w-full rounded border p-1"
            />
            <input
              aria-label="Maximum price"
              inputMode="numeric"
              defaultValue={get('price_max')}
              onBlur={(e) => set('price_max', e.target.value || undefined)}
              className="w-full rounded border p-1"
            />
          </div>
        </fieldset>
        <div>
          <label htmlFor="brand" className="block font-medium">
            Brand
          </label>
          <select
            id="brand"
            value={get('brand') ?? ''}
            onChange={(e) => set('brand', e.target.value || undefined)}
            className="mt-1 w-full rounded border p-1"
          >
            <option value="">All brands</option>
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
          In stock only
        </label>
        <div>
          <label htmlFor="rating" className="block font-medium">
            Rating
          </label>
          <select
            id="rating"
            value={get('rating') ?? ''}
            onChange={(e) => set('rating', e.target.value || undefined)}
            className="mt-1 w-full rounded border p-1"
          >
            <option value="">Any</option>
            {[4, 3, 2].map((r) => (
              <option key={r} value={r}>
                {r} stars & up
              </option>
            ))}
          </select>
        </div>
      </aside>
      <section aria-busy={isFetching}>
        <p className="mb-3 text-sm text-gray-600">{data ? `${data.total} products` : 'Loading…'}</p>
        {data && <ProductGrid products={data.items} />}
        {data && <Pagination page={page} limit={24} total={data.total} onPage={(p) => set('page', String(p))} />}
      </section>
    </div>
  );
}
