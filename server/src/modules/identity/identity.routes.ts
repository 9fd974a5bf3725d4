import type { Request, RequestHandler, Response } from 'express';
import {
  AuthProviderList,
  IdentityList,
  IdParams,
  LoginResponse,
  OidcCallbackQuery,
  OidcLinkConfirmRequest,
  OidcLinkConfirmResponse,
  OidcLinkPending,
  OidcLinkWithPasswordRequest,
  OidcProviderParams,
  OidcStartQuery,
  type AuthProviderId,
  type OidcFailure,
} from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import type { Clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { currentUser, initialiseSession, prepareCsrfToken, requestMeta, type SignInCompletion } from '../accounts';
import type { IdentityService, PendingLink } from './identity.service';
import { OidcFailureError, type AuthorizationChecks } from './oidc-providers';

declare module 'express-session' {
  interface SessionData {
    /** A provider sign-in under way: the checks the callback must match, and where to go after it. */
    oidcFlow?: AuthorizationChecks & { provider: AuthProviderId; returnTo: string; startedAt: number };
    /** A provider sign-in whose email has an account: linked once the shopper proves that account. */
    oidcLink?: PendingLink & { returnTo: string };
  }
}

/** How long the shopper may take at the provider before the callback is refused. */
const FLOW_TTL_MS = 10 * 60_000;

export interface IdentityRouteDeps {
  identity: IdentityService;
  signIn: SignInCompletion;
  clock: Clock;
  logger: Logger;
  authRateLimit: RequestHandler;
}

/** The storefront's sign-in page, told what happened (it reads `step`, `next` and `signInError`). */
const loginPage = (query: Record<string, string>) => `/login?${new URLSearchParams(query).toString()}`;

export function registerIdentityRoutes(api: ApiRegistry, { identity, signIn, clock, logger, authRateLimit }: IdentityRouteDeps): void {
  const tags = ['auth'];

  api.route({
    method: 'get',
    path: '/auth/providers',
    summary: 'The OpenID Connect providers shoppers may sign in with (empty when none is configured)',
    tags,
    response: AuthProviderList,
    handler: () => ({ items: identity.providers() }),
  });

  api.route({
    method: 'get',
    path: '/auth/oidc/:provider/start',
    summary: 'Start signing in with a provider: 302 to it (code flow with PKCE, state and nonce kept in the session)',
    tags,
    status: 302,
    guards: [authRateLimit],
    request: { params: OidcProviderParams, query: OidcStartQuery },
    responses: {
      404: { description: 'NOT_FOUND: the provider is not configured' },
      503: { description: 'SERVICE_UNAVAILABLE: the provider is down' },
    },
    handler: async ({ params, query }, req, res) => {
      const { url, checks } = await identity.start(params.provider);
      initialiseSession(req, clock.now().getTime());
      req.session.oidcFlow = { ...checks, provider: params.provider, returnTo: query.returnTo ?? '/', startedAt: clock.now().getTime() };
      res.redirect(302, url);
    },
  });

  api.route({
    method: 'get',
    path: '/auth/oidc/:provider/callback',
    summary: "The provider's redirect back: signs in, asks for the MFA code, or asks to prove an existing account (302 to the storefront)",
    tags,
    status: 302,
    // Not rate-limited: a callback needs the flow a (rate-limited) start made, and a 429 here would strand
    // the shopper mid-sign-in. csurf on a GET checks nothing: it gives the new session its CSRF secret.
    guards: [prepareCsrfToken],
    request: { params: OidcProviderParams, query: OidcCallbackQuery },
    handler: async ({ params, query }, req, res) => {
      const flow = req.session.oidcFlow;
      // One callback per flow: a replayed or forged callback finds nothing to match.
      delete req.session.oidcFlow;
      const fail = (reason: OidcFailure) => res.redirect(302, loginPage({ signInError: reason }));
      if (
        !flow ||
        flow.provider !== params.provider ||
        clock.now().getTime() - flow.startedAt > FLOW_TTL_MS ||
        query.state !== flow.state
      ) {
        return fail('sign_in_expired');
      }
      if (query.error) return fail('provider_refused');
      try {
        const result = await identity.finish(params.provider, stringParams(req), flow, requestMeta(req));
        await finishSignIn(req, res, result, flow.returnTo);
      } catch (err) {
        if (!(err instanceof OidcFailureError)) throw err;
        logger.info({ provider: params.provider, reason: err.reason }, 'provider sign-in refused');
        fail(err.reason);
      }
    },
  });

  async function finishSignIn(req: Request, res: Response, result: Awaited<ReturnType<IdentityService['finish']>>, returnTo: string) {
    if (result.kind === 'link_required') {
      req.session.oidcLink = { ...result.link, returnTo };
      return res.redirect(302, loginPage({ step: 'link', next: returnTo }));
    }
    if (result.outcome.kind === 'mfa_required') {
      await signIn.awaitMfa(req, result.outcome, false);
      return res.redirect(302, loginPage({ step: 'mfa', methods: result.outcome.methods.join(','), next: returnTo }));
    }
    await signIn.complete(req, res, result.outcome.user, { mfa: false, remember: false });
    res.redirect(302, returnTo);
  }

  api.route({
    method: 'get',
    path: '/auth/oidc/link',
    summary: 'The provider sign-in waiting for the shopper to prove the existing account with its email',
    tags,
    response: OidcLinkPending,
    handler: (_i, req) => {
      const pending = identity.pending(req.session.oidcLink);
      if (!pending) throw notFound('A sign-in waiting to be linked');
      return pending;
    },
  });

  api.route({
    method: 'post',
    path: '/auth/oidc/link',
    summary: 'Prove the existing account with its password: the provider is linked and the sign-in completes (or asks for the MFA code)',
    tags,
    status: 200,
    guards: [authRateLimit],
    request: { body: OidcLinkWithPasswordRequest },
    response: LoginResponse,
    handler: async ({ body }, req, res) => {
      const outcome = await identity.linkWithPassword(req.session.oidcLink, body.password, requestMeta(req));
      if (outcome.kind === 'mfa_required') return signIn.awaitMfa(req, outcome, body.remember);
      return signIn.complete(req, res, outcome.user, { mfa: false, remember: body.remember });
    },
  });

  api.route({
    method: 'post',
    path: '/auth/oidc/link/email',
    summary: "Email the existing account's address a link (30 minutes) that links the provider",
    tags,
    status: 202,
    guards: [authRateLimit],
    response: z.object({ status: z.literal('accepted') }),
    handler: async (_i, req) => {
      await identity.emailLink(req.session.oidcLink, requestMeta(req));
      return { status: 'accepted' as const };
    },
  });

  api.route({
    method: 'post',
    path: '/auth/oidc/link/confirm',
    summary: 'Follow the emailed link: the provider is linked (sign in with it next)',
    tags,
    status: 200,
    guards: [authRateLimit],
    request: { body: OidcLinkConfirmRequest },
    response: OidcLinkConfirmResponse,
    handler: ({ body }, req) => identity.confirmLink(body.token, requestMeta(req)),
  });

  api.route({
    method: 'get',
    path: '/me/identities',
    summary: 'Own linked provider accounts, and whether the account has a password',
    tags: ['me'],
    auth: 'user',
    response: IdentityList,
    handler: (_i, req) => identity.list(currentUser(req).id),
  });

  api.route({
    method: 'delete',
    path: '/me/identities/:id',
    summary: 'Unlink a provider account (409 when it is the last way to sign in)',
    tags: ['me'],
    auth: 'user',
    status: 204,
    request: { params: IdParams },
    handler: async ({ params }, req) => {
      await identity.unlink(currentUser(req).id, params.id, requestMeta(req));
    },
  });
}

/** Every query parameter as the library reads them (code, state, iss, …), single values only. */
function stringParams(req: Request): Record<string, string> {
  const url = new URL(req.originalUrl, 'http://callback.invalid');
  return Object.fromEntries(url.searchParams.entries());
}
