import type {
  CheckoutRequest,
  CheckoutResponse,
  ConfirmManualPayment,
  GiftCardBalance,
  Order,
  OrderList,
  OrderStatusChanged,
  PayOrderResponse,
  ShippingMethod,
  ShippingMethodList,
  StorefrontConfig,
} from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { getSocket } from '../../api/socket';

/** A guest's signed order token as the query string the order endpoints take. */
const tokenQuery = (token?: string) => (token ? `?token=${encodeURIComponent(token)}` : '');

export const checkoutApi = api.injectEndpoints({
  endpoints: (build) => ({
    /** Which payment form to show (Stripe Elements needs the publishable key); fixed for the session. */
    storefrontConfig: build.query<StorefrontConfig, void>({ query: () => '/config', keepUnusedDataFor: 3600 }),
    shippingMethods: build.query<ShippingMethod[], string>({
      query: (country) => `/shipping-methods?country=${country}`,
      transformResponse: (r: ShippingMethodList) => r.items,
    }),
    checkout: build.mutation<CheckoutResponse, { body: CheckoutRequest; idempotencyKey: string }>({
      query: ({ body, idempotencyKey }) => ({ url: '/checkout', method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
      // Balances were spent; an order they paid in full is paid already, and the server emptied the cart.
      invalidatesTags: (placed) => (placed?.payment === null ? ['Orders', 'Balances', 'Cart'] : ['Orders', 'Balances']),
    }),
    /** A gift card's balance by its code (404 for an unknown or expired code; rate-limited). */
    lookupGiftCard: build.mutation<GiftCardBalance, string>({
      query: (code) => ({ url: '/gift-cards/lookup', method: 'POST', body: { code } }),
    }),
    /** Pay an unpaid order from its page (a sent invoice, or a checkout left unpaid): the payment to complete. */
    payOrder: build.mutation<PayOrderResponse, { id: string; token?: string }>({
      query: ({ id, token }) => ({ url: `/orders/${id}/pay${tokenQuery(token)}`, method: 'POST' }),
    }),
    /** Manual provider only; `token` is a guest's signed order link. The order is fetched again once it is paid. */
    confirmPayment: build.mutation<Order, { paymentId: string; token?: string } & ConfirmManualPayment>({
      query: ({ paymentId, token, outcome }) => ({
        url: `/payments/${paymentId}/confirm${tokenQuery(token)}`,
        method: 'POST',
        body: { outcome },
      }),
      invalidatesTags: (order) => ['Cart', 'Orders', ...(order ? [{ type: 'Order' as const, id: order.id }] : [])],
    }),
    order: build.query<Order, { id: string; token?: string }>({
      query: ({ id, token }) => `/orders/${id}${tokenQuery(token)}`,
      providesTags: (_r, _e, { id }) => [{ type: 'Order', id }],
      // The order page follows its status live.
      async onCacheEntryAdded({ id }, { cacheDataLoaded, cacheEntryRemoved, updateCachedData }) {
        const socket = getSocket();
        const onStatus = (e: OrderStatusChanged) => {
          if (e.orderId === id)
            updateCachedData((draft) => void Object.assign(draft, { status: e.status, paymentStatus: e.paymentStatus }));
        };
        try {
          await cacheDataLoaded;
          socket.emit('subscribe', { orders: [id] }, () => undefined);
          socket.on('order:status', onStatus);
        } catch {
          /* removed before it loaded */
        }
        await cacheEntryRemoved;
        socket.off('order:status', onStatus);
      },
    }),
    myOrders: build.query<OrderList, void>({ query: () => '/orders?limit=50', providesTags: ['Orders'] }),
  }),
});
export const {
  useStorefrontConfigQuery,
  useShippingMethodsQuery,
  useCheckoutMutation,
  useLookupGiftCardMutation,
  usePayOrderMutation,
  useConfirmPaymentMutation,
  useOrderQuery,
  useMyOrdersQuery,
} = checkoutApi;
