import type { SearchResponse, Suggestion, SuggestResponse } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { toQuery, type QueryParams } from '../../api/query';

export const searchApi = api.injectEndpoints({
  endpoints: (build) => ({
    search: build.query<SearchResponse, QueryParams>({ query: (p) => `/search?${toQuery(p)}` }),
    suggest: build.query<Suggestion[], string>({
      query: (q) => `/search/suggest?q=${encodeURIComponent(q)}`,
      transformResponse: (r: SuggestResponse) => r.items,
    }),
  }),
});
export const { useSearchQuery, useSuggestQuery } = searchApi;
