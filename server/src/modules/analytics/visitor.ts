import type { Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../../config/config';
import { newId } from '../../lib/tokens';

const VISITOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A consent is asked again after a year at the latest, so the cookie that remembers it lives as long. */
const VISITOR_COOKIE_MAX_AGE_MS = 365 * 86_400_000;

/** Who is browsing: the anonymous visitor id (when this browser has one) and the signed-in user. */
export interface VisitorIdentity {
  visitorId?: string;
  userId?: string;
}

/**
 * The anonymous visitor id lives in its own httpOnly cookie rather than in the session: a session
 * ends after a day idle or a week at most and gets a new id at every sign-in, while a consent must
 * be remembered for months and a visitor counted once across sign-in and sign-out. The cookie is
 * set only when the shopper makes a choice (it then records that choice, which makes it a
 * strictly necessary cookie) and holds nothing but a random id.
 */
export function visitorCookie(config: Config) {
  const name = config.cookieSecure ? '__Host-bazaar.vid' : 'bazaar.vid';
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure, path: '/' };
  const read = (req: Request): string | undefined => {
    const value = parseCookies(req.headers.cookie ?? '')[name];
    return value && VISITOR_ID.test(value) ? value : undefined;
  };
  return {
    name,
    identity: (req: Request): VisitorIdentity => ({ visitorId: read(req), userId: req.session?.userId }),
    /** This browser's visitor id: made (and its cookie set) when it has none yet; `renew` restarts the cookie's year. */
    ensure: (req: Request, res: Response, renew = false): string => {
      const existing = read(req);
      const id = existing ?? newId();
      if (!existing || renew) res.cookie(name, id, { ...options, maxAge: VISITOR_COOKIE_MAX_AGE_MS });
      return id;
    },
    clear: (res: Response) => res.clearCookie(name, options),
  };
}
export type VisitorCookie = ReturnType<typeof visitorCookie>;
