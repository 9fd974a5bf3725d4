import type {
  AdminPromotion,
  Paginated,
  PromotionCode,
  PromotionCodesInput,
  PromotionInput,
  PromotionPreview,
  PromotionPreviewRequest,
  PromotionReport,
  PromotionUpdate,
} from '@bazaar/shared';
import { api } from '../../../api/apiSlice';

/** Promotions (with the pricing settings' cache tag: a change re-prices carts too), their codes and reports. */
export const adminPromotionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    promotions: build.query<AdminPromotion[], void>({
      query: () => '/admin/promotions',
      transformResponse: (r: { items: AdminPromotion[] }) => r.items,
      providesTags: ['Pricing'],
    }),
    savePromotion: build.mutation<AdminPromotion, { id?: string; body: PromotionInput | PromotionUpdate }>({
      query: ({ id, body }) => ({ url: id ? `/admin/promotions/${id}` : '/admin/promotions', method: id ? 'PATCH' : 'POST', body }),
      invalidatesTags: ['Pricing', 'Cart'],
    }),
    deletePromotion: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/promotions/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Pricing', 'Cart'],
    }),
    previewPromotion: build.mutation<PromotionPreview, PromotionPreviewRequest>({
      query: (body) => ({ url: '/admin/promotions/preview', method: 'POST', body }),
    }),
    promotionCodes: build.query<Paginated<PromotionCode>, { id: string; page: number }>({
      query: ({ id, page }) => `/admin/promotions/${id}/codes?page=${page}&limit=50`,
      providesTags: ['Pricing'],
    }),
    addPromotionCodes: build.mutation<{ codes: string[] }, { id: string; body: PromotionCodesInput }>({
      query: ({ id, body }) => ({ url: `/admin/promotions/${id}/codes`, method: 'POST', body }),
      invalidatesTags: ['Pricing'],
    }),
    promotionReport: build.query<PromotionReport, string>({
      query: (id) => `/admin/promotions/${id}/report`,
      providesTags: ['Pricing'],
    }),
  }),
});

export const {
  usePromotionsQuery,
  useSavePromotionMutation,
  useDeletePromotionMutation,
  usePreviewPromotionMutation,
  usePromotionCodesQuery,
  useAddPromotionCodesMutation,
  usePromotionReportQuery,
} = adminPromotionsApi;
