import {
  AdminUser,
  AdminUserList,
  AdminUserListQuery,
  AdminUserUpdate,
  AuditList,
  AuditListQuery,
  IdParams,
  RevokedCount,
} from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { AuditService } from '../audit';
import type { AccountService } from './account.service';
import { currentUser } from './guards';
import { requestMeta } from './request-meta';

export function registerAdminUserRoutes(api: ApiRegistry, accounts: AccountService, audit: AuditService): void {
  const tags = ['admin: users'];

  api.route({
    method: 'get',
    path: '/admin/users',
    summary: 'Search accounts',
    tags,
    permission: 'customers:read',
    request: { query: AdminUserListQuery },
    response: AdminUserList,
    handler: ({ query }) => accounts.listUsers(query),
  });
  api.route({
    method: 'get',
    path: '/admin/users/:id',
    summary: 'One account',
    tags,
    permission: 'customers:read',
    request: { params: IdParams },
    response: AdminUser,
    handler: ({ params }) => accounts.getUser(params.id),
  });
  api.route({
    method: 'patch',
    path: '/admin/users/:id',
    summary: "Change an account's role (its sessions rotate) or lock/unlock it (audited)",
    tags,
    permission: 'users:manage',
    recentAuth: true,
    request: { params: IdParams, body: AdminUserUpdate },
    response: AdminUser,
    handler: ({ params, body }, req) => accounts.adminUpdateUser(currentUser(req).id, params.id, body, requestMeta(req)),
  });
  api.route({
    method: 'post',
    path: '/admin/users/:id/sessions/revoke',
    summary: "Revoke all of an account's sessions and remembered sign-ins",
    tags,
    permission: 'users:manage',
    status: 200,
    request: { params: IdParams },
    response: RevokedCount,
    handler: async ({ params }, req) => ({ revoked: await accounts.adminRevokeSessions(currentUser(req).id, params.id, requestMeta(req)) }),
  });
  api.route({
    method: 'get',
    path: '/admin/audit-logs',
    summary: 'Security and admin events, newest first',
    tags: ['admin: audit'],
    permission: 'audit:read',
    request: { query: AuditListQuery },
    response: AuditList,
    handler: async ({ query }) => {
      const { items, total } = await audit.list({
        event: query.event,
        userId: query.user_id,
        apiKeyId: query.api_key_id,
        from: query.from,
        to: query.to,
        page: query.page,
        limit: query.limit,
      });
      return { items, total, page: query.page, limit: query.limit };
    },
  });
}
