import type { ProductSummary } from '@bazaar/shared';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/useFormat';
import { Link } from './LocaleLink';

/** The first row of a grid is above the fold: those images load at once (one of them is the page's largest paint). */
const EAGER_CARDS = 4;

export function ProductCard({ product, highlight, eager = false }: { product: ProductSummary; highlight?: string; eager?: boolean }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  return (
    <li className="group rounded-lg border border-gray-200 p-3 hover:shadow-sm">
      <Link to={`/p/${product.slug}`} className="block focus-visible:outline-2">
        <div className="aspect-square overflow-hidden rounded bg-gray-100">
          {product.image && (
            <img
              src={product.image.url}
              alt={product.image.alt}
              loading={eager ? 'eager' : 'lazy'}
              decoding="async"
              width={200}
              height={200}
              className="h-full w-full object-cover"
            />
          )}
        </div>
        {highlight ? (
          // Server-escaped text with <mark> around matches.
          <h3 className="mt-2 text-sm font-medium" dangerouslySetInnerHTML={{ __html: highlight }} />
        ) : (
          <h3 className="mt-2 text-sm font-medium">{product.title}</h3>
        )}
        <p className="text-xs text-gray-600">{product.brand}</p>
        <p className="mt-1 text-sm">
          <span className="font-semibold">{money(product.price)}</span>
          {product.compareAtPrice && <s className="ml-2 text-gray-500">{money(product.compareAtPrice)}</s>}
        </p>
        <p className={`text-xs ${product.availability === 'out_of_stock' ? 'text-red-700' : 'text-green-700'}`}>
          {t(`catalog.availability.${product.availability}`)}
        </p>
      </Link>
    </li>
  );
}

export function ProductGrid({ products, highlights }: { products: ProductSummary[]; highlights?: Record<string, string | undefined> }) {
  const { t } = useTranslation();
  return (
    <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-label={t('catalog.products')}>
      {products.map((p, i) => (
        <ProductCard key={p.id} product={p} highlight={highlights?.[p.id]} eager={i < EAGER_CARDS} />
      ))}
    </ul>
  );
}

export function Pagination({ page, limit, total, onPage }: { page: number; limit: number; total: number; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages <= 1) return null;
  return (
    <nav aria-label={t('catalog.pages')} className="mt-6 flex items-center justify-center gap-3 text-sm">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)} className="rounded border px-3 py-1 disabled:opacity-40">
        {t('catalog.previous')}
      </button>
      <span>{t('catalog.pageOf', { page, pages })}</span>
      <button
        type="button"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
        className="rounded border px-3 py-1 disabled:opacity-40"
      >
        {t('catalog.next')}
      </button>
    </nav>
  );
}
