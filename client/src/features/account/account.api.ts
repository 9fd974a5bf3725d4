import type {
  Address,
  AddressList,
  ForgotPasswordRequest,
  LoginRequest,
  LoginResponse,
  Me,
  MfaVerifyRequest,
  MfaEnableResponse,
  MfaSetupResponse,
  RegisterRequest,
  ResetPasswordRequest,
  RevokedCount,
  SavedAddressInput,
  SessionInfo,
  SessionList,
  StoreCredit,
  UpdateProfileRequest,
  WishlistAdd,
  WishlistItem,
  WishlistList,
} from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { reconnectSocket } from '../../api/socket';

/** Signing in or out changes who the cart, orders and socket belong to: refetch them and reconnect. */
export const afterAuthChange = {
  async onQueryStarted(
    _arg: unknown,
    { queryFulfilled, dispatch }: { queryFulfilled: Promise<unknown>; dispatch: (a: unknown) => unknown },
  ) {
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
    login: build.mutation<LoginResponse, LoginRequest>({
      query: (body) => ({ url: '/auth/login', method: 'POST', body }),
      ...afterAuthChange,
    }),
    verifyMfa: build.mutation<LoginResponse, MfaVerifyRequest>({
      query: (body) => ({ url: '/auth/mfa/verify', method: 'POST', body }),
      ...afterAuthChange,
    }),
    register: build.mutation<LoginResponse, RegisterRequest>({
      query: (body) => ({ url: '/auth/register', method: 'POST', body }),
      ...afterAuthChange,
    }),
    logout: build.mutation<void, void>({ query: () => ({ url: '/auth/logout', method: 'POST' }), ...afterAuthChange }),
  }),
});
export const { useMeQuery, useLoginMutation, useVerifyMfaMutation, useRegisterMutation, useLogoutMutation } = accountApi;

export const meApi = api.injectEndpoints({
  endpoints: (build) => ({
    updateProfile: build.mutation<Me, UpdateProfileRequest>({
      query: (body) => ({ url: '/me', method: 'PATCH', body }),
      // The answer is the new profile: it replaces the cached one (header, account page) without a refetch.
      async onQueryStarted(_body, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled.catch(() => ({ data: undefined }));
        if (data) dispatch(accountApi.util.upsertQueryData('me', undefined, data));
      },
    }),
    storeCredit: build.query<StoreCredit, void>({ query: () => '/me/store-credit', providesTags: ['Balances'] }),
    addresses: build.query<Address[], void>({
      query: () => '/me/addresses',
      transformResponse: (r: AddressList) => r.items,
      providesTags: ['Me'],
    }),
    addAddress: build.mutation<Address, SavedAddressInput>({
      query: (body) => ({ url: '/me/addresses', method: 'POST', body }),
      invalidatesTags: ['Me'],
    }),
    deleteAddress: build.mutation<void, string>({
      query: (id) => ({ url: `/me/addresses/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Me'],
    }),
    sessions: build.query<SessionInfo[], void>({
      query: () => '/me/sessions',
      transformResponse: (r: SessionList) => r.items,
      providesTags: ['Me'],
    }),
    revokeSession: build.mutation<void, string>({
      query: (id) => ({ url: `/me/sessions/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Me'],
    }),
    revokeOtherSessions: build.mutation<RevokedCount, void>({
      query: () => ({ url: '/me/sessions/revoke-others', method: 'POST' }),
      invalidatesTags: ['Me'],
    }),
    mfaSetup: build.mutation<MfaSetupResponse, void>({ query: () => ({ url: '/me/mfa/setup', method: 'POST' }) }),
    mfaEnable: build.mutation<MfaEnableResponse, string>({
      query: (code) => ({ url: '/me/mfa/enable', method: 'POST', body: { code } }),
      invalidatesTags: ['Me'],
    }),
    wishlist: build.query<WishlistItem[], void>({
      query: () => '/me/wishlist',
      transformResponse: (r: WishlistList) => r.items,
      providesTags: ['Wishlist'],
    }),
    addToWishlist: build.mutation<WishlistItem, WishlistAdd>({
      query: (body) => ({ url: '/me/wishlist', method: 'POST', body }),
      invalidatesTags: ['Wishlist', 'Product'],
    }),
    removeFromWishlist: build.mutation<void, string>({
      query: (id) => ({ url: `/me/wishlist/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Wishlist', 'Product'],
    }),
    forgotPassword: build.mutation<void, ForgotPasswordRequest['email']>({
      query: (email) => ({ url: '/auth/password/forgot', method: 'POST', body: { email } satisfies ForgotPasswordRequest }),
    }),
    resetPassword: build.mutation<void, ResetPasswordRequest>({
      query: (body) => ({ url: '/auth/password/reset', method: 'POST', body }),
    }),
    verifyEmail: build.mutation<void, string>({
      query: (token) => ({ url: '/auth/verify-email', method: 'POST', body: { token } }),
      invalidatesTags: ['Me'],
    }),
  }),
});
export const {
  useStoreCreditQuery,
  useUpdateProfileMutation,
  useAddressesQuery,
  useAddAddressMutation,
  useDeleteAddressMutation,
  useSessionsQuery,
  useRevokeSessionMutation,
  useRevokeOtherSessionsMutation,
  useMfaSetupMutation,
  useMfaEnableMutation,
  useWishlistQuery,
  useAddToWishlistMutation,
  useRemoveFromWishlistMutation,
  useForgotPasswordMutation,
  useResetPasswordMutation,
  useVerifyEmailMutation,
} = meApi;
