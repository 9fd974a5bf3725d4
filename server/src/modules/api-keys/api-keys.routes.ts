import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList, ApiKeyListQuery, IdParams } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser, requestMeta } from '../accounts';
import { refuseApiKey } from './api-key-auth';
import type { ApiKeyService } from './api-key.service';

/** The staff screens for keys; a key cannot list, make or revoke keys (staff do, signed in). */
export function registerApiKeyRoutes(api: ApiRegistry, keys: ApiKeyService): void {
  const tags = ['admin: API keys'];
  api.route({
    method: 'get',
    path: '/admin/api-keys',
    summary: 'API keys, newest first (never their secrets)',
    tags,
    permission: 'settings:write',
    guards: [refuseApiKey],
    request: { query: ApiKeyListQuery },
    response: ApiKeyList,
    handler: ({ query }) => keys.list(query.page, query.limit),
  });
  api.route({
    method: 'post',
    path: '/admin/api-keys',
    summary: 'Create an API key with some of your own permissions; the answer is the only time its secret is shown (audited)',
    tags,
    permission: 'settings:write',
    recentAuth: true,
    guards: [refuseApiKey],
    request: { body: ApiKeyCreate },
    response: ApiKeyCreated,
    handler: ({ body }, req) => keys.create(currentUser(req), body, requestMeta(req)),
  });
  api.route({
    method: 'post',
    path: '/admin/api-keys/:id/revoke',
    summary: 'Revoke an API key: every process refuses it from the next request on (audited)',
    tags,
    permission: 'settings:write',
    recentAuth: true,
    guards: [refuseApiKey],
    status: 200,
    request: { params: IdParams },
    response: ApiKey,
    handler: ({ params }, req) => keys.revoke(currentUser(req), params.id, requestMeta(req)),
  });
}
