import type { StoreMarketList } from '@bazaar/shared';
import { api } from '../../api/apiSlice';

/**
 * The shopper's country as the browser suggests it (`de-DE` → `DE`), for the shop's market
 * suggestion; none when no preferred language names a region.
 */
export function browserCountry(languages: readonly string[] = globalThis.navigator?.languages ?? []): string | undefined {
  for (const tag of languages) {
    const region = /^[a-z]{2,3}-([A-Z]{2})\b/i.exec(tag)?.[1];
    if (region) return region.toUpperCase();
  }
  return undefined;
}

export const marketsApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** GET /markets: the markets on sale and the one suggested for `country`. */
    markets: build.query<StoreMarketList, string | undefined>({
      query: (country) => (country ? `/markets?country=${encodeURIComponent(country)}` : '/markets'),
      providesTags: ['Markets'],
    }),
  }),
});
export const { useMarketsQuery } = marketsApi;
