import { SearchQuery, SearchResponse, SuggestQuery, SuggestResponse } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { SearchService } from './search.service';

export function registerSearchRoutes(api: ApiRegistry, search: SearchService): void {
  api.route({
    method: 'get',
    path: '/search',
    summary: 'Search products: hits with highlights, facets with counts, the engine used',
    tags: ['search'],
    auth: 'optional',
    request: { query: SearchQuery },
    response: SearchResponse,
    responses: { 503: { description: 'SERVICE_UNAVAILABLE: the search engine is down' } },
    handler: ({ query }, req) => search.search(query, req.user?.id),
  });
  api.route({
    method: 'get',
    path: '/search/suggest',
    summary: 'Up to 8 suggestions (categories and products) for the search box',
    tags: ['search'],
    request: { query: SuggestQuery },
    response: SuggestResponse,
    guestFastPath: true,
    handler: ({ query }) => search.suggest(query.q),
  });
}
