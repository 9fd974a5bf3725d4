import type { OrderStatusChanged, Return, Returnability, ReturnRequest, ReturnUpdated } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { getSocket } from '../../api/socket';

/** A guest reaches their order through the signed link: the same `token` opens its returns. */
const withToken = (path: string, token?: string) => (token ? `${path}?token=${encodeURIComponent(token)}` : path);

export const returnsApi = api.injectEndpoints({
  endpoints: (build) => ({
    /**
     * What of the order may be returned or claimed now, and its returns so far; refetched when one of
     * them changes, and when the order's status does (delivery opens the return window). A refunded
     * return may have paid store credit: the balance is fetched again too.
     */
    orderReturns: build.query<Returnability, { orderId: string; token?: string }>({
      query: ({ orderId, token }) => withToken(`/orders/${orderId}/returns`, token),
      providesTags: (_r, _e, { orderId }) => [{ type: 'Returns', id: orderId }],
      async onCacheEntryAdded({ orderId }, { cacheDataLoaded, cacheEntryRemoved, dispatch }) {
        const socket = getSocket();
        const onChange = (e: ReturnUpdated | OrderStatusChanged) => {
          if (e.orderId !== orderId) return;
          const refunded = 'returnId' in e && e.status === 'refunded';
          dispatch(api.util.invalidateTags([{ type: 'Returns', id: orderId }, ...(refunded ? (['Balances'] as const) : [])]));
        };
        try {
          await cacheDataLoaded;
          socket.emit('subscribe', { orders: [orderId] }, () => undefined);
          socket.on('return:updated', onChange);
          socket.on('order:status', onChange);
        } catch {
          /* removed before it loaded */
        }
        await cacheEntryRemoved;
        socket.off('return:updated', onChange);
        socket.off('order:status', onChange);
      },
    }),
    requestReturn: build.mutation<Return, { orderId: string; token?: string; body: ReturnRequest }>({
      query: ({ orderId, token, body }) => ({ url: withToken(`/orders/${orderId}/returns`, token), method: 'POST', body }),
      invalidatesTags: (_r, _e, { orderId }) => [{ type: 'Returns', id: orderId }],
    }),
    /** Photos of the problem, while the request waits for an answer (multipart field "photos"). */
    addReturnPhotos: build.mutation<Return, { returnId: string; orderId: string; token?: string; files: File[] }>({
      query: ({ returnId, token, files }) => {
        const body = new FormData();
        for (const f of files) body.append('photos', f);
        return { url: withToken(`/returns/${returnId}/photos`, token), method: 'POST', body };
      },
      invalidatesTags: (_r, _e, { orderId }) => [{ type: 'Returns', id: orderId }],
    }),
    withdrawReturn: build.mutation<Return, { returnId: string; orderId: string; token?: string }>({
      query: ({ returnId, token }) => ({ url: withToken(`/returns/${returnId}/cancel`, token), method: 'POST' }),
      invalidatesTags: (_r, _e, { orderId }) => [{ type: 'Returns', id: orderId }],
    }),
  }),
});
export const { useAddReturnPhotosMutation, useOrderReturnsQuery, useRequestReturnMutation, useWithdrawReturnMutation } = returnsApi;
