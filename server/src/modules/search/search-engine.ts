import type { Facets, SearchSort, Suggestion } from '@bazaar/shared';
import { escapeHtml } from '../../lib/html';

export interface EngineFilters {
  categoryIds?: string[];
  brand?: string;
  priceMin?: number;
  priceMax?: number;
  ratingMin?: number;
  inStock?: boolean;
}

export interface EngineQuery {
  /** Plain words: letters and digits only (see `searchTerms`). */
  terms: string[];
  filters: EngineFilters;
  sort: SearchSort;
  page: number;
  limit: number;
}

export interface EngineHit {
  id: string;
  highlight?: { title?: string; description?: string };
}

export interface EngineResult {
  hits: EngineHit[];
  total: number;
  /** Category buckets carry ids; the service turns them into slugs and names. */
  facets: Facets;
}

/** One search contract, two engines: MariaDB FULLTEXT by default, Elasticsearch when configured. */
export interface SearchEngine {
  readonly name: 'mariadb' | 'elasticsearch';
  indexProduct(productId: string): Promise<void>;
  reindexAll(): Promise<{ indexed: number }>;
  search(query: EngineQuery): Promise<EngineResult>;
  suggestProducts(terms: string[], limit: number): Promise<Suggestion[]>;
}

/**
 * The query as text: words made of letters and digits, lower-cased, at most 10. Every operator of
 * either engine (`+-"*()~<>@{}[]:\/`) is dropped, so a query can neither break nor widen a search.
 */
export function searchTerms(q: string): string[] {
  const words =
    q
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, 10);
}

export const PRICE_BUCKETS: { value: string; label: string; min: number; max: number | null }[] = [
  { value: '0-2500', label: 'Under 25', min: 0, max: 2500 },
  { value: '2500-5000', label: '25 to 50', min: 2500, max: 5000 },
  { value: '5000-10000', label: '50 to 100', min: 5000, max: 10000 },
  { value: '10000-20000', label: '100 to 200', min: 10000, max: 20000 },
  { value: '20000-', label: '200 and over', min: 20000, max: null },
];
export const RATING_BUCKETS = [4, 3, 2, 1];

/** HTML-escaped text with words starting with a term wrapped in <mark>. */
export function highlight(text: string, terms: string[], maxLength = 200): string | undefined {
  if (!terms.length) return undefined;
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  const first = text.search(pattern);
  if (first < 0) return undefined;
  const start = Math.max(0, first - 60);
  const snippet = (start > 0 ? '…' : '') + text.slice(start, start + maxLength) + (start + maxLength < text.length ? '…' : '');
  return escapeHtml(snippet).replace(pattern, (_m, pre: string, word: string) => `${pre}<mark>${word}</mark>`);
}
