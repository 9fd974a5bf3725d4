import type { Request, RequestHandler } from 'express';
import { forbidden } from '../../lib/errors';
import { withAuditActor } from '../audit';
import type { ApiKeyService } from './api-key.service';

const BEARER = /^Bearer[ \t]+(\S*)[ \t]*$/i;

/**
 * `Authorization: Bearer <api key>` on the API: the key is checked (401 when wrong, revoked or
 * expired), `req.apiKey` and `req.user` (its creator, with the key's permissions) are set, the key's
 * rate limit counts the request, and what follows runs with the key as the audit actor. Mounted
 * before the session middleware, which bearer requests skip (`unlessApiKey`): they never get a
 * session or a cookie. Other Authorization schemes are left alone.
 */
export function apiKeyAuthentication(keys: ApiKeyService, rateLimit: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const presented = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (presented === undefined) return next();
    const { principal, user } = await keys.authenticate(presented, req.ip ?? null);
    req.apiKey = principal;
    req.user = user;
    return withAuditActor({ apiKeyId: principal.id }, () => rateLimit(req, res, next));
  };
}

/** Runs `handler` only for requests without an API key (the session middleware). */
export const unlessApiKey =
  (handler: RequestHandler): RequestHandler =>
  (req, res, next) =>
    req.apiKey ? next() : handler(req, res, next);

/** The API key a request came with, if it did. */
export const apiKeyOf = (req: Request) => req.apiKey;

/**
 * Refuses requests made with an API key: keys are for the admin API (routes declared with a
 * permission) only. The registry puts it on every other route (the storefront, /me, /cart, sign-in);
 * a route that staff must do themselves (managing keys) adds it as a guard.
 */
export const refuseApiKey: RequestHandler = (req, _res, next) =>
  req.apiKey
    ? next(forbidden('API keys can only be used on the admin API (routes that need a staff permission), not on this route.'))
    : next();
