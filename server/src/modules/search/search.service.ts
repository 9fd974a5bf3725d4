import type { SearchQuery, SearchResponse, Suggestion } from '@bazaar/shared';
import type { Transaction } from '../../db/db';
import { AppError, notFound, serviceUnavailable, validationFailed } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { CatalogCache, CatalogRepository, CatalogService } from '../catalog';
import type { JobQueue } from '../jobs';
import { searchTerms, type EngineResult, type SearchEngine } from './search-engine';

export const INDEX_JOB = 'search.index-product';
type Suggestions = { items: Suggestion[]; engine: SearchResponse['engine'] };
const SUGGEST_LIMIT = 8;

/**
 * Search over whichever engine is configured. Engine results are cached 15 minutes (and dropped
 * with every catalog change); availability comes from the short-lived stock cache. An engine
 * failure is a 503 naming the engine, never a crash.
 */
export class SearchService {
  constructor(
    readonly engine: SearchEngine,
    private readonly catalog: CatalogService,
    private readonly catalogRepo: CatalogRepository,
    private readonly cache: CatalogCache,
    private readonly jobs: JobQueue,
    private readonly logger: Logger,
  ) {}

  /** Enqueued in the caller's transaction: the index follows the catalog within seconds. */
  async enqueueIndex(productIds: string[], tx?: Transaction): Promise<void> {
    for (const productId of productIds)
      await this.jobs.enqueue(INDEX_JOB, { productId }, { queue: 'search', uniqueKey: `search:${productId}` }, tx);
  }

  /** Index one product (job handler); cached results are dropped so the change shows at once. */
  async indexProduct(productId: string): Promise<void> {
    await this.engine.indexProduct(productId);
    await this.cache.invalidate();
  }

  async reindexAll(): Promise<{ indexed: number }> {
    const result = await this.engine.reindexAll();
    await this.cache.invalidate();
    return result;
  }

  private async guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.error({ err, engine: this.engine.name }, `${what} failed`);
      throw serviceUnavailable(`Search (${this.engine.name}) is unavailable right now. Please try again shortly.`, 10);
    }
  }

  async search(q: SearchQuery, userId?: string): Promise<SearchResponse> {
    const terms = searchTerms(q.q);
    if (!terms.length) throw validationFailed([{ path: 'query.q', message: 'Type a word to search for' }], 'Type a word to search for.');
    const index = await this.catalog.categoryIndex();
    let categoryIds: string[] | undefined;
    if (q.category) {
      const category = index.bySlug.get(q.category);
      if (!category) throw notFound('The category');
      categoryIds = this.catalog.descendantIds(index, category.id);
    }
    const filters = { categoryIds, brand: q.brand, priceMin: q.price_min, priceMax: q.price_max, ratingMin: q.rating, inStock: q.in_stock };
    const key = JSON.stringify(['search', this.engine.name, { terms, filters, sort: q.sort, page: q.page, limit: q.limit }]);
    // The correction, the engine's answer and the product rows are cached together; availability (seconds old at most) and wishlist flags are added per request.
    const { result, rows, correctedQuery } = await this.cache.getOrLoad('search', key, async () => {
      const corrected = await this.guarded('search', () => this.engine.correct(terms));
      const query = { terms: [...new Set(corrected)], filters, sort: q.sort, page: q.page, limit: q.limit };
      const result: EngineResult = await this.guarded('search', () => this.engine.search(query));
      return {
        result,
        rows: await this.catalogRepo.activeProductsByIds(result.hits.map((h) => h.id)),
        correctedQuery: corrected.some((t, i) => t !== terms[i]) ? query.terms.join(' ') : null,
      };
    });
    const summaries = await this.catalog.localSummaries(await this.catalog.summaries(rows, userId), q, userId);
    return {
      items: summaries.map((s) => {
        const hit = result.hits.find((h) => h.id === s.id);
        return { ...s, ...(hit?.highlight ? { highlight: hit.highlight } : {}) };
      }),
      facets: {
        ...result.facets,
        category: result.facets.category.flatMap((b) => {
          const c = index.byId.get(b.value);
          return c ? [{ value: c.slug, label: c.name, count: b.count }] : [];
        }),
      },
      total: result.total,
      page: q.page,
      limit: q.limit,
      engine: this.engine.name,
      correctedQuery,
    };
  }

  /** Up to 8: matching categories first (from the cached tree), then products by popularity. */
  async suggest(q: string): Promise<Suggestions> {
    const terms = searchTerms(q);
    if (!terms.length) return { items: [], engine: this.engine.name };
    return this.cache.getOrLoad('search', JSON.stringify(['suggest', this.engine.name, terms]), async () => {
      const index = await this.catalog.categoryIndex();
      const categories: Suggestion[] = [...index.byId.values()]
        .filter((c) =>
          terms.every((t) =>
            c.name
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(t)),
          ),
        )
        .slice(0, 3)
        .map((c) => ({ type: 'category', label: c.name, slug: c.slug }));
      const products = await this.guarded('suggest', () => this.engine.suggestProducts(terms, SUGGEST_LIMIT - categories.length));
      return { items: [...categories, ...products].slice(0, SUGGEST_LIMIT), engine: this.engine.name };
    });
  }
}
