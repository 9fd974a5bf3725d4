import type { ProductSort } from '@bazaar/shared';
import type { FacetRow, ProductFilter, SummaryRow } from './catalog.repository';

/**
 * Most products a category set may have for its list to be answered from a ListFacet; a larger
 * set is listed by SQL as before. A facet holds each product's summary row (~0.5 KB), so memory
 * stays bounded by this times the facets cache's maxKeys, and in practice by the catalog's size
 * times its category depth.
 */
export const FACET_MAX_PRODUCTS = 10_000;

/**
 * Whether a ListFacet can answer this filter exactly as the SQL list would.
 * - best_selling: `sold_count` changes with every paid order without flushing the catalog cache,
 *   so a facet would sort by stale counts where SQL sorts by the current ones.
 * - brand: SQL compares it in the column's collation (case- and accent-insensitive, trailing
 *   spaces ignored), which a JS comparison would only approximate.
 * - tag: not part of the facet.
 */
export const facetCanAnswer = (f: ProductFilter): boolean => f.sort !== 'best_selling' && f.brand === undefined && f.tag === undefined;

interface Entry {
  row: SummaryRow;
  id: string;
  created: string;
  price: number;
  inStock: boolean;
  rating: number;
  ratingCount: number;
}

type FacetSort = Exclude<ProductSort, 'best_selling'>;

/**
 * `a` before `b` in the column order of ascii_bin ids (byte order). UUIDs are fixed-width ASCII, so
 * JS's UTF-16 comparison is that order.
 */
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The ORDER BYs of CatalogRepository's public list, column for column. */
const ORDER: Record<FacetSort, (a: Entry, b: Entry) => number> = {
  newest: (a, b) => byId(b.created, a.created) || byId(b.id, a.id),
  price_asc: (a, b) => a.price - b.price || byId(a.id, b.id),
  price_desc: (a, b) => b.price - a.price || byId(b.id, a.id),
  rating: (a, b) => b.rating - a.rating || b.ratingCount - a.ratingCount || byId(b.id, a.id),
};

/**
 * The active products of one category set, with their summary rows and what the public list
 * filters and sorts on, loaded
 * once per catalog-cache lifetime: a list query with a new filter (price range, stock, rating, sort,
 * page) is then a pass over this array instead of a page query plus a COUNT(*) in MariaDB, each
 * of which scanned the whole category set. It is cached with the catalog and flushed by the same
 * writes (catalog edits, reviews, stock flips); see facetCanAnswer for what it leaves to SQL.
 *
 * Comparisons are those MariaDB makes: prices are integers; rating_avg is DECIMAL(3,2), and two
 * such values map to doubles in the same order, while `rating_avg >= x` for the double x a query
 * string parses to gives the same answer on the double (x's shortest decimal form is what the SQL
 * received); created_at compares as its fixed-width text.
 */
export class ListFacet {
  private readonly sorted = new Map<FacetSort, Entry[]>();
  private readonly entries: Entry[];

  constructor(rows: FacetRow[]) {
    this.entries = rows.map(({ created, in_stock, ...row }) => ({
      row,
      id: row.id,
      created,
      price: Number(row.min_price),
      inStock: Number(in_stock) === 1,
      rating: Number(row.rating_avg),
      ratingCount: Number(row.rating_count),
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The summary rows of the page asked for, in order, and how many products match in all. */
  page(f: ProductFilter): { rows: SummaryRow[]; total: number } {
    if (!facetCanAnswer(f)) throw new Error(`A list facet cannot answer sort ${f.sort} with brand or tag filters`);
    const sort = f.sort as FacetSort;
    let inOrder = this.sorted.get(sort);
    if (!inOrder) this.sorted.set(sort, (inOrder = [...this.entries].sort(ORDER[sort])));
    const { priceMin, priceMax, inStock, ratingMin } = f;
    const from = (f.page - 1) * f.limit;
    const to = from + f.limit;
    const rows: SummaryRow[] = [];
    let total = 0;
    for (const e of inOrder) {
      if (priceMin !== undefined && !(e.price >= priceMin)) continue;
      if (priceMax !== undefined && !(e.price <= priceMax)) continue;
      if (inStock && !e.inStock) continue;
      if (ratingMin !== undefined && !(e.rating >= ratingMin)) continue;
      if (total >= from && total < to) rows.push(e.row);
      total++;
    }
    return { rows, total };
  }
}
