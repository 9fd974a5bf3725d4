import { Trans, useTranslation } from 'react-i18next';
import { Link } from '../../components/LocaleLink';
import { useUrlFilters } from '../../components/useUrlFilters';
import type { FacetBucket } from '@bazaar/shared';
import { Pagination, ProductGrid } from '../../components/ProductCard';
import { useSearchQuery } from './search.api';

export default function SearchPage() {
  const { t } = useTranslation();
  const { get, set, page } = useUrlFilters();
  const q = get('q') ?? '';
  const filters = Object.fromEntries(['category', 'brand', 'price_min', 'price_max', 'rating', 'in_stock', 'sort'].map((k) => [k, get(k)]));
  const { data, isFetching, error } = useSearchQuery({ q, page, limit: 24, ...filters }, { skip: !q });
  if (!q) return <p>{t('search.prompt')}</p>;
  if (error) return <p role="alert">{t('search.unavailable')}</p>;
  return (
    <div className="grid gap-6 md:grid-cols-[220px_1fr]">
      <aside aria-label={t('search.refine')} className="space-y-4 text-sm">
        {data && (
          <FacetList
            title={t('search.facetCategory')}
            buckets={data.facets.category}
            selected={filters.category}
            onPick={(v) => set('category', v)}
          />
        )}
        {data && (
          <FacetList title={t('search.facetBrand')} buckets={data.facets.brand} selected={filters.brand} onPick={(v) => set('brand', v)} />
        )}
        {data && (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={filters.in_stock === 'true'}
              onChange={(e) => set('in_stock', e.target.checked ? 'true' : undefined)}
            />{' '}
            {t('search.inStock', { count: data.facets.inStock })}
          </label>
        )}
      </aside>
      <section aria-busy={isFetching}>
        <h1 className="mb-3 text-lg">
          {data ? t('search.results', { count: data.total, q: data.correctedQuery ?? q }) : t('search.searching', { q })}
        </h1>
        {data?.correctedQuery && <Correction corrected={data.correctedQuery} typed={q} />}
        {data && data.total === 0 && (
          <div className="rounded border p-6">
            <p>{t('search.nothing', { q })}</p>
            <Link to="/" className="text-blue-700 underline">
              {t('search.backToShop')}
            </Link>
          </div>
        )}
        {data && <ProductGrid products={data.items} highlights={Object.fromEntries(data.items.map((i) => [i.id, i.highlight?.title]))} />}
        {data && <Pagination page={page} limit={24} total={data.total} onPage={(p) => set('page', String(p))} />}
      </section>
    </div>
  );
}

/**
 * The server searched a corrected spelling: say so, and link the corrected query so the URL (and a
 * shared link) names what was searched.
 */
function Correction({ corrected, typed }: { corrected: string; typed: string }) {
  return (
    <p role="status" className="mb-3 text-sm">
      <Trans
        i18nKey="search.corrected"
        values={{ typed, corrected }}
        components={{ a: <Link to={`/search?q=${encodeURIComponent(corrected)}`} className="font-semibold text-blue-700 underline" /> }}
      />
    </p>
  );
}

/** One facet: click a bucket to filter by it, click it again to clear. */
function FacetList({
  title,
  buckets,
  selected,
  onPick,
}: {
  title: string;
  buckets: FacetBucket[];
  selected?: string;
  onPick: (value: string | undefined) => void;
}) {
  if (!buckets.length) return null;
  return (
    <div>
      <h2 className="font-medium">{title}</h2>
      <ul>
        {buckets.map((b) => (
          <li key={b.value}>
            <button
              type="button"
              aria-pressed={selected === b.value}
              className={selected === b.value ? 'font-semibold' : ''}
              onClick={() => onPick(selected === b.value ? undefined : b.value)}
            >
              {b.label} ({b.count})
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
