import type {
  AdminExchangeRate,
  AdminMarket,
  ExchangeRateInput,
  MarketInput,
  MarketUpdate,
  TranslatableKind,
  Translation,
  VariantCurrencyPrice,
} from '@bazaar/shared';
import { api } from '../../../api/apiSlice';

type Items<T> = { items: T[] };

/** Markets, exchange rates, a variant's prices in other currencies, and translations. */
export const adminMarketsApi = api.injectEndpoints({
  endpoints: (build) => ({
    adminMarkets: build.query<AdminMarket[], void>({
      query: () => '/admin/markets',
      transformResponse: (r: Items<AdminMarket>) => r.items,
      providesTags: ['Markets'],
    }),
    saveMarket: build.mutation<AdminMarket, { id?: string; body: MarketInput | MarketUpdate }>({
      query: ({ id, body }) => ({ url: id ? `/admin/markets/${id}` : '/admin/markets', method: id ? 'PATCH' : 'POST', body }),
      invalidatesTags: ['Markets', 'Product', 'Cart'],
    }),
    deleteMarket: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/markets/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Markets', 'Product', 'Cart'],
    }),
    exchangeRates: build.query<AdminExchangeRate[], void>({
      query: () => '/admin/exchange-rates',
      transformResponse: (r: Items<AdminExchangeRate>) => r.items,
      providesTags: ['Markets'],
    }),
    setExchangeRate: build.mutation<AdminExchangeRate, { currency: string } & ExchangeRateInput>({
      query: ({ currency, rate }) => ({ url: `/admin/exchange-rates/${currency}`, method: 'PUT', body: { rate } }),
      invalidatesTags: ['Markets', 'Product', 'Cart'],
    }),
    deleteExchangeRate: build.mutation<void, string>({
      query: (currency) => ({ url: `/admin/exchange-rates/${currency}`, method: 'DELETE' }),
      invalidatesTags: ['Markets'],
    }),
    variantPrices: build.query<VariantCurrencyPrice[], string>({
      query: (id) => `/admin/variants/${id}/prices`,
      transformResponse: (r: Items<VariantCurrencyPrice>) => r.items,
      providesTags: (_r, _e, id) => [{ type: 'Markets', id: `variant:${id}` }],
    }),
    setVariantPrices: build.mutation<VariantCurrencyPrice[], { id: string; items: VariantCurrencyPrice[] }>({
      query: ({ id, items }) => ({ url: `/admin/variants/${id}/prices`, method: 'PUT', body: { items } }),
      invalidatesTags: (_r, _e, { id }) => [{ type: 'Markets', id: `variant:${id}` }, 'Product', 'Cart'],
    }),
    translations: build.query<Translation[], { kind: TranslatableKind; id: string }>({
      query: ({ kind, id }) => `/admin/translations/${kind}/${id}`,
      transformResponse: (r: Items<Translation>) => r.items,
      providesTags: (_r, _e, { kind, id }) => [{ type: 'Translations', id: `${kind}:${id}` }],
    }),
    setTranslation: build.mutation<
      Translation[],
      { kind: TranslatableKind; id: string; language: string; fields: Record<string, unknown> }
    >({
      query: ({ kind, id, language, fields }) => ({
        url: `/admin/translations/${kind}/${id}/${language}`,
        method: 'PUT',
        body: { fields },
      }),
      invalidatesTags: (_r, _e, { kind, id }) => [{ type: 'Translations', id: `${kind}:${id}` }, 'Product', 'Categories'],
    }),
  }),
});

export const {
  useAdminMarketsQuery,
  useSaveMarketMutation,
  useDeleteMarketMutation,
  useExchangeRatesQuery,
  useSetExchangeRateMutation,
  useDeleteExchangeRateMutation,
  useVariantPricesQuery,
  useSetVariantPricesMutation,
  useTranslationsQuery,
  useSetTranslationMutation,
} = adminMarketsApi;
