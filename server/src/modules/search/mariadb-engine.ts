import type { Facets, SearchSort, Suggestion } from '@bazaar/shared';
import type { Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import {
  highlight,
  PRICE_BUCKETS,
  RATING_BUCKETS,
  type EngineFilters,
  type EngineQuery,
  type EngineResult,
  type SearchEngine,
} from './search-engine';
import type { SearchRepository } from './search.repository';

const ORDER: Record<Exclude<SearchSort, 'relevance'>, string> = {
  newest: 'p.created_at DESC, p.id DESC',
  price_asc: 'p.min_price ASC, p.id ASC',
  price_desc: 'p.min_price DESC, p.id DESC',
  rating: 'p.rating_avg DESC, p.rating_count DESC, p.id DESC',
  best_selling: 'p.sold_count DESC, p.id DESC',
};

/**
 * The default engine: InnoDB FULLTEXT in boolean mode. Every word must match, as a prefix
 * (`+head*` finds "headphones"); a title match counts three times a match elsewhere. Facets are
 * SQL aggregates over the same matching set.
 */
export class MariaDbSearchEngine implements SearchEngine {
  readonly name = 'mariadb' as const;
  constructor(
    private readonly db: Db,
    private readonly repo: SearchRepository,
    private readonly clock: Clock,
  ) {}

  async indexProduct(productId: string): Promise<void> {
    const [doc] = await this.repo.documents([productId]);
    if (!doc) return; // deleted: the foreign key removed its row
    await this.db.execute(
      `INSERT INTO product_search (product_id, title, brand, tags, description, indexed_at) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE title = VALUES(title), brand = VALUES(brand), tags = VALUES(tags), description = VALUES(description), indexed_at = VALUES(indexed_at)`,
      [doc.id, doc.title, doc.brand, doc.tags.join(' '), doc.description, this.clock.now()],
    );
  }

  async reindexAll(): Promise<{ indexed: number }> {
    const now = this.clock.now();
    await this.db.execute(
      `INSERT INTO product_search (product_id, title, brand, tags, description, indexed_at)
       SELECT p.id, p.title, p.brand, COALESCE((SELECT GROUP_CONCAT(t.tag SEPARATOR ' ') FROM product_tags t WHERE t.product_id = p.id), ''), p.description, ?
         FROM products p
       ON DUPLICATE KEY UPDATE title = VALUES(title), brand = VALUES(brand), tags = VALUES(tags), description = VALUES(description), indexed_at = VALUES(indexed_at)`,
      [now],
    );
    const row = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM product_search');
    return { indexed: Number(row?.n ?? 0) };
  }

  private boolean(terms: string[]) {
    return terms.map((t) => `+${t}*`).join(' ');
  }

  private where(q: { terms: string[]; filters: EngineFilters }) {
    const against = this.boolean(q.terms);
    const clauses = ['MATCH(s.title, s.brand, s.tags, s.description) AGAINST (? IN BOOLEAN MODE)', "p.status = 'active'"];
    const params: unknown[] = [against];
    const f = q.filters;
    if (f.categoryIds) {
      clauses.push('EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id IN (?))');
      params.push(f.categoryIds.length ? f.categoryIds : ['']);
    }
    if (f.brand) {
      clauses.push('p.brand = ?');
      params.push(f.brand);
    }
    if (f.priceMin !== undefined) {
      clauses.push('p.min_price >= ?');
      params.push(f.priceMin);
    }
    if (f.priceMax !== undefined) {
      clauses.push('p.min_price <= ?');
      params.push(f.priceMax);
    }
    if (f.ratingMin !== undefined) {
      clauses.push('p.rating_avg >= ?');
      params.push(f.ratingMin);
    }
    if (f.inStock) clauses.push('p.in_stock = 1');
    return { sql: `FROM product_search s JOIN products p ON p.id = s.product_id WHERE ${clauses.join(' AND ')}`, params, against };
  }

  async search(q: EngineQuery): Promise<EngineResult> {
    const { sql, params, against } = this.where(q);
    const score =
      '(3 * MATCH(s.title) AGAINST (? IN BOOLEAN MODE) + MATCH(s.title, s.brand, s.tags, s.description) AGAINST (? IN BOOLEAN MODE))';
    const order = q.sort === 'relevance' ? 'score DESC, p.sold_count DESC, p.id' : ORDER[q.sort];
    const [rows, count, facets] = await Promise.all([
      this.db.select<{ id: string; title: string; description: string }>(
        `SELECT p.id, s.title, s.description, ${score} AS score ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
        [against, against, ...params, q.limit, (q.page - 1) * q.limit],
      ),
      this.db.one<{ n: number }>(`SELECT COUNT(*) AS n ${sql}`, params),
      this.facets(sql, params),
    ]);
    return {
      hits: rows.map((r) => {
        const title = highlight(r.title, q.terms);
        const description = highlight(r.description, q.terms);
        return {
          id: r.id,
          ...(title || description ? { highlight: { ...(title ? { title } : {}), ...(description ? { description } : {}) } } : {}),
        };
      }),
      total: Number(count?.n ?? 0),
      facets,
    };
  }

  private async facets(sql: string, params: unknown[]): Promise<Facets> {
    const priceCase = `CASE ${PRICE_BUCKETS.map((b) => `WHEN p.min_price >= ${b.min}${b.max === null ? '' : ` AND p.min_price < ${b.max}`} THEN '${b.value}'`).join(' ')} END`;
    const [categories, brands, prices, ratings, stock] = await Promise.all([
      this.db.select<{ v: string; n: number }>(
        `SELECT p.primary_category_id AS v, COUNT(*) AS n ${sql} AND p.primary_category_id IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 30`,
        params,
      ),
      this.db.select<{ v: string; n: number }>(
        `SELECT p.brand AS v, COUNT(*) AS n ${sql} AND p.brand <> '' GROUP BY v ORDER BY n DESC, v LIMIT 30`,
        params,
      ),
      this.db.select<{ v: string; n: number }>(`SELECT ${priceCase} AS v, COUNT(*) AS n ${sql} GROUP BY v`, params),
      this.db.one<Record<string, number>>(
        `SELECT ${RATING_BUCKETS.map((r) => `SUM(p.rating_avg >= ${r}) AS r${r}`).join(', ')} ${sql}`,
        params,
      ),
      this.db.one<{ n: number }>(`SELECT COUNT(*) AS n ${sql} AND p.in_stock = 1`, params),
    ]);
    return {
      category: categories.map((c) => ({ value: c.v, label: c.v, count: Number(c.n) })),
      brand: brands.map((b) => ({ value: b.v, label: b.v, count: Number(b.n) })),
      price: PRICE_BUCKETS.map((b) => ({ value: b.value, label: b.label, count: Number(prices.find((p) => p.v === b.value)?.n ?? 0) })),
      rating: RATING_BUCKETS.map((r) => ({ value: String(r), label: `${r} stars & up`, count: Number(ratings?.[`r${r}`] ?? 0) })),
      inStock: Number(stock?.n ?? 0),
    };
  }

  async suggestProducts(terms: string[], limit: number): Promise<Suggestion[]> {
    const rows = await this.db.select<{ title: string; slug: string }>(
      `SELECT p.title, p.slug FROM product_search s JOIN products p ON p.id = s.product_id
        WHERE MATCH(s.title) AGAINST (? IN BOOLEAN MODE) AND p.status = 'active' ORDER BY p.sold_count DESC, p.id LIMIT ?`,
      [this.boolean(terms), limit],
    );
    return rows.map((r) => ({ type: 'product' as const, label: r.title, slug: r.slug }));
  }
}
