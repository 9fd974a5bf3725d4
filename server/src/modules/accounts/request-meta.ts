import type { Request, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { Config } from '../../config/config';
import type { RequestMeta } from './auth.service';
import { REFRESH_TTL_MS } from './auth.service';

export const requestMeta = (req: Request): RequestMeta => ({ ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });

/** The remember-me cookie: httpOnly, same-site strict, 30 days; __Host- prefixed with HTTPS. */
export function refreshCookie(config: Config) {
  const name = config.cookieSecure ? '__Host-bazaar.rt' : 'bazaar.rt';
  const options = { httpOnly: true, sameSite: 'strict' as const, secure: config.cookieSecure, path: '/' };
  return {
    name,
    read: (req: Request): string | undefined => parseCookies(req.headers.cookie ?? '')[name],
    set: (res: Response, token: string) => res.cookie(name, token, { ...options, maxAge: REFRESH_TTL_MS }),
    clear: (res: Response) => res.clearCookie(name, options),
  };
}
