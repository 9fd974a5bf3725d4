import type { AddCartItem, Cart } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { isQueuedOffline } from '../../api/errors';
import { getSocket } from '../../api/socket';

/**
 * Every cart mutation answers the whole cart: it replaces the cached one, no refetch needed.
 * A change the service worker queued offline is shown at once where we can (`offline`); the
 * server's cart replaces it when the queue is replayed.
 */
function replaceCart<Arg>(offline?: (draft: Cart, arg: Arg) => void) {
  return {
    async onQueryStarted(
      arg: Arg,
      { dispatch, queryFulfilled }: { dispatch: (a: unknown) => unknown; queryFulfilled: Promise<{ data: Cart }> },
    ) {
      try {
        const { data } = await queryFulfilled;
        dispatch(cartApi.util.upsertQueryData('cart', undefined, data));
      } catch (failure) {
        // The error reaches the caller either way.
        if (offline && isQueuedOffline((failure as { error?: unknown }).error))
          dispatch(cartApi.util.updateQueryData('cart', undefined, (draft) => offline(draft, arg)));
      }
    },
  };
}

function setQuantity(cart: Cart, id: string, quantity: number) {
  const line = cart.items.find((i) => i.id === id);
  if (!line) return;
  cart.itemCount += quantity - line.quantity;
  line.quantity = quantity;
  line.lineTotal.amount = line.unitPrice.amount * quantity;
  if (quantity === 0) cart.items = cart.items.filter((i) => i !== line);
}

export const cartApi = api.injectEndpoints({
  endpoints: (build) => ({
    cart: build.query<Cart, void>({
      query: () => '/cart',
      providesTags: ['Cart'],
      // Other tabs and devices of the same shopper push the recomputed cart.
      async onCacheEntryAdded(_arg, { cacheDataLoaded, cacheEntryRemoved, updateCachedData }) {
        const socket = getSocket();
        const onCart = (cart: Cart) => updateCachedData(() => cart);
        try {
          await cacheDataLoaded;
          socket.on('cart:updated', onCart);
        } catch {
          /* removed before it loaded */
        }
        await cacheEntryRemoved;
        socket.off('cart:updated', onCart);
      },
    }),
    addToCart: build.mutation<Cart, AddCartItem>({
      query: (body) => ({ url: '/cart/items', method: 'POST', body }),
      ...replaceCart(),
    }),
    updateCartItem: build.mutation<Cart, { id: string; quantity: number }>({
      query: ({ id, quantity }) => ({ url: `/cart/items/${id}`, method: 'PATCH', body: { quantity } }),
      ...replaceCart<{ id: string; quantity: number }>((cart, { id, quantity }) => setQuantity(cart, id, quantity)),
    }),
    removeCartItem: build.mutation<Cart, string>({
      query: (id) => ({ url: `/cart/items/${id}`, method: 'DELETE' }),
      ...replaceCart<string>((cart, id) => setQuantity(cart, id, 0)),
    }),
    applyCoupon: build.mutation<Cart, string>({
      query: (code) => ({ url: '/cart/coupon', method: 'POST', body: { code } }),
      ...replaceCart(),
    }),
    removeCoupon: build.mutation<Cart, void>({ query: () => ({ url: '/cart/coupon', method: 'DELETE' }), ...replaceCart() }),
    removePromotionCode: build.mutation<Cart, string>({
      query: (code) => ({ url: `/cart/promotion-codes/${encodeURIComponent(code)}`, method: 'DELETE' }),
      ...replaceCart(),
    }),
    /** PUT /cart/market: the cart priced in another market; the answer warns once (`MARKET_CHANGED`), so it is kept as is. */
    setCartMarket: build.mutation<Cart, string>({
      query: (market) => ({ url: '/cart/market', method: 'PUT', body: { market } }),
      ...replaceCart(),
    }),
  }),
});
export const {
  useCartQuery,
  useAddToCartMutation,
  useUpdateCartItemMutation,
  useRemoveCartItemMutation,
  useApplyCouponMutation,
  useRemoveCouponMutation,
  useRemovePromotionCodeMutation,
  useSetCartMarketMutation,
} = cartApi;
