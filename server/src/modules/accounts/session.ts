import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { Role } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Clock } from '../../lib/clock';
import type { CachedSessionStore } from './session-store';
import { deviceOf, networkOf, originOf, userAgentDigest, type SessionOrigin } from './session-origin';

declare module 'express-session' {
  interface SessionData {
    /** Signed-in user; the sessions table indexes this field (generated column). */
    userId?: string;
    role?: Role;
    /** True when this sign-in passed a second factor. */
    mfa?: boolean;
    /** Password was right, the TOTP step is still to come. */
    mfaPendingUserId?: string;
    rememberPending?: boolean;
    /** The guest cart to merge once the MFA step completes. */
    guestCartBeforeMfa?: string;
    createdAt?: number;
    lastSeenAt?: number;
    /** When this session last proved the password (sign-in or POST /auth/reauth); unset after a remember-me refresh. */
    authAt?: number;
    /** The origin the session signed in (or last re-authenticated) from: network and device family, see session-origin.ts. */
    network?: string | null;
    device?: string;
    /** A digest of the full user-agent string, for SESSION_BIND_USER_AGENT. */
    userAgentDigest?: string;
    /** The last time the session was used from another origin than its baseline. */
    changed?: { network: string | null; device: string; at: number };
    /** Sessions from before origins were kept held the full address and user agent; they are replaced on their next request. */
    ip?: string;
    userAgent?: string;
    csrfSecret?: string;
    /** Set by an admin's role change: the next request gets a new session id. */
    rotate?: boolean;
  }
}

/** The id shown to users for a session: a hash, because the real id is the bearer secret. */
export const publicSessionId = (sid: string) => createHash('sha256').update(sid).digest('base64url').slice(0, 22);

export function sessionMiddleware(config: Config, store: CachedSessionStore): RequestHandler {
  return session({
    name: config.session.cookieName,
    secret: config.secrets.sessionSecret,
    store,
    resave: false,
    // Guests get a session only when something is stored in it (a CSRF secret, a cart).
    saveUninitialized: false,
    rolling: false,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: config.session.sameSite,
      secure: config.cookieSecure,
      path: '/',
      maxAge: config.session.idleTimeoutSeconds * 1000,
    },
  });
}

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const save = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

/** The session's origin fields for this request: the baseline the anomaly rule compares with. */
const originFields = (req: Request) => ({ ...originOf(req), userAgentDigest: userAgentDigest(req.get('user-agent')) });

/** Stamp a new session with its birth, origin and activity. */
export function initialiseSession(req: Request, now: number): void {
  req.session.createdAt ??= now;
  req.session.lastSeenAt ??= now;
  if (req.session.device === undefined) Object.assign(req.session, originFields(req));
}

/**
 * A fresh session id carrying over only what is named (no fixation: whatever an attacker planted
 * in the old id is useless afterwards).
 */
export async function renewSession(req: Request, now: number, keep: Partial<session.SessionData> = {}): Promise<void> {
  await regenerate(req);
  Object.assign(req.session, { createdAt: now, lastSeenAt: now, ...originFields(req) }, keep);
  await save(req);
}

/**
 * `proved`: the password (or another credential) was presented just now, which stamps `authAt`;
 * a remember-me refresh is a sign-in that proved nothing and leaves it unset.
 */
export async function signIn(req: Request, user: { id: string; role: Role }, now: number, mfa: boolean, proved = true): Promise<void> {
  await renewSession(req, now, { userId: user.id, role: user.role, mfa, ...(proved ? { authAt: now } : {}) });
}

/** After POST /auth/reauth: the password is fresh again and this request's origin is the new baseline. */
export function reauthenticated(req: Request, now: number, mfa: boolean): void {
  Object.assign(req.session, { authAt: now, ...originFields(req) });
  if (mfa) req.session.mfa = true;
  delete req.session.changed;
}

/** Whether the session is being used from another network or device family than its baseline. */
export const originChanged = (s: session.SessionData, origin: SessionOrigin): boolean =>
  origin.network !== (s.network ?? null) || origin.device !== s.device;

export function endSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
}

/**
 * Enforces what express-session does not: the absolute lifetime, idle expiry measured on our
 * clock, optional user-agent binding and admin-requested rotation; marks a session used from another
 * origin than its sign-in's; and records activity at most once per touch interval (one write a
 * minute, not one per request).
 */
export function sessionLifecycle(config: Config, clock: Clock): RequestHandler {
  const { idleTimeoutSeconds, absoluteTimeoutSeconds, touchIntervalSeconds, bindUserAgent } = config.session;
  return async (req, _res, next) => {
    const s = existingSession(req);
    if (!s?.createdAt) return next();
    const now = clock.now().getTime();
    const idle = now - (s.lastSeenAt ?? s.createdAt) > idleTimeoutSeconds * 1000;
    const tooOld = now - s.createdAt > absoluteTimeoutSeconds * 1000;
    if (s.userId && s.device === undefined) upgradeLegacyOrigin(s);
    const foreignAgent = bindUserAgent && !!s.userId && s.userAgentDigest !== userAgentDigest(req.get('user-agent'));
    if (idle || tooOld || foreignAgent) {
      // Not destroy(): the request carries on as a guest with a fresh, still unsaved session.
      await regenerate(req);
      return next();
    }
    if (s.userId) markChangedOrigin(s, originOf(req), now);
    if (s.rotate) {
      const { cookie: _cookie, rotate: _rotate, ...data } = s;
      await renewSession(req, now, { ...data, lastSeenAt: now });
      return next();
    }
    if (now - (s.lastSeenAt ?? 0) >= touchIntervalSeconds * 1000) {
      s.lastSeenAt = now;
      s.cookie.maxAge = idleTimeoutSeconds * 1000;
    }
    next();
  };
}

/** A session stored before origins were kept: its stored address and user agent become its origin, and are dropped. */
function upgradeLegacyOrigin(s: session.SessionData): void {
  Object.assign(s, { network: networkOf(s.ip), device: deviceOf(s.userAgent), userAgentDigest: userAgentDigest(s.userAgent) });
  delete s.ip;
  delete s.userAgent;
}

/** Records (once per distinct origin, so not a write per request) that the session is used from somewhere new. */
function markChangedOrigin(s: session.SessionData, origin: SessionOrigin, now: number): void {
  if (!originChanged(s, origin)) return;
  if (s.changed && s.changed.network === origin.network && s.changed.device === origin.device) return;
  s.changed = { network: origin.network, device: origin.device, at: now };
}

/** Whether a request carries a session cookie (of any value: express-session decides if it is valid). */
export function sessionCookieTest(cookieName: string): (req: Request) => boolean {
  const pattern = new RegExp(`(?:^|;)\\s*${cookieName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=`);
  return (req) => pattern.test(req.headers.cookie ?? '');
}

const NOT_STARTED = Symbol('session not started');
const SESSION_PROPS = ['session', 'sessionID', 'sessionStore'] as const;

/**
 * express-session that, for a request without a session cookie, starts only when the request first
 * uses `req.session` (or its id). Without a cookie express-session would create an empty session
 * synchronously (a random id, two hashes of it, response hooks) and then drop it unsaved; catalog
 * and search reads by cookie-less clients (crawlers, link previews, the first page of a visit) never
 * use it. Started on first use it is the very same session: express-session runs exactly as it
 * would have, just later (before the response, when the handler touches it).
 */
export function lazySession(session: RequestHandler, cookieName: string): RequestHandler {
  const hasSessionCookie = sessionCookieTest(cookieName);
  return (req, res, next) => {
    if (req.session || hasSessionCookie(req)) return session(req, res, next);
    const lazy = req as unknown as Record<string | symbol, unknown>;
    const start = () => {
      if (!lazy[NOT_STARTED]) return;
      delete lazy[NOT_STARTED];
      for (const prop of SESSION_PROPS) delete lazy[prop];
      let failure: unknown;
      session(req, res, (err?: unknown) => {
        failure = err;
      });
      if (failure) throw failure;
    };
    lazy[NOT_STARTED] = true;
    for (const prop of SESSION_PROPS) {
      Object.defineProperty(req, prop, {
        configurable: true,
        enumerable: true,
        get() {
          start();
          return lazy[prop];
        },
        set(value: unknown) {
          start();
          lazy[prop] = value;
        },
      });
    }
    next();
  };
}

/** The request's session, or undefined when it has none yet (a cookie-less request that has not used one): never starts one. */
export const existingSession = (req: Request): Request['session'] | undefined =>
  (req as unknown as Record<symbol, unknown>)[NOT_STARTED] ? undefined : req.session;
