import type { Request, RequestHandler, Response } from 'express';
import {
  CsrfResponse,
  ForgotPasswordRequest,
  LoginRequest,
  LoginResponse,
  MfaVerifyRequest,
  RegisterRequest,
  ResetPasswordRequest,
  VerifyEmailRequest,
} from '@bazaar/shared';
import { z } from 'zod';
import type { Config } from '../../config/config';
import type { ApiRegistry } from '../../lib/api-registry';
import type { Clock } from '../../lib/clock';
import { AppError, unauthenticated } from '../../lib/errors';
import { toMe, type AuthService } from './auth.service';
import { csrfTokenFor, prepareCsrfToken } from './csrf';
import { refreshCookie, requestMeta } from './request-meta';
import { endSession, initialiseSession, renewSession, signIn } from './session';
import type { UserRecord } from './user.repository';

export interface AuthRouteDeps {
  config: Config;
  clock: Clock;
  auth: AuthService;
  authRateLimit: RequestHandler;
  /** Runs after a sign-in completes, with the guest cart the session held before it. */
  onSignIn?: (userId: string, guestCartId: string | undefined) => Promise<void>;
}

/** Finishes a sign-in however it was proved; every way in (password, MFA step, passkey) ends here. */
export type CompleteSignIn = (
  req: Request,
  res: Response,
  user: UserRecord,
  opts: { mfa: boolean; remember: boolean },
) => Promise<{ status: 'ok'; user: ReturnType<typeof toMe>; csrfToken: string }>;

export function registerAuthRoutes(
  api: ApiRegistry,
  { config, clock, auth, authRateLimit, onSignIn }: AuthRouteDeps,
): { completeSignIn: CompleteSignIn } {
  const rt = refreshCookie(config);
  const now = () => clock.now().getTime();

  /** Completes a sign-in: new session id, optional remember-me token, and a CSRF token for the new session. */
  async function completeSignIn(req: Request, res: Response, user: UserRecord, opts: { mfa: boolean; remember: boolean }) {
    const guestCartId = req.session.guestCartBeforeMfa ?? (req.session as { cartId?: string }).cartId;
    await signIn(req, user, now(), opts.mfa);
    await onSignIn?.(user.id, guestCartId);
    if (opts.remember) rt.set(res, await auth.issueRefreshToken(user.id));
    return { status: 'ok' as const, user: toMe(user), csrfToken: csrfTokenFor(req) };
  }

  api.route({
    method: 'get',
    path: '/auth/csrf',
    summary: 'Get a CSRF token for this session (starts a guest session if needed)',
    tags: ['auth'],
    guards: [prepareCsrfToken],
    response: CsrfResponse,
    handler: (_input, req) => {
      initialiseSession(req, now());
      return { csrfToken: csrfTokenFor(req) };
    },
  });

  api.route({
    method: 'post',
    path: '/auth/register',
    summary: 'Create a customer account and sign in',
    tags: ['auth'],
    guards: [authRateLimit],
    request: { body: RegisterRequest },
    response: LoginResponse,
    handler: async ({ body }, req, res) => {
      const user = await auth.register(body, requestMeta(req));
      return completeSignIn(req, res, user, { mfa: false, remember: false });
    },
  });

  api.route({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with email and password (then the MFA code, when enabled)',
    tags: ['auth'],
    status: 200,
    guards: [authRateLimit],
    request: { body: LoginRequest },
    response: LoginResponse,
    responses: { 401: { description: 'UNAUTHENTICATED' }, 423: { description: 'ACCOUNT_LOCKED' }, 429: { description: 'RATE_LIMITED' } },
    handler: async ({ body }, req, res) => {
      const outcome = await auth.login(body, requestMeta(req));
      if (outcome.kind === 'signed_in') return completeSignIn(req, res, outcome.user, { mfa: false, remember: body.remember });
      // Half signed in: a new id that holds only the pending user, good for nothing but /auth/mfa/verify.
      await renewSession(req, now(), {
        mfaPendingUserId: outcome.userId,
        rememberPending: body.remember,
        guestCartBeforeMfa: (req.session as { cartId?: string }).cartId,
      });
      return { status: 'mfa_required' as const, csrfToken: csrfTokenFor(req), methods: outcome.methods };
    },
  });

  api.route({
    method: 'post',
    path: '/auth/mfa/verify',
    summary: 'Finish signing in with a TOTP code or a recovery code',
    tags: ['auth'],
    status: 200,
    guards: [authRateLimit],
    request: { body: MfaVerifyRequest },
    response: LoginResponse,
    handler: async ({ body }, req, res) => {
      const pending = req.session.mfaPendingUserId;
      if (!pending) throw unauthenticated('Sign in with your password first.');
      const user = await auth.verifyMfa(pending, body, requestMeta(req));
      return completeSignIn(req, res, user, { mfa: true, remember: req.session.rememberPending === true });
    },
  });

  api.route({
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out: the session is destroyed and the remember-me token revoked',
    tags: ['auth'],
    status: 204,
    handler: async (_input, req, res) => {
      const token = rt.read(req);
      if (token) await auth.revokeRefreshToken(token);
      rt.clear(res);
      await endSession(req);
      res.clearCookie(config.session.cookieName, { path: '/' });
    },
  });

  api.route({
    method: 'post',
    path: '/auth/refresh',
    summary: 'Exchange the remember-me cookie for a fresh session (and a new token)',
    tags: ['auth'],
    status: 200,
    guards: [authRateLimit],
    response: LoginResponse,
    handler: async (_input, req, res) => {
      const token = rt.read(req);
      if (!token) throw unauthenticated('There is no remembered sign-in.');
      try {
        const { user, token: next } = await auth.refresh(token, requestMeta(req));
        rt.set(res, next);
        // The token came from a sign-in that answered the account's second factor, if it has one.
        await signIn(req, user, now(), (await auth.secondFactors(user)).length > 0);
        return { status: 'ok' as const, user: toMe(user), csrfToken: csrfTokenFor(req) };
      } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED') rt.clear(res);
        throw err;
      }
    },
  });

  api.route({
    method: 'post',
    path: '/auth/verify-email',
    summary: 'Confirm an email address with the emailed single-use token',
    tags: ['auth'],
    status: 204,
    guards: [authRateLimit],
    request: { body: VerifyEmailRequest },
    handler: async ({ body }, req) => {
      await auth.verifyEmail(body.token, requestMeta(req));
    },
  });

  api.route({
    method: 'post',
    path: '/auth/password/forgot',
    summary: 'Email a password-reset link (always 202, whether or not the account exists)',
    tags: ['auth'],
    status: 202,
    guards: [authRateLimit],
    request: { body: ForgotPasswordRequest },
    response: z.object({ status: z.literal('accepted') }),
    handler: async ({ body }, req) => {
      await auth.forgotPassword(body.email, requestMeta(req));
      return { status: 'accepted' as const };
    },
  });

  api.route({
    method: 'post',
    path: '/auth/password/reset',
    summary: 'Set a new password with the emailed token; every session ends',
    tags: ['auth'],
    status: 204,
    guards: [authRateLimit],
    request: { body: ResetPasswordRequest },
    handler: async ({ body }, req) => {
      await auth.resetPassword(body.token, body.password, requestMeta(req));
    },
  });

  return { completeSignIn };
}
