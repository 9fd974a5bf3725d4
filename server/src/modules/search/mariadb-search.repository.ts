import type { Facets, SearchSort, Suggestion } from '@bazaar/shared';
import type { Db } from '../../db/db';
import { PRICE_BUCKETS, RATING_BUCKETS, type EngineFilters } from './search-engine';
import type { VocabularyMatch } from './spelling';

/** One product's row of `product_search`, with its vocabulary. */
export interface SearchRow {
  productId: string;
  title: string;
  brand: string;
  tags: string;
  description: string;
  titleStems: string;
  stems: string;
  /** Its distinct words with their stems. */
  words: { word: string; stem: string }[];
}

const ORDER: Record<Exclude<SearchSort, 'relevance'>, string> = {
  newest: 'p.created_at DESC, p.id DESC',
  price_asc: 'p.min_price ASC, p.id ASC',
  price_desc: 'p.min_price DESC, p.id DESC',
  rating: 'p.rating_avg DESC, p.rating_count DESC, p.id DESC',
  best_selling: 'p.sold_count DESC, p.id DESC',
};
const TITLE = 'MATCH(s.title, s.title_stems) AGAINST (? IN BOOLEAN MODE)';
const ALL = 'MATCH(s.title, s.brand, s.tags, s.description, s.title_stems, s.stems) AGAINST (? IN BOOLEAN MODE)';
/** Vocabulary rows of active products only: a draft's words must not steer a shopper's query. */
const ACTIVE_WORDS = "product_search_words w JOIN products p ON p.id = w.product_id AND p.status = 'active'";
const CHUNK = 1000;

/**
 * The MariaDB engine's data: `product_search` (product text and its stems under InnoDB FULLTEXT
 * indexes) and `product_search_words` (the vocabulary). Status, price, rating and stock are read
 * live from `products`, so a stale row can never show a draft.
 */
export class MariaDbSearchRepository {
  constructor(private readonly db: Db) {}

  /** Every product id, drafts included (their rows are kept, and filtered at query time). */
  async productIds(): Promise<string[]> {
    return (await this.db.select<{ id: string }>('SELECT id FROM products ORDER BY id')).map((r) => r.id);
  }

  /** Writes the rows and replaces their products' vocabulary, in one transaction. */
  async upsert(rows: SearchRow[], now: Date): Promise<void> {
    if (!rows.length) return;
    await this.db.transaction(async (tx) => {
      await this.db.execute(
        `INSERT INTO product_search (product_id, title, brand, tags, description, title_stems, stems, indexed_at)
         VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE title = VALUES(title), brand = VALUES(brand), tags = VALUES(tags), description = VALUES(description),
           title_stems = VALUES(title_stems), stems = VALUES(stems), indexed_at = VALUES(indexed_at)`,
        rows.flatMap((r) => [r.productId, r.title, r.brand, r.tags, r.description, r.titleStems, r.stems, now]),
        tx,
      );
      await this.db.execute('DELETE FROM product_search_words WHERE product_id IN (?)', [rows.map((r) => r.productId)], tx);
      const words = rows.flatMap((r) => r.words.map((w) => [r.productId, w.word, w.stem]));
      for (let i = 0; i < words.length; i += CHUNK) {
        const chunk = words.slice(i, i + CHUNK);
        await this.db.execute(
          `INSERT INTO product_search_words (product_id, word, stem) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
          chunk.flat(),
          tx,
        );
      }
    });
  }

  async count(): Promise<number> {
    return Number((await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM product_search'))?.n ?? 0);
  }

  private where(match: string, f: EngineFilters) {
    const clauses = [ALL, "p.status = 'active'"];
    const params: unknown[] = [match];
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
    return { sql: `FROM product_search s JOIN products p ON p.id = s.product_id WHERE ${clauses.join(' AND ')}`, params };
  }

  /**
   * One page of active products matching the boolean-mode expression, with the total and the facets
   * over the whole matching set. By relevance, a title match counts three times a match elsewhere.
   */
  async search(q: { match: string; filters: EngineFilters; sort: SearchSort; page: number; limit: number }) {
    const { sql, params } = this.where(q.match, q.filters);
    const order = q.sort === 'relevance' ? 'score DESC, p.sold_count DESC, p.id' : ORDER[q.sort];
    const [rows, count, facets] = await Promise.all([
      this.db.select<{ id: string; title: string; description: string }>(
        `SELECT p.id, s.title, s.description, (3 * ${TITLE} + ${ALL}) AS score ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
        [q.match, q.match, ...params, q.limit, (q.page - 1) * q.limit],
      ),
      this.db.one<{ n: number }>(`SELECT COUNT(*) AS n ${sql}`, params),
      this.facets(sql, params),
    ]);
    return { rows, total: Number(count?.n ?? 0), facets };
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

  /** Active products whose title matches, most sold first. */
  async suggest(titleMatch: string, limit: number): Promise<Suggestion[]> {
    const rows = await this.db.select<{ title: string; slug: string }>(
      `SELECT p.title, p.slug FROM product_search s JOIN products p ON p.id = s.product_id
        WHERE MATCH(s.title) AGAINST (? IN BOOLEAN MODE) AND p.status = 'active' ORDER BY p.sold_count DESC, p.id LIMIT ?`,
      [titleMatch, limit],
    );
    return rows.map((r) => ({ type: 'product' as const, label: r.title, slug: r.slug }));
  }

  /** Whether an active product has a word starting with `prefix`, or a word whose stem is `stem`. */
  async knows(prefix: string, stem: string): Promise<boolean> {
    const row = await this.db.one<{ known: number }>(
      `SELECT EXISTS (SELECT 1 FROM ${ACTIVE_WORDS} WHERE w.word LIKE ?) OR EXISTS (SELECT 1 FROM ${ACTIVE_WORDS} WHERE w.stem = ?) AS known`,
      [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, stem],
    );
    return Boolean(Number(row?.known ?? 0));
  }

  /** Which of `stems` active products' words have, each with how many products and its first word in alphabetical order. */
  async stemMatches(stems: string[]): Promise<VocabularyMatch[]> {
    if (!stems.length) return [];
    const rows = await this.db.select<{ word: string; n: number }>(
      `SELECT MIN(w.word) AS word, COUNT(DISTINCT w.product_id) AS n FROM ${ACTIVE_WORDS} WHERE w.stem IN (?) GROUP BY w.stem`,
      [stems],
    );
    return rows.map((r) => ({ word: r.word, products: Number(r.n) }));
  }

  /** Which of `words` active products use, with how many products use each. */
  async vocabularyMatches(words: string[]): Promise<VocabularyMatch[]> {
    if (!words.length) return [];
    const rows = await this.db.select<{ word: string; n: number }>(
      `SELECT w.word, COUNT(*) AS n FROM ${ACTIVE_WORDS} WHERE w.word IN (?) GROUP BY w.word`,
      [words],
    );
    return rows.map((r) => ({ word: r.word, products: Number(r.n) }));
  }
}
