import type { Cart } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { getSocket } from '../../api/socket';

/** Every cart mutation answers the whole cart: it replaces the cached one, no refetch needed. */
const replaceCart = {
  async onQueryStarted(_arg: unknown, { dispatch, queryFulfilled }: { dispatch: (a: unknown) => unknown; queryFulfilled: Promise<{ data: Cart }> }) {
    try {
      const { data } = await queryFulfilled;
      dispatch(cartApi.util.upsertQueryData('cart', undefined, data));
    } catch {
      /* the error reaches the caller */
    }
  },
};

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
    addToCart: build.mutation<Cart, { variantId: string; quantity: number }>({ query: (body) => ({ url: '/cart/items', method: 'POST', body }), ...replaceCart }),
    updateCartItem: build.mutation<Cart, { id: string; quantity: number }>({ query: ({ id, quantity }) => ({ url: `/cart/items/${id}`, method: 'PATCH', body: { quantity } }), ...replaceCart }),
    removeCartItem: build.mutation<Cart, string>({ query: (id) => ({ url: `/cart/items/${id}`, method: 'DELETE' }), ...replaceCart }),
    applyCoupon: build.mutation<Cart, string>({ query: (code) => ({ url: '/cart/coupon', method: 'POST', body: { code } }), ...replaceCart }),
    removeCoupon: build.mutation<Cart, void>({ query: () => ({ url: '/cart/coupon', method: 'DELETE' }), ...replaceCart }),
  }),
});
export const { useCartQuery, useAddToCartMutation, useUpdateCartItemMutation, useRemoveCartItemMutation, useApplyCouponMutation, useRemoveCouponMutation } = cartApi;
