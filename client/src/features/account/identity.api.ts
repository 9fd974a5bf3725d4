import type {
  AuthProvider,
  AuthProviderList,
  IdentityList,
  LoginResponse,
  OidcLinkConfirmResponse,
  OidcLinkPending,
  OidcLinkWithPasswordRequest,
} from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { afterAuthChange } from './account.api';

/** Sign-in with OpenID Connect providers: the buttons, the link-account step, and the account's sign-in methods. */
export const identityApi = api.injectEndpoints({
  endpoints: (build) => ({
    authProviders: build.query<AuthProvider[], void>({
      query: () => '/auth/providers',
      transformResponse: (r: AuthProviderList) => r.items,
    }),
    pendingLink: build.query<OidcLinkPending, void>({ query: () => '/auth/oidc/link' }),
    linkWithPassword: build.mutation<LoginResponse, OidcLinkWithPasswordRequest>({
      query: (body) => ({ url: '/auth/oidc/link', method: 'POST', body }),
      ...afterAuthChange,
    }),
    emailLink: build.mutation<void, void>({ query: () => ({ url: '/auth/oidc/link/email', method: 'POST' }) }),
    confirmLink: build.mutation<OidcLinkConfirmResponse, string>({
      query: (token) => ({ url: '/auth/oidc/link/confirm', method: 'POST', body: { token } }),
    }),
    identities: build.query<IdentityList, void>({ query: () => '/me/identities', providesTags: ['Me'] }),
    unlinkIdentity: build.mutation<void, string>({
      query: (id) => ({ url: `/me/identities/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Me'],
    }),
    /** An account without a password sets its first one (no current password to give). */
    setPassword: build.mutation<void, string>({
      query: (newPassword) => ({ url: '/me/password', method: 'POST', body: { newPassword } }),
      invalidatesTags: ['Me'],
    }),
  }),
});

export const {
  useAuthProvidersQuery,
  usePendingLinkQuery,
  useLinkWithPasswordMutation,
  useEmailLinkMutation,
  useConfirmLinkMutation,
  useIdentitiesQuery,
  useUnlinkIdentityMutation,
  useSetPasswordMutation,
} = identityApi;

/** Our start route: a full-page navigation to the provider and back. */
export const providerStartUrl = (provider: AuthProvider['id'], next: string) =>
  `/api/v1/auth/oidc/${provider}/start?returnTo=${encodeURIComponent(next)}`;
