import type { Request, RequestHandler } from 'express';
import csurf from 'csurf';
import { AppError } from '../../lib/errors';

/**
 * CSRF with the synchroniser-token pattern, kept behind this one module so csurf (deprecated
 * upstream, but the one this product specifies) could be swapped for csrf-sync.
 *
 * csurf stores a secret in the session on every request that has none, which would give every
 * guest GET a session row. So it runs only where it must: on state-changing requests (and only
 * when the session already holds a secret; without one no token can be valid) and on the route
 * that issues the token.
 */
const csurfMiddleware = csurf({ sessionKey: 'session', value: (req) => req.get('x-csrf-token') ?? '' });
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const invalid = () => new AppError('CSRF_INVALID', 'The CSRF token is missing or invalid. Fetch one from GET /api/v1/auth/csrf.');

export const requireCsrfToken: RequestHandler = (req, res, next) => {
  // A request made with an API key carries no cookie, so there is nothing for a forged request to ride on.
  if (SAFE.has(req.method) || req.apiKey) return next();
  if (!req.session?.csrfSecret || !req.get('x-csrf-token')) return next(invalid());
  csurfMiddleware(req, res, (err?: unknown) => next(err ? invalid() : undefined));
};

/** For the token route: makes sure the session has a secret and returns a token for it. */
export const prepareCsrfToken: RequestHandler = (req, res, next) => csurfMiddleware(req, res, next);

/** A token for the current session (after a login renewed it, a new secret is made). */
export const csrfTokenFor = (req: Request): string => req.csrfToken();
