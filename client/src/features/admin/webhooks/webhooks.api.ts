import type {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
} from '@bazaar/shared';
import { api } from '../../../api/apiSlice';

/** Outgoing webhook endpoints and their delivery logs. */
export const webhooksApi = api.injectEndpoints({
  endpoints: (build) => ({
    webhookEndpoints: build.query<WebhookEndpoint[], void>({
      query: () => '/admin/webhooks',
      transformResponse: (r: { items: WebhookEndpoint[] }) => r.items,
      providesTags: ['Webhooks'],
    }),
    createWebhookEndpoint: build.mutation<WebhookEndpointWithSecret, WebhookEndpointInput>({
      query: (body) => ({ url: '/admin/webhooks', method: 'POST', body }),
      invalidatesTags: ['Webhooks'],
    }),
    updateWebhookEndpoint: build.mutation<WebhookEndpoint, { id: string; body: WebhookEndpointUpdate }>({
      query: ({ id, body }) => ({ url: `/admin/webhooks/${id}`, method: 'PATCH', body }),
      invalidatesTags: ['Webhooks'],
    }),
    deleteWebhookEndpoint: build.mutation<void, string>({
      query: (id) => ({ url: `/admin/webhooks/${id}`, method: 'DELETE' }),
      invalidatesTags: ['Webhooks'],
    }),
    rotateWebhookSecret: build.mutation<WebhookEndpointWithSecret, string>({
      query: (id) => ({ url: `/admin/webhooks/${id}/rotate-secret`, method: 'POST' }),
      invalidatesTags: ['Webhooks'],
    }),
    pingWebhookEndpoint: build.mutation<WebhookDelivery, string>({
      query: (id) => ({ url: `/admin/webhooks/${id}/ping`, method: 'POST' }),
      invalidatesTags: ['Webhooks'],
    }),
    webhookDeliveries: build.query<WebhookDeliveryList, { id: string; page: number }>({
      query: ({ id, page }) => `/admin/webhooks/${id}/deliveries?page=${page}&limit=20`,
      providesTags: ['Webhooks'],
    }),
    redeliverWebhook: build.mutation<WebhookDelivery, { id: string; deliveryId: number }>({
      query: ({ id, deliveryId }) => ({ url: `/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`, method: 'POST' }),
      invalidatesTags: ['Webhooks'],
    }),
  }),
});

export const {
  useWebhookEndpointsQuery,
  useCreateWebhookEndpointMutation,
  useUpdateWebhookEndpointMutation,
  useDeleteWebhookEndpointMutation,
  useRotateWebhookSecretMutation,
  usePingWebhookEndpointMutation,
  useWebhookDeliveriesQuery,
  useRedeliverWebhookMutation,
} = webhooksApi;
