import type { AuthProviderId, Identity, IdentityList, OidcLinkConfirmResponse, OidcLinkPending } from '@bazaar/shared';
import { publicBaseUrl, type Config } from '../../config/config';
import type { Db, Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, conflict, notFound, unauthenticated, validationFailed } from '../../lib/errors';
import type { SecretBox } from '../../lib/secret-box';
import { newId } from '../../lib/tokens';
import type { AuthService, LoginOutcome, RequestMeta, UserRecord, UserRepository, UserTokenRepository } from '../accounts';
import type { AuditService } from '../audit';
import { identityLinkMessage, type Mailer } from '../email';
import type { IdentityRecord, IdentityRepository } from './identity.repository';
import { OidcFailureError, type AuthorizationChecks, type OidcProviders } from './oidc-providers';

/** How long an emailed link-account link works. */
export const LINK_TOKEN_TTL_MS = 30 * 60_000;
/** How long a "this email has an account: prove it" step stays open in the session. */
export const LINK_PENDING_TTL_MS = 15 * 60_000;

/** A provider sign-in waiting for the shopper to prove the existing account with that email. */
export interface PendingLink {
  provider: AuthProviderId;
  subject: string;
  email: string;
  userId: string;
  at: number;
}

export type ProviderSignIn = { kind: 'login'; outcome: LoginOutcome } | { kind: 'link_required'; link: PendingLink };

/**
 * Other ways an account can sign in besides its password and provider identities (passkeys, when
 * they come): counted so that unlinking never leaves an account with no way in.
 */
export type OtherSignInMethods = (userId: string, tx: Transaction) => Promise<number>;

export interface IdentityServiceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  users: UserRepository;
  auth: AuthService;
  identities: IdentityRepository;
  providers: OidcProviders;
  secretBox: SecretBox;
  audit: AuditService;
  mailer: Mailer;
  /** The emailed link's one-time token (single use, like a password reset's). */
  userTokens: UserTokenRepository;
  otherSignInMethods?: OtherSignInMethods;
}

interface LinkToken {
  u: string;
  p: AuthProviderId;
  s: string;
  e: string;
  exp: number;
  /** The one-time token (a `user_tokens` row) that makes the link single-use. */
  n: string;
}

const isStaff = (user: UserRecord) => user.role !== 'customer';

/**
 * Sign-in with OpenID Connect providers and the accounts' linked identities. Providers sign in
 * customers only: staff accounts keep their password and second factor.
 */
export class IdentityService {
  constructor(private readonly d: IdentityServiceDeps) {}

  providers() {
    return this.d.providers.list();
  }

  providerName(provider: string): string {
    return this.d.providers.config(provider).name;
  }

  /** Where to send the shopper, and the checks their session keeps until the callback (503 when the provider is down). */
  start(provider: AuthProviderId) {
    this.d.providers.config(provider);
    return this.d.providers.authorizationRequest(provider);
  }

  /**
   * The callback's rules, after the code exchange: a known identity signs its account in; a new
   * verified email makes a customer account; a verified email of an existing account links only once
   * the shopper proves that account; an unverified email is refused and nothing is written.
   */
  async finish(
    provider: AuthProviderId,
    params: Record<string, string>,
    checks: AuthorizationChecks,
    meta: RequestMeta,
  ): Promise<ProviderSignIn> {
    const claims = await this.d.providers.claims(provider, params, checks);
    const via = { method: 'oidc', provider };
    const known = await this.d.identities.findBySubject(provider, claims.subject);
    if (known) {
      const user = await this.d.users.findById(known.userId);
      if (!user) throw new OidcFailureError('account_locked');
      if (isStaff(user)) throw new OidcFailureError('staff_account');
      const outcome = await this.vouch(user, meta, via);
      await this.d.identities.touch(known.id, this.d.clock.now());
      return { kind: 'login', outcome };
    }
    if (!claims.email || !claims.emailVerified) {
      await this.d.audit.record('login_failed', meta, { ...via, reason: 'email_not_verified', email: claims.email });
      throw new OidcFailureError('email_not_verified');
    }
    const existing = await this.d.users.findByEmail(claims.email);
    if (existing) {
      if (isStaff(existing)) throw new OidcFailureError('staff_account');
      if (existing.disabledAt || existing.erasedAt) throw new OidcFailureError('account_locked');
      return {
        kind: 'link_required',
        link: { provider, subject: claims.subject, email: claims.email, userId: existing.id, at: this.d.clock.now().getTime() },
      };
    }
    const name = claims.name ?? claims.email.split('@')[0]!;
    const userId = await this.d.db.transaction(async (tx) => {
      const id = await this.d.auth.registerVouched({ email: claims.email!, name }, meta, via, tx);
      await this.link(id, { provider, subject: claims.subject, email: claims.email! }, meta, tx);
      return id;
    });
    return { kind: 'login', outcome: await this.vouch((await this.d.users.findById(userId))!, meta, via) };
  }

  private async vouch(user: UserRecord, meta: RequestMeta, via: Record<string, unknown>): Promise<LoginOutcome> {
    try {
      return await this.d.auth.loginVouched(user, meta, via);
    } catch (err) {
      if (err instanceof AppError && err.code === 'ACCOUNT_LOCKED') throw new OidcFailureError('account_locked');
      throw err;
    }
  }

  private async link(
    userId: string,
    identity: { provider: AuthProviderId; subject: string; email: string },
    meta: RequestMeta,
    tx: Transaction,
    how: string = 'sign_in',
  ): Promise<void> {
    const id = newId();
    await this.d.identities.insert({ id, userId, ...identity, linkedAt: this.d.clock.now() }, tx);
    await this.d.audit.record(
      'identity_linked',
      { ...meta, actorUserId: userId, targetUserId: userId },
      { provider: identity.provider, identityId: id, how },
      tx,
    );
  }

  /** The pending link as the storefront shows it, or undefined when there is none (or it went stale). */
  pending(link: PendingLink | undefined): OidcLinkPending | undefined {
    if (!link || this.d.clock.now().getTime() - link.at > LINK_PENDING_TTL_MS) return undefined;
    return { provider: link.provider, providerName: this.providerName(link.provider), email: link.email };
  }

  private livePending(link: PendingLink | undefined): PendingLink {
    if (!this.pending(link)) throw unauthenticated('Start again: sign in with the provider first.');
    return link!;
  }

  /**
   * The shopper proves the account with its password (wrong passwords count towards the lockout like
   * any sign-in); then the identity is linked and the sign-in goes on as a password sign-in would (MFA included).
   */
  async linkWithPassword(pendingLink: PendingLink | undefined, password: string, meta: RequestMeta): Promise<LoginOutcome> {
    const link = this.livePending(pendingLink);
    const user = await this.d.users.findById(link.userId);
    if (!user) throw unauthenticated();
    const outcome = await this.d.auth.login({ email: user.email, password }, meta);
    await this.d.db.transaction(async (tx) => {
      const linked = await this.d.identities.findBySubject(link.provider, link.subject, tx);
      if (linked && linked.userId !== user.id) throw conflict('This provider account is already linked to another account.');
      if (!linked) await this.link(user.id, link, meta, tx, 'password');
    });
    return outcome;
  }

  /** Emails the account's own address a signed, expiring link that links the identity when followed. */
  async emailLink(pendingLink: PendingLink | undefined, meta: RequestMeta): Promise<void> {
    const link = this.livePending(pendingLink);
    const user = await this.d.users.findById(link.userId);
    if (!user) throw unauthenticated();
    const exp = this.d.clock.now().getTime() + LINK_TOKEN_TTL_MS;
    await this.d.db.transaction(async (tx) => {
      const token: LinkToken = {
        u: user.id,
        p: link.provider,
        s: link.subject,
        e: link.email,
        exp,
        n: await this.d.userTokens.issue(user.id, 'link_identity', new Date(exp), tx),
      };
      // Sealed with AES-256-GCM: the token cannot be forged or read (the subject stays private).
      const sealed = Buffer.from(this.d.secretBox.seal(JSON.stringify(token))).toString('base64url');
      const url = `${publicBaseUrl(this.d.config.http)}/link-account?token=${sealed}`;
      await this.d.audit.record('identity_link_emailed', { ...meta, targetUserId: user.id }, { provider: link.provider }, tx);
      await this.d.mailer.send(identityLinkMessage(user.email, this.providerName(link.provider), url), tx);
    });
  }

  /** Follows an emailed link: links the identity (it does not sign in: the next provider sign-in does). */
  async confirmLink(sealed: string, meta: RequestMeta): Promise<OidcLinkConfirmResponse> {
    const invalid = () =>
      validationFailed([{ path: 'token', message: 'This link is invalid or has expired' }], 'This link is invalid or has expired.');
    let token: LinkToken;
    try {
      token = JSON.parse(this.d.secretBox.open(Buffer.from(sealed, 'base64url').toString('utf8'))) as LinkToken;
    } catch {
      throw invalid();
    }
    if (typeof token.exp !== 'number' || token.exp <= this.d.clock.now().getTime()) throw invalid();
    const providerName = this.providerName(token.p);
    await this.d.db.transaction(async (tx) => {
      // Used once: a second visit of the same link links nothing (rolled back with the rest on a refusal).
      if (typeof token.n !== 'string' || (await this.d.userTokens.consume(token.n, 'link_identity', this.d.clock.now(), tx)) !== token.u)
        throw invalid();
      const user = await this.d.users.findById(token.u, tx, true);
      if (!user || user.disabledAt || user.erasedAt || isStaff(user)) throw invalid();
      const linked = await this.d.identities.findBySubject(token.p, token.s, tx);
      if (linked && linked.userId !== user.id) throw conflict('This provider account is already linked to another account.');
      if (!linked) await this.link(user.id, { provider: token.p, subject: token.s, email: token.e }, meta, tx, 'email');
    });
    return { providerName, email: token.e };
  }

  private async methods(user: UserRecord, identities: IdentityRecord[], tx: Transaction): Promise<number> {
    const others = this.d.otherSignInMethods ? await this.d.otherSignInMethods(user.id, tx) : 0;
    return (user.passwordHash ? 1 : 0) + identities.length + others;
  }

  async list(userId: string): Promise<IdentityList> {
    return this.d.db.transaction(async (tx) => {
      const user = await this.d.users.findById(userId, tx);
      if (!user) throw unauthenticated();
      const identities = await this.d.identities.listForUser(userId, tx);
      const canUnlink = (await this.methods(user, identities, tx)) > 1;
      const items: Identity[] = identities.map((i) => ({
        id: i.id,
        provider: i.provider as AuthProviderId,
        providerName: this.providerNameOrId(i.provider),
        email: i.email,
        linkedAt: new Date(i.linkedAt).toISOString(),
        canUnlink,
      }));
      return { items, hasPassword: user.passwordHash !== null };
    });
  }

  /** A provider no longer configured still shows (and can be unlinked) under its id. */
  private providerNameOrId(provider: string): string {
    try {
      return this.providerName(provider);
    } catch {
      return provider;
    }
  }

  /** Refused (409) when it is the account's last way to sign in; under the user's row lock, so two unlinks cannot both pass. */
  async unlink(userId: string, identityId: string, meta: RequestMeta): Promise<void> {
    await this.d.db.transaction(async (tx) => {
      const user = await this.d.users.findById(userId, tx, true);
      if (!user) throw unauthenticated();
      const identities = await this.d.identities.listForUser(userId, tx);
      const target = identities.find((i) => i.id === identityId);
      if (!target) throw notFound('The linked sign-in');
      if ((await this.methods(user, identities, tx)) <= 1) {
        throw conflict('This is your only way to sign in: set a password (or link another provider) before unlinking it.');
      }
      await this.d.identities.remove(userId, identityId, tx);
      await this.d.audit.record(
        'identity_unlinked',
        { ...meta, actorUserId: userId, targetUserId: userId },
        { provider: target.provider, identityId },
        tx,
      );
    });
  }
}
