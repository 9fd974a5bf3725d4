import type { Facets, SearchSort, Suggestion } from '@bazaar/shared';
import { stem } from 'porter2';
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
  /** The terms with misspelt words replaced by the catalog word they most likely meant (same length and order). */
  correct(terms: string[]): Promise<string[]>;
}

/** Every word of a text: letters and digits, NFKC-normalised and lower-cased, in order, repeats kept. */
export function textWords(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * The query as text: words made of letters and digits, lower-cased, at most 10. Every operator of
 * either engine (`+-"*()~<>@{}[]:\/`) is dropped, so a query can neither break nor widen a search.
 */
export function searchTerms(q: string): string[] {
  return [...new Set(textWords(q))].slice(0, 10);
}

/** A word's English stem (Porter2): "sofas", "sofa" → `sofa`; "running", "runs" → `run`. Words with digits stay as they are. */
export function stemOf(word: string): string {
  return /\p{N}/u.test(word) ? word : stem(word);
}

export const PRICE_BUCKETS: { value: string; label: string; min: number; max: number | null }[] = [
  { value: '0-2500', label: 'Under 25', min: 0, max: 2500 },
  { value: '2500-5000', label: '25 to 50', min: 2500, max: 5000 },
  { value: '5000-10000', label: '50 to 100', min: 5000, max: 10000 },
  { value: '10000-20000', label: '100 to 200', min: 10000, max: 20000 },
  { value: '20000-', label: '200 and over', min: 20000, max: null },
];
export const RATING_BUCKETS = [4, 3, 2, 1];

/**
 * HTML-escaped text with each word that starts with a term, or has a term's stem, wrapped in
 * <mark>; a window of `maxLength` characters from a little before the first such word.
 */
export function highlight(text: string, terms: string[], maxLength = 200): string | undefined {
  if (!terms.length) return undefined;
  const stems = new Set(terms.map(stemOf));
  const matches = (word: string) => {
    const [w = ''] = textWords(word);
    return terms.some((t) => w.startsWith(t)) || stems.has(stemOf(w));
  };
  const first = [...text.matchAll(/[\p{L}\p{N}]+/gu)].find((m) => matches(m[0]))?.index;
  if (first === undefined) return undefined;
  const start = Math.max(0, first - 60);
  const marked = text
    .slice(start, start + maxLength)
    .split(/([\p{L}\p{N}]+)/u)
    .map((part, i) => (i % 2 === 1 && matches(part) ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
  return (start > 0 ? '…' : '') + marked + (start + maxLength < text.length ? '…' : '');
}
