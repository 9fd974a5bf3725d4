import type {
  Address,
  AdminUser,
  AdminUserListQuery,
  AdminUserUpdate,
  ChangePasswordRequest,
  MfaDisableRequest,
  MfaEnableResponse,
  MfaSetupResponse,
  Paginated,
  SavedAddressInput,
  SavedAddressUpdate,
  SessionInfo,
  UpdateProfileRequest,
} from '@bazaar/shared';
import { conflict, notFound, unauthenticated, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { AddressRepository } from './address.repository';
import type { RateLimitRepository } from './rate-limit.repository';
import { toMe, type AuthService, type AuthServiceDeps, type RequestMeta } from './auth.service';
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret, qrCodeDataUrl } from './mfa';
import type { UserRecord } from './user.repository';

const MAX_ADDRESSES = 20;

function toAdminUser(u: UserRecord, now: Date): AdminUser {
  const locked = u.lockedUntil !== null && new Date(u.lockedUntil) > now;
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    emailVerified: u.emailVerifiedAt !== null,
    mfaEnabled: u.mfaEnabledAt !== null,
    locked: locked || u.disabledAt !== null,
    lockedUntil: locked ? new Date(u.lockedUntil!).toISOString() : null,
    disabled: u.disabledAt !== null,
    erasedAt: u.erasedAt ? new Date(u.erasedAt).toISOString() : null,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

/** What a signed-in user does to their own account, and what staff do to others'. */
export class AccountService {
  constructor(
    private readonly d: AuthServiceDeps & { addresses: AddressRepository; rateLimits: RateLimitRepository },
    private readonly auth: AuthService,
  ) {}

  /** Rate-limit counters whose window has passed (a new hit starts a new window anyway). */
  pruneExpiredRateLimits(): Promise<number> {
    return this.d.rateLimits.deleteExpired(this.d.clock.now());
  }

  /** Email tokens that expired, and refresh tokens that expired or were revoked, before `olderThan`. */
  async pruneTokens(olderThan: Date): Promise<number> {
    return (await this.d.userTokens.deleteExpired(olderThan)) + (await this.d.refreshTokens.deleteExpired(olderThan));
  }

  /** Known devices (family and network) last seen before `olderThan`. */
  pruneKnownDevices(olderThan: Date): Promise<number> {
    return this.d.knownDevices.deleteUnseenSince(olderThan);
  }

  private async user(userId: string): Promise<UserRecord> {
    const user = await this.d.users.findById(userId);
    if (!user) throw unauthenticated();
    return user;
  }

  async me(userId: string) {
    return toMe(await this.user(userId));
  }

  async updateProfile(userId: string, input: UpdateProfileRequest) {
    await this.d.users.update(userId, { name: input.name });
    return this.me(userId);
  }

  /**
   * Needs the current password; every other session of the user ends (and remember-me tokens die).
   * An account without a password (made by a provider sign-in) sets its first one without it.
   */
  async changePassword(userId: string, currentSid: string, input: ChangePasswordRequest, meta: RequestMeta): Promise<void> {
    const user = await this.user(userId);
    const first = user.passwordHash === null;
    if (!first && input.currentPassword === undefined) {
      throw validationFailed([{ path: 'currentPassword', message: 'Required' }], 'Enter your current password.');
    }
    if (!first && !(await this.d.hasher.verify(input.currentPassword!, user.passwordHash!))) {
      throw validationFailed([{ path: 'currentPassword', message: 'Not your current password' }], 'The current password is not correct.');
    }
    this.auth.checkNewPassword(input.newPassword, user.email, 'newPassword');
    const hash = await this.d.hasher.hash(input.newPassword);
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      await this.d.users.update(userId, { password_hash: hash, password_changed_at: now }, tx);
      await this.d.refreshTokens.revokeAllForUser(userId, now, tx);
      const revoked = await this.d.sessions.revokeForUser(userId, currentSid, tx);
      await this.d.audit.record(
        first ? 'password_set' : 'password_changed',
        { ...meta, actorUserId: userId, targetUserId: userId },
        { sessionsRevoked: revoked },
        tx,
      );
    });
  }

  // --- addresses -------------------------------------------------------------------------

  listAddresses(userId: string): Promise<Address[]> {
    return this.d.addresses.listForUser(userId);
  }

  async addAddress(userId: string, input: SavedAddressInput): Promise<Address> {
    const id = newId();
    await this.d.db.transaction(async (tx) => {
      const existing = await this.d.addresses.lockIdsForUser(userId, tx);
      if (existing.length >= MAX_ADDRESSES) throw conflict(`You can keep at most ${MAX_ADDRESSES} addresses.`);
      const isDefault = input.isDefault ?? existing.length === 0;
      if (isDefault) await this.d.addresses.clearDefault(userId, tx);
      await this.d.addresses.insert(userId, id, { ...input, isDefault }, tx);
    });
    return (await this.d.addresses.findForUser(userId, id))!;
  }

  async updateAddress(userId: string, id: string, changes: SavedAddressUpdate): Promise<Address> {
    await this.d.db.transaction(async (tx) => {
      if (!(await this.d.addresses.findForUser(userId, id, tx))) throw notFound('The address');
      if (changes.isDefault) await this.d.addresses.clearDefault(userId, tx);
      await this.d.addresses.update(userId, id, changes, tx);
    });
    return (await this.d.addresses.findForUser(userId, id))!;
  }

  async deleteAddress(userId: string, id: string): Promise<void> {
    if (!(await this.d.addresses.delete(userId, id))) throw notFound('The address');
  }

  // --- MFA enrolment ---------------------------------------------------------------------

  /** A new secret, stored encrypted and inactive until a code proves the app has it. */
  async setupMfa(userId: string): Promise<MfaSetupResponse> {
    const user = await this.user(userId);
    if (user.mfaEnabledAt) throw conflict('Two-factor authentication is already on.');
    const secret = newTotpSecret(user.email);
    await this.d.users.update(userId, { mfa_pending_secret_enc: this.d.secretBox.seal(secret.base32) });
    return { otpauthUrl: secret.otpauthUrl, qrCodeDataUrl: await qrCodeDataUrl(secret.otpauthUrl), secret: secret.base32 };
  }

  async enableMfa(userId: string, code: string, meta: RequestMeta): Promise<MfaEnableResponse> {
    const user = await this.user(userId);
    if (user.mfaEnabledAt) throw conflict('Two-factor authentication is already on.');
    if (!user.mfaPendingSecretEnc) throw conflict('Start the set-up first (POST /api/v1/me/mfa/setup).');
    const secret = this.d.secretBox.open(user.mfaPendingSecretEnc);
    const step = matchTotpStep(secret, code, this.d.clock.now());
    if (step === undefined) throw validationFailed([{ path: 'code', message: 'That code is not valid' }], 'That code is not valid.');
    const codes = newRecoveryCodes();
    await this.d.db.transaction(async (tx) => {
      await this.d.users.update(
        userId,
        { mfa_secret_enc: user.mfaPendingSecretEnc, mfa_pending_secret_enc: null, mfa_enabled_at: this.d.clock.now(), mfa_last_step: step },
        tx,
      );
      await this.d.recoveryCodes.replace(userId, codes.map(hashRecoveryCode), tx);
      await this.d.audit.record('mfa_enabled', { ...meta, actorUserId: userId, targetUserId: userId }, undefined, tx);
    });
    return { recoveryCodes: codes };
  }

  /** Needs both the password and a current code. */
  async disableMfa(userId: string, input: MfaDisableRequest, meta: RequestMeta): Promise<void> {
    const user = await this.user(userId);
    if (!user.mfaEnabledAt || !user.mfaSecretEnc) throw conflict('Two-factor authentication is not on.');
    const passwordOk = user.passwordHash !== null && (await this.d.hasher.verify(input.password, user.passwordHash));
    const step = matchTotpStep(this.d.secretBox.open(user.mfaSecretEnc), input.code, this.d.clock.now());
    if (!passwordOk || step === undefined || !(await this.d.users.claimMfaStep(userId, step))) {
      throw validationFailed([{ path: 'code', message: 'The password or code is not valid' }], 'The password or code is not valid.');
    }
    await this.d.db.transaction(async (tx) => {
      await this.d.users.update(
        userId,
        { mfa_secret_enc: null, mfa_pending_secret_enc: null, mfa_enabled_at: null, mfa_last_step: null },
        tx,
      );
      await this.d.recoveryCodes.deleteAll(userId, tx);
      await this.d.audit.record('mfa_disabled', { ...meta, actorUserId: userId, targetUserId: userId }, undefined, tx);
    });
  }

  // --- sessions --------------------------------------------------------------------------

  async listSessions(userId: string, currentSid: string): Promise<SessionInfo[]> {
    const sessions = await this.d.sessions.listForUser(userId);
    return sessions
      .map(({ sid, publicId, data }) => ({
        id: publicId,
        current: sid === currentSid,
        network: data.network ?? null,
        device: data.device ?? null,
        changed: data.changed
          ? { network: data.changed.network, device: data.changed.device, at: new Date(data.changed.at).toISOString() }
          : null,
        createdAt: new Date(data.createdAt ?? 0).toISOString(),
        lastSeenAt: new Date(data.lastSeenAt ?? data.createdAt ?? 0).toISOString(),
      }))
      .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  async revokeSession(userId: string, publicId: string, meta: RequestMeta): Promise<void> {
    if (!(await this.d.sessions.revokeOne(userId, publicId))) throw notFound('The session');
    await this.d.audit.record('session_revoked', { ...meta, actorUserId: userId, targetUserId: userId }, { session: publicId });
  }

  async revokeOtherSessions(userId: string, currentSid: string, meta: RequestMeta): Promise<number> {
    const revoked = await this.d.sessions.revokeForUser(userId, currentSid);
    await this.d.refreshTokens.revokeAllForUser(userId, this.d.clock.now());
    await this.d.audit.record('sessions_revoked', { ...meta, actorUserId: userId, targetUserId: userId }, { revoked });
    return revoked;
  }

  // --- staff -----------------------------------------------------------------------------

  async listUsers(query: AdminUserListQuery): Promise<Paginated<AdminUser>> {
    const { items, total } = await this.d.users.list(query);
    const now = this.d.clock.now();
    return { items: items.map((u) => toAdminUser(u, now)), page: query.page, limit: query.limit, total };
  }

  async getUser(id: string): Promise<AdminUser> {
    const user = await this.d.users.findById(id);
    if (!user) throw notFound('The user');
    return toAdminUser(user, this.d.clock.now());
  }

  /** Role changes rotate the target's sessions; locking ends them. Both are audited. */
  async adminUpdateUser(actorId: string, targetId: string, change: AdminUserUpdate, meta: RequestMeta): Promise<AdminUser> {
    const now = this.d.clock.now();
    let newRole: string | undefined;
    await this.d.db.transaction(async (tx) => {
      const target = await this.d.users.findById(targetId, tx, true);
      if (!target) throw notFound('The user');
      if (target.erasedAt) throw conflict('This account was erased; it cannot be changed or unlocked.');
      const ctx = { ...meta, actorUserId: actorId, targetUserId: targetId };
      const leavesAdmin = (change.role && change.role !== 'admin') || change.locked === true;
      if (target.role === 'admin' && leavesAdmin && (await this.d.users.countByRole('admin', tx)) <= 1) {
        throw conflict('This is the last admin account: make another admin first.');
      }
      if (change.role && change.role !== target.role) {
        await this.d.users.update(targetId, { role_id: change.role }, tx);
        await this.d.audit.record('role_changed', ctx, { from: target.role, to: change.role }, tx);
        newRole = change.role;
      }
      if (change.locked === true && !target.disabledAt) {
        await this.d.users.update(targetId, { disabled_at: now }, tx);
        await this.d.refreshTokens.revokeAllForUser(targetId, now, tx);
        const revoked = await this.d.sessions.revokeForUser(targetId, undefined, tx);
        await this.d.audit.record('account_locked_by_admin', ctx, { sessionsRevoked: revoked }, tx);
      } else if (change.locked === false && (target.disabledAt || target.lockedUntil)) {
        await this.d.users.update(targetId, { disabled_at: null, locked_until: null, failed_login_count: 0, lockout_count: 0 }, tx);
        await this.d.audit.record('account_unlocked', ctx, undefined, tx);
      }
    });
    // After commit, so no request can cache the old session between the rewrite and the commit.
    if (newRole) await this.d.sessions.markForRotation(targetId, newRole);
    return this.getUser(targetId);
  }

  async adminRevokeSessions(actorId: string, targetId: string, meta: RequestMeta): Promise<number> {
    if (!(await this.d.users.findById(targetId))) throw notFound('The user');
    const revoked = await this.d.sessions.revokeForUser(targetId);
    await this.d.refreshTokens.revokeAllForUser(targetId, this.d.clock.now());
    await this.d.audit.record('sessions_revoked', { ...meta, actorUserId: actorId, targetUserId: targetId }, { revoked });
    return revoked;
  }
}
