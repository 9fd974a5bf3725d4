import {
  IdParams,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryListQuery,
  WebhookDeliveryParams,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import type { WebhooksService } from './webhooks.service';

/** Outgoing webhook endpoints and their delivery log, for staff with `settings:write`. */
export function registerWebhookRoutes(api: ApiRegistry, webhooks: WebhooksService): void {
  const tags = ['admin: webhooks'];
  const permission = 'settings:write' as const;
  api.route({
    method: 'get',
    path: '/admin/webhooks',
    summary: 'Webhook endpoints',
    tags,
    permission,
    response: z.object({ items: z.array(WebhookEndpoint) }),
    handler: async () => ({ items: await webhooks.list() }),
  });
  api.route({
    method: 'post',
    path: '/admin/webhooks',
    summary: 'Subscribe an endpoint (https, public address); its signing secret is in this answer only',
    tags,
    permission,
    recentAuth: true,
    status: 201,
    request: { body: WebhookEndpointInput },
    response: WebhookEndpointWithSecret,
    handler: ({ body }, req) => webhooks.create(body, req.user?.id ?? null),
  });
  api.route({
    method: 'get',
    path: '/admin/webhooks/:id',
    summary: 'A webhook endpoint',
    tags,
    permission,
    request: { params: IdParams },
    response: WebhookEndpoint,
    handler: ({ params }) => webhooks.get(params.id),
  });
  api.route({
    method: 'patch',
    path: '/admin/webhooks/:id',
    summary: 'Change an endpoint’s URL, events, description, or enable/disable it',
    tags,
    permission,
    recentAuth: true,
    request: { params: IdParams, body: WebhookEndpointUpdate },
    response: WebhookEndpoint,
    handler: ({ params, body }, req) => webhooks.update(params.id, body, req.user?.id ?? null),
  });
  api.route({
    method: 'delete',
    path: '/admin/webhooks/:id',
    summary: 'Delete an endpoint and its delivery log',
    tags,
    permission,
    status: 204,
    request: { params: IdParams },
    handler: ({ params }, req) => webhooks.remove(params.id, req.user?.id ?? null),
  });
  api.route({
    method: 'post',
    path: '/admin/webhooks/:id/rotate-secret',
    summary: 'A new signing secret (in this answer only); the old one also signs for 24 h',
    tags,
    permission,
    recentAuth: true,
    status: 200,
    request: { params: IdParams },
    response: WebhookEndpointWithSecret,
    handler: ({ params }, req) => webhooks.rotateSecret(params.id, req.user?.id ?? null),
  });
  api.route({
    method: 'post',
    path: '/admin/webhooks/:id/ping',
    summary: 'Send a test event (`ping`) to the endpoint',
    tags,
    permission,
    status: 202,
    request: { params: IdParams },
    response: WebhookDelivery,
    handler: ({ params }) => webhooks.ping(params.id),
  });
  api.route({
    method: 'get',
    path: '/admin/webhooks/:id/deliveries',
    summary: 'The endpoint’s delivery log, newest first, with every attempt',
    tags,
    permission,
    request: { params: IdParams, query: WebhookDeliveryListQuery },
    response: WebhookDeliveryList,
    handler: ({ params, query }) => webhooks.deliveries(params.id, query),
  });
  api.route({
    method: 'post',
    path: '/admin/webhooks/:id/deliveries/:deliveryId/redeliver',
    summary: 'Send the delivery’s event to the endpoint again (the same event id)',
    tags,
    permission,
    status: 202,
    request: { params: WebhookDeliveryParams },
    response: WebhookDelivery,
    handler: ({ params }) => webhooks.redeliver(params.id, params.deliveryId),
  });
}
