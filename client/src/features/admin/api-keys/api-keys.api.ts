import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList } from '@bazaar/shared';
import { api } from '../../../api/apiSlice';

/** API keys for integrations: listed without secrets, created (the secret comes back once), revoked. */
export const apiKeysApi = api.injectEndpoints({
  endpoints: (build) => ({
    apiKeys: build.query<ApiKeyList, { page: number }>({
      query: ({ page }) => `/admin/api-keys?page=${page}`,
      providesTags: ['ApiKeys'],
    }),
    createApiKey: build.mutation<ApiKeyCreated, ApiKeyCreate>({
      query: (body) => ({ url: '/admin/api-keys', method: 'POST', body }),
      invalidatesTags: ['ApiKeys', 'Audit'],
    }),
    revokeApiKey: build.mutation<ApiKey, string>({
      query: (id) => ({ url: `/admin/api-keys/${id}/revoke`, method: 'POST' }),
      invalidatesTags: ['ApiKeys', 'Audit'],
    }),
  }),
});

export const { useApiKeysQuery, useCreateApiKeyMutation, useRevokeApiKeyMutation } = apiKeysApi;
