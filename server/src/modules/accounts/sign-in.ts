import type { Request, Response } from 'express';
import type { LoginResponse, MfaMethod } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Clock } from '../../lib/clock';
import { toMe, type AuthService } from './auth.service';
import { csrfTokenFor } from './csrf';
import { refreshCookie, requestMeta } from './request-meta';
import { renewSession, signIn } from './session';
import { originOf } from './session-origin';
import type { UserRecord } from './user.repository';

export interface SignInDeps {
  config: Config;
  clock: Clock;
  auth: AuthService;
  /** Runs after a sign-in completes, with the guest cart the session held before it. */
  onSignIn?: (userId: string, guestCartId: string | undefined) => Promise<void>;
}

export interface SignInOptions {
  /** A second factor was proved (or the sign-in method is one, such as a passkey). */
  mfa: boolean;
  remember: boolean;
  /** A credential was presented just now; false only for the remember-me refresh (see `signIn`). */
  proved?: boolean;
}

export type CompleteSignIn = (
  req: Request,
  res: Response,
  user: UserRecord,
  opts: SignInOptions,
) => Promise<Extract<LoginResponse, { status: 'ok' }>>;

/**
 * The one way a sign-in ends, whatever proved it (password, MFA, remember-me, and any later method):
 * a new session id stamped with its origin, the known-device check (a security email for a new
 * one), the guest cart merge, the optional remember-me token and a CSRF token for the new session.
 */
export function signInCompleter({ config, clock, auth, onSignIn }: SignInDeps): CompleteSignIn {
  const rt = refreshCookie(config);
  return async (req, res, user, { mfa, remember, proved = true }) => {
    const guestCartId = req.session.guestCartBeforeMfa ?? (req.session as { cartId?: string }).cartId;
    await signIn(req, user, clock.now().getTime(), mfa, proved);
    await auth.noticeSignIn(user, originOf(req), requestMeta(req));
    await onSignIn?.(user.id, guestCartId);
    if (remember) rt.set(res, await auth.issueRefreshToken(user.id));
    return { status: 'ok' as const, user: toMe(user), csrfToken: csrfTokenFor(req) };
  };
}

/** Half signed in: a new id that holds only the pending user, good for nothing but the second step. */
export function mfaAwaiter({ clock }: Pick<SignInDeps, 'clock'>) {
  return async (
    req: Request,
    pending: { userId: string; methods: MfaMethod[] },
    remember: boolean,
  ): Promise<Extract<LoginResponse, { status: 'mfa_required' }>> => {
    await renewSession(req, clock.now().getTime(), {
      mfaPendingUserId: pending.userId,
      rememberPending: remember,
      guestCartBeforeMfa: (req.session as { cartId?: string }).cartId,
    });
    return { status: 'mfa_required' as const, csrfToken: csrfTokenFor(req), methods: pending.methods };
  };
}

/**
 * How every sign-in ends, whatever proved the user (password, provider, passkey): other modules'
 * routes finish through these, so the session, cart merge, remember-me and MFA rules are the same for all.
 */
export interface SignInCompletion {
  /** New session id for the user, the guest cart merged, an optional remember-me token. */
  complete: CompleteSignIn;
  /** The half-signed-in session that waits for the second step (`/auth/mfa/verify`). */
  awaitMfa: ReturnType<typeof mfaAwaiter>;
}
