import type { Request, RequestHandler } from 'express';
import type { Permission, Role } from '@bazaar/shared';
import type { Config } from '../../config/config';
import { AppError, forbidden, unauthenticated } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import { can, STAFF_ROLES } from './permissions';
import { existingSession, originChanged } from './session';
import { originOf } from './session-origin';

export interface CurrentUser {
  id: string;
  role: Role;
  /** Set when the request came with an API key: exactly what the key may do (not the whole role). */
  permissions?: readonly Permission[];
}

/**
 * A request authenticated by an API key (set by the api-keys module's bearer middleware, which also
 * sets `req.user` to the key's creator). It has no session: CSRF does not apply and only routes
 * declared with a permission accept it.
 */
export interface ApiKeyPrincipal {
  id: string;
  prefix: string;
  name: string;
  permissions: readonly Permission[];
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: CurrentUser;
    apiKey?: ApiKeyPrincipal;
  }
}

export function currentUser(req: Request): CurrentUser {
  if (!req.user) throw unauthenticated();
  return req.user;
}

/** Signed in, fully: a session waiting for its MFA code can do nothing but verify it. */
export const requireUser: RequestHandler = (req, _res, next) => {
  const s = req.session;
  if (s?.userId && s.role) {
    req.user = { id: s.userId, role: s.role };
    return next();
  }
  if (s?.mfaPendingUserId) return next(new AppError('MFA_REQUIRED', 'Enter the code from your authenticator app to finish signing in.'));
  next(unauthenticated());
};

/** The user is set when signed in, and left unset for guests. */
export const optionalUser: RequestHandler = (req, _res, next) => {
  const s = existingSession(req);
  if (s?.userId && s.role) req.user = { id: s.userId, role: s.role };
  next();
};

export function permissionGuard(config: Config) {
  return (permission: Permission): RequestHandler =>
    (req, res, next) => {
      // A key acts with exactly its permissions; the staff MFA rule is about how a session signed in.
      if (req.apiKey) {
        return req.apiKey.permissions.includes(permission)
          ? next()
          : next(forbidden(`This API key does not have the ${permission} permission.`));
      }
      requireUser(req, res, (err?: unknown) => {
        if (err) return next(err);
        const { role } = req.user!;
        if (!can(role, permission)) return next(forbidden());
        if (config.auth.requireAdminMfa && STAFF_ROLES.includes(role) && !req.session.mfa) {
          return next(forbidden('Staff accounts must sign in with two-factor authentication for this.'));
        }
        next();
      });
    };
}

export const reauthRequired = (message: string) => new AppError('REAUTH_REQUIRED', message);

/**
 * For sensitive actions (credentials, MFA, money settings, API keys), after the user guard: the
 * password must have been proved within SESSION_REAUTH_MAX_AGE_MINUTES, and (with
 * SESSION_REAUTH_ON_CHANGE) again when the session is used from another network or device family
 * than it signed in from. POST /auth/reauth satisfies both.
 */
export function recentAuthGuard(config: Config, clock: Clock): RequestHandler {
  const { reauthOnChange, reauthMaxAgeMinutes } = config.session;
  return (req, _res, next) => {
    // A key proves its secret on every request, and no session can change origin under it.
    if (req.apiKey) return next();
    const s = req.session;
    if (!s?.userId) return next(unauthenticated());
    if (reauthOnChange && originChanged(s, originOf(req))) {
      return next(
        reauthRequired('This session is being used from another network or browser than it signed in from: enter your password again.'),
      );
    }
    const age = clock.now().getTime() - (s.authAt ?? 0);
    if (reauthMaxAgeMinutes > 0 && age > reauthMaxAgeMinutes * 60_000) {
      return next(reauthRequired('For your security, enter your password again to continue.'));
    }
    next();
  };
}
