import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser, requestMeta } from '../accounts';
import type { CacheControl } from './cache-control';

export function registerOpsRoutes(api: ApiRegistry, cache: CacheControl): void {
  api.route({
    method: 'post',
    path: '/admin/cache/clear',
    summary: "Clear every running process's catalog and search caches (within 2 s); audited",
    tags: ['admin: operations'],
    permission: 'settings:write',
    status: 200,
    response: z.object({ cleared: z.literal(true) }),
    handler: async (_i, req) => {
      await cache.clearAll({ ...requestMeta(req), actorUserId: currentUser(req).id });
      return { cleared: true as const };
    },
  });
}
