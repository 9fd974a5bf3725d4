import type { CompleteExchange, ReceiveReturn, RefundReturn, Return, ReturnList, ReturnNote, ReturnRefundPreview } from '@bazaar/shared';
import { api } from '../../../api/apiSlice';
import { toQuery, type QueryParams } from '../../../api/query';

/** A move that only takes a note. */
export type NoteAction = 'approve' | 'reject' | 'cancel' | 'replace';

/** The staff returns queue and the moves of one return; each move changes the order too (events, refunds, stock). */
export const adminReturnsApi = api.injectEndpoints({
  endpoints: (build) => ({
    adminReturns: build.query<ReturnList, QueryParams>({
      query: (p) => `/admin/returns?${toQuery(p)}`,
      providesTags: ['AdminReturn'],
    }),
    adminReturn: build.query<Return, string>({
      query: (id) => `/admin/returns/${id}`,
      providesTags: (_r, _e, id) => [{ type: 'AdminReturn', id }],
    }),
    /** The shop's default fees for this return and what it pays back before and after them. */
    returnRefundPreview: build.query<ReturnRefundPreview, string>({
      query: (id) => `/admin/returns/${id}/refund-preview`,
      providesTags: (_r, _e, id) => [{ type: 'AdminReturn', id }],
    }),
    moveReturn: build.mutation<Return, { id: string; action: NoteAction } & ReturnNote>({
      query: ({ id, action, note }) => ({ url: `/admin/returns/${id}/${action}`, method: 'POST', body: note ? { note } : {} }),
      invalidatesTags: ['AdminReturn', 'AdminOrder'],
    }),
    receiveReturn: build.mutation<Return, { id: string } & ReceiveReturn>({
      query: ({ id, ...body }) => ({ url: `/admin/returns/${id}/receive`, method: 'POST', body }),
      invalidatesTags: ['AdminReturn', 'AdminOrder', 'Inventory', 'AdminProduct', 'Product'],
    }),
    completeExchange: build.mutation<Return, { id: string } & CompleteExchange>({
      query: ({ id, ...body }) => ({ url: `/admin/returns/${id}/complete`, method: 'POST', body }),
      invalidatesTags: ['AdminReturn', 'AdminOrder', 'Balances', 'Report'],
    }),
    refundReturn: build.mutation<Return, { id: string } & RefundReturn>({
      query: ({ id, ...body }) => ({ url: `/admin/returns/${id}/refund`, method: 'POST', body }),
      invalidatesTags: ['AdminReturn', 'AdminOrder', 'Balances', 'Report'],
    }),
  }),
});
export const {
  useAdminReturnsQuery,
  useAdminReturnQuery,
  useReturnRefundPreviewQuery,
  useMoveReturnMutation,
  useReceiveReturnMutation,
  useRefundReturnMutation,
  useCompleteExchangeMutation,
} = adminReturnsApi;
