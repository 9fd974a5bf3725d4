import type { Request, RequestHandler, Response } from 'express';
import { AdminEraseRequest, DataExport, EraseMyDataRequest, ErasureResult, IdParams } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { ApiRegistry } from '../../lib/api-registry';
import { utcDay } from '../../lib/days';
import { currentUser, endSession, refreshCookie, requestMeta } from '../accounts';
import type { VisitorCookie } from '../analytics';
import type { PrivacyService } from './privacy.service';

export interface PrivacyRouteDeps {
  config: Config;
  privacy: PrivacyService;
  visitors: VisitorCookie;
  /** Erasure checks a password: the sign-in rate limit applies. */
  passwordRateLimit: RequestHandler;
}

/** A download, never cached (it is a person's whole record). */
function asDownload(res: Response, name: string) {
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
}

const requester = (req: Request) => ({ ...requestMeta(req), actorUserId: currentUser(req).id, sessionId: req.sessionID });

export function registerPrivacyRoutes(api: ApiRegistry, d: PrivacyRouteDeps): void {
  const rt = refreshCookie(d.config);

  api.route({
    method: 'get',
    path: '/me/data-export',
    summary: 'Everything held about the signed-in shopper, as a JSON download (GDPR access and portability)',
    tags: ['me'],
    auth: 'user',
    response: DataExport,
    handler: (_i, req, res) => {
      asDownload(res, `bazaar-my-data-${utcDay(new Date())}.json`);
      return d.privacy.exportData(currentUser(req).id, requester(req));
    },
  });
  api.route({
    method: 'post',
    path: '/me/erase',
    summary: 'Erase own personal data (password again): account anonymised and signed out everywhere; orders kept, anonymised',
    tags: ['me'],
    auth: 'user',
    status: 200,
    guards: [d.passwordRateLimit],
    request: { body: EraseMyDataRequest },
    response: ErasureResult,
    handler: async ({ body }, req, res) => {
      const result = await d.privacy.eraseSelf(currentUser(req).id, body.password, requestMeta(req));
      rt.clear(res);
      d.visitors.clear(res);
      await endSession(req);
      res.clearCookie(d.config.session.cookieName, { path: '/' });
      return result;
    },
  });

  api.route({
    method: 'get',
    path: '/admin/users/:id/export',
    summary: "An account's data export (GDPR request handled by staff; audited)",
    tags: ['admin: users'],
    permission: 'users:manage',
    request: { params: IdParams },
    response: DataExport,
    handler: ({ params }, req, res) => {
      asDownload(res, `bazaar-user-${params.id}.json`);
      return d.privacy.exportData(params.id, { ...requestMeta(req), actorUserId: currentUser(req).id });
    },
  });
  api.route({
    method: 'post',
    path: '/admin/users/:id/erase',
    summary: "Erase an account's personal data (body: the account's email as confirmation); orders kept, anonymised; audited",
    tags: ['admin: users'],
    permission: 'users:manage',
    status: 200,
    request: { params: IdParams, body: AdminEraseRequest },
    response: ErasureResult,
    handler: ({ params, body }, req) => d.privacy.adminErase(params.id, body.confirm, requester(req)),
  });
}
