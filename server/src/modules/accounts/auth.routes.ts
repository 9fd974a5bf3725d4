import type { RequestHandler } from 'express';
import {
  CsrfResponse,
  ForgotPasswordRequest,
  LoginRequest,
  LoginResponse,
  MfaVerifyRequest,
  ReauthRequest,
  RegisterRequest,
  ResetPasswordRequest,
  VerifyEmailRequest,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { AppError, unauthenticated } from '../../lib/errors';
import { csrfTokenFor, prepareCsrfToken } from './csrf';
import { currentUser } from './guards';
import { refreshCookie, requestMeta } from './request-meta';
import { endSession, initialiseSession, reauthenticated } from './session';
import { mfaAwaiter, signInCompleter, type SignInCompletion, type SignInDeps } from './sign-in';

export interface AuthRouteDeps extends SignInDeps {
  authRateLimit: RequestHandler;
}

export function registerAuthRoutes(api: ApiRegistry, deps: AuthRouteDeps): SignInCompletion {
  const { config, clock, auth, authRateLimit } = deps;
  const rt = refreshCookie(config);
  const now = () => clock.now().getTime();
  const completeSignIn = signInCompleter(deps);
  const awaitMfa = mfaAwaiter(deps);

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
      return awaitMfa(req, outcome, body.remember);
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
        // A remembered sign-in proves no password: sensitive actions will ask for it (POST /auth/reauth).
        // Its token came from a sign-in that answered the account's second factor, if it has one.
        const mfa = (await auth.secondFactors(user)).length > 0;
        return await completeSignIn(req, res, user, { mfa, remember: false, proved: false });
      } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHENTICATED') rt.clear(res);
        throw err;
      }
    },
  });

  api.route({
    method: 'post',
    path: '/auth/reauth',
    summary: 'Prove the password again (and a TOTP code with MFA on) before sensitive actions; re-baselines the session origin',
    tags: ['auth'],
    status: 204,
    guards: [authRateLimit],
    auth: 'user',
    request: { body: ReauthRequest },
    responses: {
      401: { description: 'UNAUTHENTICATED or MFA_REQUIRED' },
      423: { description: 'ACCOUNT_LOCKED' },
      429: { description: 'RATE_LIMITED' },
    },
    handler: async ({ body }, req) => {
      const { mfa } = await auth.reauthenticate(currentUser(req).id, body, requestMeta(req));
      reauthenticated(req, now(), mfa);
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

  return { complete: completeSignIn, awaitMfa };
}
