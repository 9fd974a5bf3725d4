import type { LoginRequest, Me, MfaMethod, MfaVerifyRequest, ReauthRequest, RegisterRequest } from '@bazaar/shared';
import { publicBaseUrl, type Config } from '../../config/config';
import { isDuplicateKey, type Db, type Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, conflict, unauthenticated, validationFailed } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { SecretBox } from '../../lib/secret-box';
import { newId } from '../../lib/tokens';
import type { AuditContext, AuditService } from '../audit';
import { newSignInMessage, passwordResetMessage, verifyEmailMessage, type Mailer } from '../email';
import type { WebhookEvents } from '../webhooks';
import { hashRecoveryCode, matchTotpStep } from './mfa';
import { passwordProblems, type PasswordHasher } from './password';
import { ROLE_PERMISSIONS } from './permissions';
import type { KnownDeviceRepository } from './known-device.repository';
import { deviceKey, type SessionOrigin } from './session-origin';
import type { SessionRepository } from './session.repository';
import type { RecoveryCodeRepository, RefreshTokenRepository, UserTokenRepository } from './token.repository';
import type { UserRecord, UserRepository } from './user.repository';

export const MAX_FAILED_ATTEMPTS = 5;
export const BASE_LOCK_MINUTES = 15;
const VERIFY_EMAIL_TTL_MS = 24 * 3600_000;
const RESET_TTL_MS = 30 * 60_000;
export const REFRESH_TTL_MS = 30 * 24 * 3600_000;

/** Where a request came from, for the audit log and the session. */
export type RequestMeta = Pick<AuditContext, 'ip' | 'userAgent'>;

export function toMe(user: UserRecord): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    permissions: [...ROLE_PERMISSIONS[user.role]],
    emailVerified: user.emailVerifiedAt !== null,
    mfaEnabled: user.mfaEnabledAt !== null,
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

const invalidCredentials = () => unauthenticated('The email or password is not correct.');

export type LoginOutcome = { kind: 'signed_in'; user: UserRecord } | { kind: 'mfa_required'; userId: string; methods: MfaMethod[] };

export interface AuthServiceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  users: UserRepository;
  userTokens: UserTokenRepository;
  refreshTokens: RefreshTokenRepository;
  recoveryCodes: RecoveryCodeRepository;
  sessions: SessionRepository;
  knownDevices: KnownDeviceRepository;
  hasher: PasswordHasher;
  secretBox: SecretBox;
  audit: AuditService;
  mailer: Mailer;
  /** `customer.created`, in the registration's transaction. */
  webhooks: WebhookEvents;
  /** Whether the user has a passkey (the passkeys module answers): one makes the password sign-in ask for a second factor. */
  hasPasskeys?: (userId: string) => Promise<boolean>;
}

export class AuthService {
  constructor(private readonly d: AuthServiceDeps) {}

  private link(path: string, token: string) {
    return `${publicBaseUrl(this.d.config.http)}${path}?token=${encodeURIComponent(token)}`;
  }

  checkNewPassword(password: string, email: string, field = 'password'): void {
    const problems = passwordProblems(password, email);
    if (problems.length) throw validationFailed(problems.map((message) => ({ path: field, message })));
  }

  async register(input: RegisterRequest, meta: RequestMeta): Promise<UserRecord> {
    this.checkNewPassword(input.password, input.email);
    const passwordHash = await this.d.hasher.hash(input.password);
    const id = newId();
    await this.d.db.transaction(async (tx) => {
      await this.insertCustomer({ id, email: input.email, name: input.name, passwordHash, emailVerifiedAt: null }, meta, undefined, tx);
      const token = await this.d.userTokens.issue(id, 'verify_email', new Date(this.d.clock.now().getTime() + VERIFY_EMAIL_TTL_MS), tx);
      await this.d.mailer.send(verifyEmailMessage(input.email, input.name, this.link('/verify-email', token)), tx);
    });
    return (await this.d.users.findById(id))!;
  }

  /** Unknown emails and wrong passwords get the same answer and take as long (a dummy hash is checked). */
  async login(input: LoginRequest, meta: RequestMeta): Promise<LoginOutcome> {
    const user = await this.d.users.findByEmail(input.email);
    if (!user) {
      await this.d.hasher.verifyAgainstDummy(input.password);
      await this.d.audit.record('login_failed', meta, { email: input.email, reason: 'unknown_email' });
      throw invalidCredentials();
    }
    this.assertNotLocked(user);
    const passwordOk = user.passwordHash
      ? await this.d.hasher.verify(input.password, user.passwordHash)
      : await this.d.hasher.verifyAgainstDummy(input.password); // a provider-made account without a password
    if (!passwordOk) {
      await this.registerFailure(user.id, meta, 'wrong_password');
      throw invalidCredentials();
    }
    await this.resetFailures(user);
    return this.afterFirstFactor(user, meta);
  }

  /**
   * Sign-in by a provider that vouched for the user (OpenID Connect): the same rules as a password
   * sign-in after the password, so a locked account is refused and MFA is still asked for.
   */
  async loginVouched(user: UserRecord, meta: RequestMeta, via: Record<string, unknown>): Promise<LoginOutcome> {
    this.assertNotLocked(user);
    return this.afterFirstFactor(user, meta, via);
  }

  /** The password or a provider proved the user: the second step when the account has one, else signed in. */
  private async afterFirstFactor(user: UserRecord, meta: RequestMeta, via?: Record<string, unknown>): Promise<LoginOutcome> {
    const methods = await this.secondFactors(user);
    if (methods.length) return { kind: 'mfa_required', userId: user.id, methods };
    await this.d.audit.record('login_succeeded', { ...meta, actorUserId: user.id, targetUserId: user.id }, via);
    return { kind: 'signed_in', user };
  }

  /** A customer account for an email a provider verified: no password (the shopper may set one later), no verification email. */
  async registerVouched(
    input: { email: string; name: string },
    meta: RequestMeta,
    via: Record<string, unknown>,
    tx: Transaction,
  ): Promise<string> {
    const id = newId();
    await this.insertCustomer({ id, ...input, passwordHash: null, emailVerifiedAt: this.d.clock.now() }, meta, via, tx);
    return id;
  }

  /** A new customer row, audited and announced (`customer.created`) in `tx`; an email already taken is a 409. */
  private async insertCustomer(
    c: { id: string; email: string; name: string; passwordHash: string | null; emailVerifiedAt: Date | null },
    meta: RequestMeta,
    via: Record<string, unknown> | undefined,
    tx: Transaction,
  ): Promise<void> {
    const taken = () => conflict('An account with this email already exists.', [{ path: 'email', message: 'Already registered' }]);
    if (await this.d.users.findByEmail(c.email, tx)) throw taken();
    await this.d.users
      .insert(
        { id: c.id, email: c.email, passwordHash: c.passwordHash, name: c.name, role: 'customer', emailVerifiedAt: c.emailVerifiedAt },
        tx,
      )
      .catch((err: unknown) => {
        if (isDuplicateKey(err)) throw taken();
        throw err;
      });
    await this.d.audit.record('user_registered', { ...meta, actorUserId: c.id, targetUserId: c.id }, via, tx);
    const customer = { id: c.id, email: c.email, name: c.name, createdAt: this.d.clock.now().toISOString() };
    await this.d.webhooks.publish('customer.created', { customer }, tx);
  }

  async verifyMfa(userId: string, input: MfaVerifyRequest, meta: RequestMeta): Promise<UserRecord> {
    const user = await this.d.users.findById(userId);
    if (!user?.mfaSecretEnc) throw unauthenticated();
    this.assertNotLocked(user);
    const ctx = { ...meta, actorUserId: user.id, targetUserId: user.id };
    const now = this.d.clock.now();
    let ok: boolean;
    if ('code' in input) {
      const step = matchTotpStep(this.d.secretBox.open(user.mfaSecretEnc), input.code, now);
      // The same time step is never accepted twice for one user, even by two racing requests.
      ok = step !== undefined && (await this.d.users.claimMfaStep(user.id, step));
      if (ok) await this.d.audit.record('mfa_verified', ctx);
    } else {
      ok = await this.d.recoveryCodes.use(user.id, hashRecoveryCode(input.recoveryCode), now);
      if (ok) await this.d.audit.record('mfa_recovery_code_used', ctx);
    }
    if (!ok) {
      await this.registerFailure(user.id, meta, 'wrong_mfa_code');
      throw unauthenticated('That code is not valid.');
    }
    await this.resetFailures(user);
    await this.d.audit.record('login_succeeded', ctx, { mfa: true });
    return user;
  }

  /**
   * Proves the password again on a signed-in session (and, with MFA on, a current code): failures
   * count towards the same lockout as sign-in. Answers whether a second factor was proved.
   */
  async reauthenticate(userId: string, input: ReauthRequest, meta: RequestMeta): Promise<{ mfa: boolean }> {
    const user = await this.d.users.findById(userId);
    if (!user) throw unauthenticated();
    this.assertNotLocked(user);
    if (!user.passwordHash) {
      throw unauthenticated(
        'This account has no password: sign out and sign in again (with your provider or passkey) to confirm it is you.',
      );
    }
    if (!(await this.d.hasher.verify(input.password, user.passwordHash))) {
      await this.registerFailure(user.id, meta, 'wrong_password');
      throw unauthenticated('The password is not correct.');
    }
    const mfa = user.mfaEnabledAt !== null && user.mfaSecretEnc !== null;
    if (mfa) {
      if (!input.code) throw new AppError('MFA_REQUIRED', 'Enter the code from your authenticator app as well.');
      const step = matchTotpStep(this.d.secretBox.open(user.mfaSecretEnc!), input.code, this.d.clock.now());
      if (step === undefined || !(await this.d.users.claimMfaStep(user.id, step))) {
        await this.registerFailure(user.id, meta, 'wrong_mfa_code');
        throw unauthenticated('That code is not valid.');
      }
    }
    await this.resetFailures(user);
    await this.d.audit.record('reauthenticated', { ...meta, actorUserId: user.id, targetUserId: user.id }, { mfa });
    return { mfa };
  }

  /**
   * Every completed sign-in: remembers the device family and network, and emails the owner when
   * the account has been used before but never from this combination.
   */
  async noticeSignIn(user: UserRecord, origin: SessionOrigin, meta: RequestMeta): Promise<void> {
    const now = this.d.clock.now();
    if ((await this.d.knownDevices.record(user.id, deviceKey(origin), now)) !== 'new') return;
    const accountUrl = `${publicBaseUrl(this.d.config.http)}/account`;
    await this.d.db.transaction(async (tx) => {
      await this.d.mailer.send(newSignInMessage(user.email, user.name, { at: now, ...origin }, accountUrl), tx);
      await this.d.audit.record('new_device_signed_in', { ...meta, actorUserId: user.id, targetUserId: user.id }, { ...origin }, tx);
    });
  }

  /** The second factors the account has; a sign-in with the password alone must answer one of them. */
  async secondFactors(user: UserRecord): Promise<MfaMethod[]> {
    const methods: MfaMethod[] = [];
    if (user.mfaEnabledAt) methods.push('totp');
    if (await this.d.hasPasskeys?.(user.id)) methods.push('passkey');
    return methods;
  }

  /** A second factor other than a code (a passkey) failed for the pending user: counted like a wrong code. */
  async secondFactorFailed(userId: string, meta: RequestMeta): Promise<void> {
    await this.registerFailure(userId, meta, 'wrong_mfa_code');
  }

  /** A sign-in proved by other means than a password (a passkey): failures reset, and audited like any sign-in. */
  async signedInWith(user: UserRecord, method: string, mfa: boolean, meta: RequestMeta): Promise<void> {
    await this.resetFailures(user);
    await this.d.audit.record('login_succeeded', { ...meta, actorUserId: user.id, targetUserId: user.id }, { method, mfa });
  }

  /** Refuses the sign-in of a locked or disabled account (423 with Retry-After when it will unlock). */
  assertNotLocked(user: UserRecord): void {
    if (user.disabledAt || user.erasedAt) throw new AppError('ACCOUNT_LOCKED', 'This account has been locked. Contact support.');
    const now = this.d.clock.now().getTime();
    if (user.lockedUntil && new Date(user.lockedUntil).getTime() > now) {
      const seconds = Math.ceil((new Date(user.lockedUntil).getTime() - now) / 1000);
      throw new AppError('ACCOUNT_LOCKED', 'Too many failed attempts: this account is locked for a while.', undefined, {
        'Retry-After': String(seconds),
      });
    }
  }

  /** Counts a failure in MariaDB; the fifth locks the account for 15 minutes, doubling with each further lockout. */
  private async registerFailure(userId: string, meta: RequestMeta, reason: string): Promise<void> {
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      const user = await this.d.users.findById(userId, tx, true);
      if (!user) return;
      const ctx = { ...meta, targetUserId: userId };
      const failures = user.failedLoginCount + 1;
      if (failures >= MAX_FAILED_ATTEMPTS) {
        const minutes = BASE_LOCK_MINUTES * 2 ** user.lockoutCount;
        const lockedUntil = new Date(now.getTime() + minutes * 60_000);
        await this.d.users.update(userId, { failed_login_count: 0, lockout_count: user.lockoutCount + 1, locked_until: lockedUntil }, tx);
        await this.d.audit.record('login_failed', ctx, { reason }, tx);
        await this.d.audit.record('account_locked', ctx, { minutes, lockedUntil: lockedUntil.toISOString() }, tx);
      } else {
        await this.d.users.update(userId, { failed_login_count: failures }, tx);
        await this.d.audit.record(reason === 'wrong_mfa_code' ? 'mfa_failed' : 'login_failed', ctx, { reason }, tx);
      }
    });
  }

  private async resetFailures(user: UserRecord): Promise<void> {
    if (user.failedLoginCount || user.lockoutCount || user.lockedUntil) {
      await this.d.users.update(user.id, { failed_login_count: 0, lockout_count: 0, locked_until: null });
    }
  }

  async issueRefreshToken(userId: string): Promise<string> {
    return this.d.refreshTokens.issue(userId, newId(), new Date(this.d.clock.now().getTime() + REFRESH_TTL_MS));
  }

  /** Exchanges a remember-me token for a new one; a reused token revokes its family and is refused. */
  async refresh(token: string, meta: RequestMeta): Promise<{ user: UserRecord; token: string }> {
    const now = this.d.clock.now();
    const outcome = await this.d.refreshTokens.rotate(token, now, new Date(now.getTime() + REFRESH_TTL_MS));
    if (outcome.kind === 'reused') {
      await this.d.audit.record('refresh_token_reuse', { ...meta, targetUserId: outcome.userId });
      throw unauthenticated('This sign-in has expired. Please sign in again.');
    }
    if (outcome.kind === 'invalid') throw unauthenticated('This sign-in has expired. Please sign in again.');
    const user = await this.d.users.findById(outcome.userId);
    if (!user) throw unauthenticated();
    this.assertNotLocked(user);
    return { user, token: outcome.token };
  }

  async revokeRefreshToken(token: string): Promise<void> {
    await this.d.refreshTokens.revokeToken(token, this.d.clock.now());
  }

  async verifyEmail(token: string, meta: RequestMeta): Promise<void> {
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      const userId = await this.d.userTokens.consume(token, 'verify_email', now, tx);
      if (!userId)
        throw validationFailed([{ path: 'token', message: 'This link is invalid or has expired' }], 'This link is invalid or has expired.');
      await this.d.users.update(userId, { email_verified_at: now }, tx);
      await this.d.audit.record('email_verified', { ...meta, actorUserId: userId, targetUserId: userId }, undefined, tx);
    });
  }

  /** Always succeeds from the caller's view: whether the email exists is not revealed. */
  async forgotPassword(email: string, meta: RequestMeta): Promise<void> {
    const user = await this.d.users.findByEmail(email);
    if (!user || user.disabledAt) {
      await this.d.hasher.verifyAgainstDummy(email); // similar timing either way
      return;
    }
    await this.d.db.transaction(async (tx) => {
      const token = await this.d.userTokens.issue(user.id, 'password_reset', new Date(this.d.clock.now().getTime() + RESET_TTL_MS), tx);
      await this.d.audit.record('password_reset_requested', { ...meta, targetUserId: user.id }, undefined, tx);
      await this.d.mailer.send(passwordResetMessage(user.email, this.link('/reset-password', token)), tx);
    });
  }

  /** Sets the new password and ends every session; it never signs in, so MFA is never bypassed. */
  async resetPassword(token: string, password: string, meta: RequestMeta): Promise<void> {
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      const userId = await this.d.userTokens.consume(token, 'password_reset', now, tx);
      if (!userId)
        throw validationFailed([{ path: 'token', message: 'This link is invalid or has expired' }], 'This link is invalid or has expired.');
      const user = (await this.d.users.findById(userId, tx))!;
      this.checkNewPassword(password, user.email);
      const hash = await this.d.hasher.hash(password);
      await this.d.users.update(
        userId,
        { password_hash: hash, password_changed_at: now, failed_login_count: 0, lockout_count: 0, locked_until: null },
        tx,
      );
      await this.d.userTokens.invalidateAll(userId, 'password_reset', now, tx);
      await this.d.refreshTokens.revokeAllForUser(userId, now, tx);
      await this.d.sessions.revokeForUser(userId, undefined, tx);
      await this.d.audit.record('password_reset', { ...meta, actorUserId: userId, targetUserId: userId }, undefined, tx);
    });
  }

  /** The first admin, from ADMIN_EMAIL/ADMIN_PASSWORD, or generated and printed once. */
  async ensureFirstAdmin(generateIfMissing: boolean): Promise<void> {
    if ((await this.d.users.countByRole('admin')) > 0) return;
    const { email, password } = this.d.config.admin;
    if (email && password) {
      await this.createAdmin(email.toLowerCase(), password);
      this.d.logger.info({ email }, 'created the first admin account from ADMIN_EMAIL');
      return;
    }
    if (!generateIfMissing) {
      this.d.logger.warn('no admin account exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create one');
      return;
    }
    const generated = `${newId().replace(/-/g, '').slice(0, 20)}Bz!`;
    const adminEmail = email?.toLowerCase() ?? 'admin@bazaar.local';
    await this.createAdmin(adminEmail, generated);
    // Printed once, to the terminal only: it is not stored anywhere in clear text.
    process.stdout.write(`\n  Bazaar admin account created: ${adminEmail} / ${generated}\n  (shown once; change it after signing in)\n\n`);
  }

  private async createAdmin(email: string, password: string, tx?: Transaction): Promise<void> {
    const existing = await this.d.users.findByEmail(email, tx);
    if (existing) {
      await this.d.users.update(existing.id, { role_id: 'admin' }, tx);
      return;
    }
    await this.d.users.insert(
      {
        id: newId(),
        email,
        passwordHash: await this.d.hasher.hash(password),
        name: 'Administrator',
        role: 'admin',
        emailVerifiedAt: this.d.clock.now(),
      },
      tx,
    );
  }
}
