import type { Role } from '@bazaar/shared';
import { likeContains, type Db, type Transaction } from '../../db/db';

export interface UserRecord {
  id: string;
  email: string;
  /** Null for an account made by a provider sign-in that has not set a password. */
  passwordHash: string | null;
  name: string;
  role: Role;
  emailVerifiedAt: Date | null;
  failedLoginCount: number;
  lockoutCount: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  /** Set when the account's personal data was erased: it can never sign in again. */
  erasedAt: Date | null;
  mfaSecretEnc: string | null;
  mfaPendingSecretEnc: string | null;
  mfaEnabledAt: Date | null;
  mfaLastStep: number | null;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  password_hash: string | null;
  name: string;
  role_id: Role;
  email_verified_at: Date | null;
  failed_login_count: number;
  lockout_count: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  erased_at: Date | null;
  mfa_secret_enc: string | null;
  mfa_pending_secret_enc: string | null;
  mfa_enabled_at: Date | null;
  mfa_last_step: number | bigint | null;
  created_at: Date;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  passwordHash: r.password_hash,
  name: r.name,
  role: r.role_id,
  emailVerifiedAt: r.email_verified_at,
  failedLoginCount: Number(r.failed_login_count),
  lockoutCount: Number(r.lockout_count),
  lockedUntil: r.locked_until,
  disabledAt: r.disabled_at,
  erasedAt: r.erased_at,
  mfaSecretEnc: r.mfa_secret_enc,
  mfaPendingSecretEnc: r.mfa_pending_secret_enc,
  mfaEnabledAt: r.mfa_enabled_at,
  mfaLastStep: r.mfa_last_step === null ? null : Number(r.mfa_last_step),
  createdAt: r.created_at,
});

/** The columns a service may change through `update` (never id or email by accident). */
export interface UserChanges {
  password_hash?: string;
  name?: string;
  role_id?: Role;
  email_verified_at?: Date | null;
  failed_login_count?: number;
  lockout_count?: number;
  locked_until?: Date | null;
  disabled_at?: Date | null;
  mfa_secret_enc?: string | null;
  mfa_pending_secret_enc?: string | null;
  mfa_enabled_at?: Date | null;
  mfa_last_step?: number | null;
  password_changed_at?: Date | null;
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string, tx?: Transaction, forUpdate = false): Promise<UserRecord | undefined> {
    const row = await this.db.one<UserRow>(`SELECT * FROM users WHERE id = ?${forUpdate ? ' FOR UPDATE' : ''}`, [id], tx);
    return row && toUser(row);
  }

  /** The email addresses of the admins whose accounts are not disabled. */
  async activeAdminEmails(): Promise<string[]> {
    const rows = await this.db.select<{ email: string }>("SELECT email FROM users WHERE role_id = 'admin' AND disabled_at IS NULL");
    return rows.map((r) => r.email);
  }

  async findByEmail(email: string, tx?: Transaction): Promise<UserRecord | undefined> {
    const row = await this.db.one<UserRow>('SELECT * FROM users WHERE email = ?', [email], tx);
    return row && toUser(row);
  }

  async insert(
    user: { id: string; email: string; passwordHash: string | null; name: string; role: Role; emailVerifiedAt?: Date | null },
    tx?: Transaction,
  ) {
    await this.db.execute(
      `INSERT INTO users (id, email, password_hash, name, role_id, email_verified_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [user.id, user.email, user.passwordHash, user.name, user.role, user.emailVerifiedAt ?? null],
      tx,
    );
  }

  /** Many accounts in multi-row INSERTs (the demo data's reviewers). */
  async insertMany(
    users: { id: string; email: string; passwordHash: string; name: string; role: Role; emailVerifiedAt?: Date | null; createdAt: Date }[],
    tx?: Transaction,
  ) {
    for (let i = 0; i < users.length; i += 400) {
      const chunk = users.slice(i, i + 400);
      await this.db.execute(
        `INSERT INTO users (id, email, password_hash, name, role_id, email_verified_at, created_at, updated_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((u) => [u.id, u.email, u.passwordHash, u.name, u.role, u.emailVerifiedAt ?? null, u.createdAt, u.createdAt]),
        tx,
      );
    }
  }

  async update(id: string, changes: UserChanges, tx?: Transaction): Promise<void> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (!entries.length) return;
    await this.db.execute(
      `UPDATE users SET ${entries.map(([k]) => `\`${k}\` = ?`).join(', ')}, updated_at = UTC_TIMESTAMP(3) WHERE id = ?`,
      [...entries.map(([, v]) => v), id],
      tx,
    );
  }

  /** Accept a TOTP step only if it is newer than the last one accepted (atomic: no replay, even in a race). */
  async claimMfaStep(id: string, step: number): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      'UPDATE users SET mfa_last_step = ? WHERE id = ? AND (mfa_last_step IS NULL OR mfa_last_step < ?)',
      [step, id, step],
    );
    return affectedRows === 1;
  }

  async countByRole(role: Role, tx?: Transaction): Promise<number> {
    const row = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE role_id = ? AND disabled_at IS NULL', [role], tx);
    return Number(row?.n ?? 0);
  }

  async list(filter: { q?: string; role?: Role; page: number; limit: number }): Promise<{ items: UserRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.q) {
      where.push('(email LIKE ? OR name LIKE ?)');
      const like = likeContains(filter.q);
      params.push(like, like);
    }
    if (filter.role) {
      where.push('role_id = ?');
      params.push(filter.role);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.select<UserRow>(`SELECT * FROM users ${clause} ORDER BY created_at DESC, id LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      (filter.page - 1) * filter.limit,
    ]);
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM users ${clause}`, params);
    return { items: rows.map(toUser), total: Number(count?.n ?? 0) };
  }
}
