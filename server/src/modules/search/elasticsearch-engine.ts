import type { Client } from '@elastic/elasticsearch';
import type { Facets, SearchSort, Suggestion } from '@bazaar/shared';
import type { Clock } from '../../lib/clock';
import { PRICE_BUCKETS, RATING_BUCKETS, type EngineQuery, type EngineResult, type SearchEngine } from './search-engine';
import type { ProductDocument, SearchRepository } from './search.repository';

export const ES_ALIAS = 'bazaar-products';

/** Explicit mappings: English stemming for text, keywords for facets, an edge-n-gram field for autocomplete. */
export const ES_INDEX_BODY = {
  settings: {
    number_of_shards: 1,
    analysis: {
      filter: { autocomplete_filter: { type: 'edge_ngram', min_gram: 2, max_gram: 20 } },
      analyzer: {
        autocomplete: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'autocomplete_filter'] },
        autocomplete_search: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
      },
    },
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      slug: { type: 'keyword' },
      title: {
        type: 'text',
        analyzer: 'english',
        fields: {
          autocomplete: { type: 'text', analyzer: 'autocomplete', search_analyzer: 'autocomplete_search' },
          raw: { type: 'keyword' },
        },
      },
      brand: { type: 'keyword', fields: { text: { type: 'text', analyzer: 'standard' } } },
      tags: { type: 'keyword', fields: { text: { type: 'text', analyzer: 'english' } } },
      description: { type: 'text', analyzer: 'english' },
      category_ids: { type: 'keyword' },
      primary_category_id: { type: 'keyword' },
      price: { type: 'long' },
      rating: { type: 'float' },
      in_stock: { type: 'boolean' },
      sold_count: { type: 'long' },
      created_at: { type: 'date' },
    },
  },
} as const;

const SORT: Record<Exclude<SearchSort, 'relevance'>, object[]> = {
  newest: [{ created_at: 'desc' }, { _id: 'desc' }],
  price_asc: [{ price: 'asc' }, { _id: 'asc' }],
  price_desc: [{ price: 'desc' }, { _id: 'desc' }],
  rating: [{ rating: 'desc' }, { _id: 'desc' }],
  best_selling: [{ sold_count: 'desc' }, { _id: 'desc' }],
};

const toSource = (d: ProductDocument) => ({
  slug: d.slug,
  title: d.title,
  brand: d.brand,
  tags: d.tags,
  description: d.description,
  category_ids: d.categoryIds,
  primary_category_id: d.primaryCategoryId,
  price: d.price,
  rating: d.rating,
  in_stock: d.inStock,
  sold_count: d.soldCount,
  created_at: d.createdAt,
});

/**
 * Elasticsearch when ELASTICSEARCH_URL is set. Queries are built as structured JSON (never
 * query_string), so shopper text cannot become engine syntax. Reindexing builds a new index and
 * swaps the alias in one atomic call, so search never goes dark.
 */
export class ElasticsearchEngine implements SearchEngine {
  readonly name = 'elasticsearch' as const;
  constructor(
    private readonly client: Client,
    private readonly repo: SearchRepository,
    private readonly clock: Clock,
  ) {}

  async hasIndex(): Promise<boolean> {
    return (await this.client.indices.existsAlias({ name: ES_ALIAS })) === true;
  }

  async indexProduct(productId: string): Promise<void> {
    const [doc] = await this.repo.documents([productId]);
    if (!doc || doc.status !== 'active') {
      await this.client.delete({ index: ES_ALIAS, id: productId, refresh: 'wait_for' }, { ignore: [404] });
      return;
    }
    await this.client.index({ index: ES_ALIAS, id: doc.id, document: toSource(doc), refresh: 'wait_for' });
  }

  async reindexAll(): Promise<{ indexed: number }> {
    const index = `${ES_ALIAS}-${this.clock.now().getTime()}`;
    await this.client.indices.create({ index, ...ES_INDEX_BODY } as never);
    const docs = await this.repo.documents();
    for (let i = 0; i < docs.length; i += 500) {
      const chunk = docs.slice(i, i + 500);
      const result = await this.client.bulk({
        refresh: false,
        operations: chunk.flatMap((d) => [{ index: { _index: index, _id: d.id } }, toSource(d)]),
      });
      if (result.errors) throw new Error(`bulk indexing reported errors in ${index}`);
    }
    await this.client.indices.refresh({ index });
    const current = await this.client.indices.getAlias({ name: ES_ALIAS }, { ignore: [404] }).catch(() => ({}));
    const old = Object.keys((current as Record<string, unknown>) ?? {}).filter((name) => name !== index && name.startsWith(ES_ALIAS));
    await this.client.indices.updateAliases({
      actions: [...old.map((name) => ({ remove: { index: name, alias: ES_ALIAS } })), { add: { index, alias: ES_ALIAS } }],
    });
    for (const name of old) await this.client.indices.delete({ index: name }, { ignore: [404] });
    return { indexed: docs.length };
  }

  /** The request body for a search (exported for the tests that check what is sent). */
  static searchBody(q: EngineQuery) {
    const text = q.terms.join(' ');
    const filter: object[] = [];
    const f = q.filters;
    if (f.categoryIds) filter.push({ terms: { category_ids: f.categoryIds } });
    if (f.brand) filter.push({ term: { brand: f.brand } });
    if (f.priceMin !== undefined || f.priceMax !== undefined)
      filter.push({
        range: {
          price: { ...(f.priceMin !== undefined ? { gte: f.priceMin } : {}), ...(f.priceMax !== undefined ? { lte: f.priceMax } : {}) },
        },
      });
    if (f.ratingMin !== undefined) filter.push({ range: { rating: { gte: f.ratingMin } } });
    if (f.inStock) filter.push({ term: { in_stock: true } });
    return {
      from: (q.page - 1) * q.limit,
      size: q.limit,
      track_total_hits: true,
      query: {
        bool: {
          must: [
            {
              multi_match: {
                query: text,
                fields: ['title^3', 'title.autocomplete^2', 'brand.text^2', 'tags.text^2', 'description'],
                type: 'best_fields',
                operator: 'and',
                fuzziness: 'AUTO',
                prefix_length: 1,
              },
            },
          ],
          filter,
        },
      },
      ...(q.sort === 'relevance' ? {} : { sort: SORT[q.sort] }),
      aggs: {
        category: { terms: { field: 'primary_category_id', size: 30 } },
        brand: { terms: { field: 'brand', size: 30 } },
        price: {
          range: {
            field: 'price',
            keyed: true,
            ranges: PRICE_BUCKETS.map((b) => ({ key: b.value, from: b.min, ...(b.max === null ? {} : { to: b.max }) })),
          },
        },
        rating: { range: { field: 'rating', keyed: true, ranges: RATING_BUCKETS.map((r) => ({ key: String(r), from: r })) } },
        in_stock: { filter: { term: { in_stock: true } } },
      },
      highlight: {
        pre_tags: ['<mark>'],
        post_tags: ['</mark>'],
        encoder: 'html',
        fields: { title: { number_of_fragments: 0 }, description: { fragment_size: 160, number_of_fragments: 1 } },
      },
      _source: false,
    };
  }

  async search(q: EngineQuery): Promise<EngineResult> {
    const res = (await this.client.search({ index: ES_ALIAS, ...ElasticsearchEngine.searchBody(q) } as never)) as unknown as EsResponse;
    const aggs = res.aggregations;
    const facets: Facets = {
      category: aggs.category.buckets.map((b) => ({ value: String(b.key), label: String(b.key), count: b.doc_count })),
      brand: aggs.brand.buckets.map((b) => ({ value: String(b.key), label: String(b.key), count: b.doc_count })),
      price: PRICE_BUCKETS.map((b) => ({ value: b.value, label: b.label, count: aggs.price.buckets[b.value]?.doc_count ?? 0 })),
      rating: RATING_BUCKETS.map((r) => ({
        value: String(r),
        label: `${r} stars & up`,
        count: aggs.rating.buckets[String(r)]?.doc_count ?? 0,
      })),
      inStock: aggs.in_stock.doc_count,
    };
    const total = typeof res.hits.total === 'number' ? res.hits.total : res.hits.total.value;
    return {
      total,
      facets,
      hits: res.hits.hits.map((h) => ({
        id: h._id,
        ...(h.highlight
          ? {
              highlight: {
                ...(h.highlight.title ? { title: h.highlight.title[0] } : {}),
                ...(h.highlight.description ? { description: h.highlight.description[0] } : {}),
              },
            }
          : {}),
      })),
    };
  }

  /** Nothing to correct up front: the query's `fuzziness: AUTO` lets every word match within one or two edits. */
  async correct(terms: string[]): Promise<string[]> {
    return terms;
  }

  async suggestProducts(terms: string[], limit: number): Promise<Suggestion[]> {
    const res = (await this.client.search({
      index: ES_ALIAS,
      size: limit,
      query: { match: { 'title.autocomplete': { query: terms.join(' '), operator: 'and' } } },
      sort: [{ _score: 'desc' }, { sold_count: 'desc' }],
      _source: ['title', 'slug'],
    } as never)) as unknown as { hits: { hits: { _source: { title: string; slug: string } }[] } };
    return res.hits.hits.map((h) => ({ type: 'product' as const, label: h._source.title, slug: h._source.slug }));
  }
}

interface EsBucket {
  key: string | number;
  doc_count: number;
}
interface EsResponse {
  hits: { total: number | { value: number }; hits: { _id: string; highlight?: { title?: string[]; description?: string[] } }[] };
  aggregations: {
    category: { buckets: EsBucket[] };
    brand: { buckets: EsBucket[] };
    price: { buckets: Record<string, EsBucket> };
    rating: { buckets: Record<string, EsBucket> };
    in_stock: { doc_count: number };
  };
}
