import type { SearchResponse, Suggestion, SuggestResponse } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { toQuery, type QueryParams } from '../../api/query';
import { useLocale } from '../markets/locale';

export const searchApi = api.injectEndpoints({
  endpoints: (build) => ({
    search: build.query<SearchResponse, QueryParams>({ query: (p) => `/search?${toQuery(p)}` }),
    suggest: build.query<Suggestion[], string>({
      query: (q) => `/search/suggest?q=${encodeURIComponent(q)}`,
      transformResponse: (r: SuggestResponse) => r.items,
    }),
  }),
});
export const { useSuggestQuery } = searchApi;

/** Search results priced in the shopper's market, texts in their language. */
export function useSearchQuery(params: QueryParams, options: { skip?: boolean } = {}) {
  const { ready, catalog } = useLocale();
  return searchApi.useSearchQuery({ ...params, ...catalog }, { skip: !ready || options.skip });
}
