import type { Request, RequestHandler } from 'express';
import {
  IdParams,
  Passkey,
  PasskeyCreationOptions,
  PasskeyList,
  PasskeyMfaRequest,
  PasskeyRegisterRequest,
  PasskeyRenameRequest,
  PasskeyRequestOptions,
  PasskeySignInRequest,
  PasskeySignInResponse,
} from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { Clock } from '../../lib/clock';
import { unauthenticated } from '../../lib/errors';
import { currentUser, reauthenticated, requestMeta, type CompleteSignIn } from '../accounts';
import { claimedChallenge, type PasskeyService, type PendingChallenge } from './passkey.service';

declare module 'express-session' {
  interface SessionData {
    /** The passkey challenges handed out and not yet answered (a few: the autofill request and a click may overlap). */
    passkeyChallenges?: PendingChallenge[];
  }
}

/** At most this many challenges wait in one session; a newer one pushes out the oldest. */
const MAX_PENDING_CHALLENGES = 4;

function keepChallenge(req: Request, pending: PendingChallenge): void {
  req.session.passkeyChallenges = [...(req.session.passkeyChallenges ?? []), pending].slice(-MAX_PENDING_CHALLENGES);
}

/**
 * The session's challenge this response claims to answer, removed from the session: a challenge is
 * answered once, right or wrong. Whether the response really signed it is the library's check.
 */
function takeChallenge(req: Request, response: { response: { clientDataJSON: string } }): PendingChallenge | undefined {
  const claimed = claimedChallenge(response.response.clientDataJSON);
  const all = req.session.passkeyChallenges ?? [];
  const pending = all.find((p) => p.challenge === claimed);
  if (pending) req.session.passkeyChallenges = all.filter((p) => p !== pending);
  return pending;
}

export interface PasskeyRouteDeps {
  passkeys: PasskeyService;
  authRateLimit: RequestHandler;
  /** The accounts module's sign-in ending (session renewal, guest cart merge…), the same as a password's. */
  completeSignIn: CompleteSignIn;
  clock: Clock;
}

export function registerPasskeyRoutes(api: ApiRegistry, { passkeys, authRateLimit, completeSignIn, clock }: PasskeyRouteDeps): void {
  const auth = ['auth'];
  const me = ['me'];

  api.route({
    method: 'post',
    path: '/auth/passkey/options',
    summary: 'Start a sign-in with a passkey alone (discoverable credentials: no email, no credential list)',
    tags: auth,
    status: 200,
    // Not rate-limited: a challenge costs nothing and the sign-in page asks for one on every visit
    // (the autofill request); the answer is (verify).
    response: PasskeyRequestOptions,
    handler: async (_input, req) => {
      const { options, pending } = await passkeys.signInOptions();
      keepChallenge(req, pending);
      return options;
    },
  });

  api.route({
    method: 'post',
    path: '/auth/passkey/verify',
    summary: 'Finish a passkey sign-in with the assertion the browser made; the session is signed in (with MFA)',
    tags: auth,
    status: 200,
    guards: [authRateLimit],
    request: { body: PasskeySignInRequest },
    response: PasskeySignInResponse,
    responses: { 401: { description: 'UNAUTHENTICATED' }, 423: { description: 'ACCOUNT_LOCKED' } },
    handler: async ({ body }, req, res) => {
      const user = await passkeys.signIn(body.response, takeChallenge(req, body.response), requestMeta(req));
      return completeSignIn(req, res, user, { mfa: true, remember: body.remember });
    },
  });

  api.route({
    method: 'post',
    path: '/auth/mfa/passkey/options',
    summary: "Answer the step after the password with a passkey: options listing the account's passkeys",
    tags: auth,
    status: 200,
    response: PasskeyRequestOptions,
    handler: async (_input, req) => {
      const pendingUser = req.session.mfaPendingUserId;
      if (!pendingUser) throw unauthenticated('Sign in with your password first.');
      const { options, pending } = await passkeys.secondFactorOptions(pendingUser);
      keepChallenge(req, pending);
      return options;
    },
  });

  api.route({
    method: 'post',
    path: '/auth/mfa/passkey/verify',
    summary: 'Finish signing in with a passkey instead of a TOTP code',
    tags: auth,
    status: 200,
    guards: [authRateLimit],
    request: { body: PasskeyMfaRequest },
    response: PasskeySignInResponse,
    responses: { 401: { description: 'UNAUTHENTICATED' }, 423: { description: 'ACCOUNT_LOCKED' } },
    handler: async ({ body }, req, res) => {
      const pendingUser = req.session.mfaPendingUserId;
      if (!pendingUser) throw unauthenticated('Sign in with your password first.');
      const user = await passkeys.verifySecondFactor(pendingUser, body.response, takeChallenge(req, body.response), requestMeta(req));
      return completeSignIn(req, res, user, { mfa: true, remember: req.session.rememberPending === true });
    },
  });

  api.route({
    method: 'post',
    path: '/auth/reauth/passkey/options',
    summary: "Confirm it is you with a passkey before a sensitive action: options listing the account's passkeys",
    tags: auth,
    status: 200,
    auth: 'user',
    response: PasskeyRequestOptions,
    handler: async (_input, req) => {
      const { options, pending } = await passkeys.reauthOptions(currentUser(req).id);
      keepChallenge(req, pending);
      return options;
    },
  });

  api.route({
    method: 'post',
    path: '/auth/reauth/passkey/verify',
    summary: 'Confirm it is you with a passkey (user verification required); re-baselines the session origin like /auth/reauth',
    tags: auth,
    status: 204,
    auth: 'user',
    guards: [authRateLimit],
    request: { body: PasskeyMfaRequest },
    responses: { 401: { description: 'UNAUTHENTICATED' }, 423: { description: 'ACCOUNT_LOCKED' } },
    handler: async ({ body }, req) => {
      await passkeys.verifyReauth(currentUser(req).id, body.response, takeChallenge(req, body.response), requestMeta(req));
      reauthenticated(req, clock.now().getTime(), false);
    },
  });

  api.route({
    method: 'get',
    path: '/me/passkeys',
    summary: 'Own passkeys',
    tags: me,
    auth: 'user',
    response: PasskeyList,
    handler: async (_i, req) => ({ items: await passkeys.list(currentUser(req).id) }),
  });

  api.route({
    method: 'post',
    path: '/me/passkeys/options',
    summary: 'Start adding a passkey: creation options (a discoverable credential, user verification required)',
    tags: me,
    auth: 'user',
    recentAuth: true,
    status: 200,
    response: PasskeyCreationOptions,
    handler: async (_i, req) => {
      const { options, pending } = await passkeys.registrationOptions(currentUser(req).id);
      keepChallenge(req, pending);
      return options;
    },
  });

  api.route({
    method: 'post',
    path: '/me/passkeys',
    summary: 'Add a passkey: the new credential the browser made for the options, and its name',
    tags: me,
    auth: 'user',
    request: { body: PasskeyRegisterRequest },
    response: Passkey,
    handler: ({ body }, req) => passkeys.register(currentUser(req).id, body, takeChallenge(req, body.response), requestMeta(req)),
  });

  api.route({
    method: 'patch',
    path: '/me/passkeys/:id',
    summary: 'Rename one of own passkeys',
    tags: me,
    auth: 'user',
    request: { params: IdParams, body: PasskeyRenameRequest },
    response: Passkey,
    handler: ({ params, body }, req) => passkeys.rename(currentUser(req).id, params.id, body.name),
  });

  api.route({
    method: 'delete',
    path: '/me/passkeys/:id',
    summary: 'Remove one of own passkeys (not the only way into an account without a password)',
    tags: me,
    auth: 'user',
    recentAuth: true,
    status: 204,
    request: { params: IdParams },
    handler: async ({ params }, req) => {
      await passkeys.remove(currentUser(req).id, params.id, requestMeta(req));
    },
  });
}
