import { z } from 'zod';
import { MarketQuery } from '../markets/markets.schemas';
import { Slug } from '../common/ids.schemas';
import { PaginationQuery } from '../common/pagination.schemas';
import { ProductSummary } from '../catalog/catalog.schemas';

const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const minorUnits = z.coerce.number().int('Must be whole minor units').min(0);

export const SearchSort = z.enum(['relevance', 'newest', 'price_asc', 'price_desc', 'rating', 'best_selling']);
export type SearchSort = z.infer<typeof SearchSort>;

/** The query is text, never engine syntax: operators are stripped before it reaches an engine. */
export const SearchQuery = PaginationQuery.extend({
  q: z.string().trim().min(1, 'Type something to search for').max(200, 'At most 200 characters'),
  category: Slug.optional(),
  brand: z.string().trim().min(1).max(120).optional(),
  price_min: minorUnits.optional(),
  price_max: minorUnits.optional(),
  rating: z.coerce.number().min(0).max(5).optional(),
  in_stock: queryBool.optional(),
  sort: SearchSort.default('relevance'),
  ...MarketQuery.shape,
})
  .strict()
  .refine((q) => q.price_min === undefined || q.price_max === undefined || q.price_min <= q.price_max, {
    error: 'price_min must not exceed price_max',
    path: ['price_min'],
  });
export type SearchQuery = z.infer<typeof SearchQuery>;

export const FacetBucket = z.object({ value: z.string(), label: z.string(), count: z.number().int() });
export type FacetBucket = z.infer<typeof FacetBucket>;
export const Facets = z.object({
  category: z.array(FacetBucket),
  brand: z.array(FacetBucket),
  price: z.array(FacetBucket),
  rating: z.array(FacetBucket),
  inStock: z.number().int(),
});
export type Facets = z.infer<typeof Facets>;

export const SearchHit = ProductSummary.extend({
  /** HTML-escaped text with matches wrapped in <mark>. */
  highlight: z.object({ title: z.string().optional(), description: z.string().optional() }).optional(),
});
export const SearchResponse = z
  .object({
    items: z.array(SearchHit),
    facets: Facets,
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
    engine: z.enum(['mariadb', 'elasticsearch']),
    /**
     * The query as searched when a misspelt word was corrected against the catalog's words (e.g.
     * "nightstnd" → "nightstand"), lower-cased words joined by spaces; null when nothing was corrected.
     */
    correctedQuery: z.string().nullable(),
  })
  .meta({ id: 'SearchResponse' });
export type SearchResponse = z.infer<typeof SearchResponse>;

export const SuggestQuery = z.object({ q: z.string().trim().min(1, 'Type something').max(100) }).strict();
export const Suggestion = z.object({ type: z.enum(['product', 'category']), label: z.string(), slug: z.string() });
export type Suggestion = z.infer<typeof Suggestion>;
export const SuggestResponse = z.object({ items: z.array(Suggestion).max(8), engine: z.enum(['mariadb', 'elasticsearch']) });
export type SuggestResponse = z.infer<typeof SuggestResponse>;
