import type { LoginRequest, LoginResponse, Me, RegisterRequest } from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { reconnectSocket } from '../../api/socket';

/** Signing in or out changes who the cart, orders and socket belong to: refetch them and reconnect. */
const afterAuthChange = {
  async onQueryStarted(_arg: unknown, { queryFulfilled, dispatch }: { queryFulfilled: Promise<unknown>; dispatch: (a: unknown) => unknown }) {
    try {
      await queryFulfilled;
      dispatch(api.util.invalidateTags(['Me', 'Cart', 'Orders', 'Wishlist', 'Product']));
      reconnectSocket();
    } catch {
      /* shown by the form */
    }
  },
};

export const accountApi = api.injectEndpoints({
  endpoints: (build) => ({
    me: build.query<Me | null, void>({
      query: () => '/me',
      providesTags: ['Me'],
      // Signed out is a normal state here, not an error.
      transformErrorResponse: (e) => e,
      async onQueryStarted(_a, { queryFulfilled }) {
        await queryFulfilled.catch(() => undefined);
      },
    }),
    login: build.mutation<LoginResponse, LoginRequest>({ query: (body) => ({ url: '/auth/login', method: 'POST', body }), ...afterAuthChange }),
    verifyMfa: build.mutation<LoginResponse, { code: string } | { recoveryCode: string }>({ query: (body) => ({ url: '/auth/mfa/verify', method: 'POST', body }), ...afterAuthChange }),
    register: build.mutation<LoginResponse, RegisterRequest>({ query: (body) => ({ url: '/auth/register', method: 'POST', body }), ...afterAuthChange }),
    logout: build.mutation<void, void>({ query: () => ({ url: '/auth/logout', method: 'POST' }), ...afterAuthChange }),
  }),
});
export const { useMeQuery, useLoginMutation, useVerifyMfaMutation, useRegisterMutation, useLogoutMutation } = accountApi;
