import type {
  LoginResponse,
  Passkey,
  PasskeyCreationOptions,
  PasskeyList,
  PasskeyMfaRequest,
  PasskeyRegisterRequest,
  PasskeyRequestOptions,
  PasskeySignInRequest,
  PasskeySignInResponse,
} from '@bazaar/shared';
import { api } from '../../api/apiSlice';
import { afterAuthChange } from '../account/account.api';

export const passkeysApi = api.injectEndpoints({
  endpoints: (build) => ({
    passkeys: build.query<Passkey[], void>({
      query: () => '/me/passkeys',
      transformResponse: (r: PasskeyList) => r.items,
      providesTags: ['Passkeys'],
    }),
    passkeyCreationOptions: build.mutation<PasskeyCreationOptions, void>({
      query: () => ({ url: '/me/passkeys/options', method: 'POST' }),
    }),
    addPasskey: build.mutation<Passkey, PasskeyRegisterRequest>({
      query: (body) => ({ url: '/me/passkeys', method: 'POST', body }),
      invalidatesTags: ['Passkeys'],
    }),
    renamePasskey: build.mutation<Passkey, { id: string; name: string }>({
      query: ({ id, name }) => ({ url: `/me/passkeys/${id}`, method: 'PATCH', body: { name } }),
      invalidatesTags: ['Passkeys'],
    }),
    removePasskey: build.mutation<void, string>({
      query: (id) => ({ url: `/me/passkeys/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Passkeys'],
    }),
    passkeySignInOptions: build.mutation<PasskeyRequestOptions, void>({
      query: () => ({ url: '/auth/passkey/options', method: 'POST' }),
    }),
    passkeySignIn: build.mutation<PasskeySignInResponse, PasskeySignInRequest>({
      query: (body) => ({ url: '/auth/passkey/verify', method: 'POST', body }),
      ...afterAuthChange,
    }),
    passkeyMfaOptions: build.mutation<PasskeyRequestOptions, void>({
      query: () => ({ url: '/auth/mfa/passkey/options', method: 'POST' }),
    }),
    passkeyMfa: build.mutation<LoginResponse, PasskeyMfaRequest>({
      query: (body) => ({ url: '/auth/mfa/passkey/verify', method: 'POST', body }),
      ...afterAuthChange,
    }),
    passkeyReauthOptions: build.mutation<PasskeyRequestOptions, void>({
      query: () => ({ url: '/auth/reauth/passkey/options', method: 'POST' }),
    }),
    passkeyReauth: build.mutation<void, PasskeyMfaRequest>({
      query: (body) => ({ url: '/auth/reauth/passkey/verify', method: 'POST', body }),
    }),
  }),
});

export const {
  usePasskeysQuery,
  usePasskeyCreationOptionsMutation,
  useAddPasskeyMutation,
  useRenamePasskeyMutation,
  useRemovePasskeyMutation,
  usePasskeySignInOptionsMutation,
  usePasskeySignInMutation,
  usePasskeyMfaOptionsMutation,
  usePasskeyMfaMutation,
  usePasskeyReauthOptionsMutation,
  usePasskeyReauthMutation,
} = passkeysApi;
