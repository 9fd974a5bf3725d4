import type { Db, Transaction } from '../../db/db';
import { newId, randomToken, sha256 } from '../../lib/tokens';

export type UserTokenPurpose = 'verify_email' | 'password_reset' | 'link_identity';

/** Single-use tokens sent by email; only their SHA-256 is stored. */
export class UserTokenRepository {
  constructor(private readonly db: Db) {}

  async issue(userId: string, purpose: UserTokenPurpose, expiresAt: Date, tx?: Transaction): Promise<string> {
    const token = randomToken();
    await this.db.execute(
      'INSERT INTO user_tokens (id, user_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))',
      [newId(), userId, purpose, sha256(token), expiresAt],
      tx,
    );
    return token;
  }

  /** Marks the token used and returns its user, or undefined when unknown, used or expired. */
  async consume(token: string, purpose: UserTokenPurpose, now: Date, tx: Transaction): Promise<string | undefined> {
    const row = await this.db.one<{ id: string; user_id: string; expires_at: Date; used_at: Date | null }>(
      'SELECT id, user_id, expires_at, used_at FROM user_tokens WHERE token_hash = ? AND purpose = ? FOR UPDATE',
      [sha256(token), purpose],
      tx,
    );
    if (!row || row.used_at || new Date(row.expires_at) <= now) return undefined;
    await this.db.execute('UPDATE user_tokens SET used_at = ? WHERE id = ?', [now, row.id], tx);
    return row.user_id;
  }

  /** Tokens that expired before `olderThan`. */
  async deleteExpired(olderThan: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM user_tokens WHERE expires_at < ?', [olderThan])).affectedRows;
  }

  async invalidateAll(userId: string, purpose: UserTokenPurpose, now: Date, tx?: Transaction): Promise<void> {
    await this.db.execute(
      'UPDATE user_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL',
      [now, userId, purpose],
      tx,
    );
  }
}

export type RefreshOutcome = { kind: 'rotated'; userId: string; token: string } | { kind: 'reused'; userId: string } | { kind: 'invalid' };

/** Remember-me tokens: rotated on every use; a used token presented again burns its whole family. */
export class RefreshTokenRepository {
  constructor(private readonly db: Db) {}

  async issue(userId: string, familyId: string, expiresAt: Date, tx?: Transaction): Promise<string> {
    const token = randomToken();
    await this.db.execute(
      'INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))',
      [newId(), userId, familyId, sha256(token), expiresAt],
      tx,
    );
    return token;
  }

  async rotate(token: string, now: Date, expiresAt: Date): Promise<RefreshOutcome> {
    return this.db.transaction(async (tx) => {
      const row = await this.db.one<{
        id: string;
        user_id: string;
        family_id: string;
        expires_at: Date;
        used_at: Date | null;
        revoked_at: Date | null;
      }>('SELECT * FROM refresh_tokens WHERE token_hash = ? FOR UPDATE', [sha256(token)], tx);
      if (!row) return { kind: 'invalid' } as const;
      if (row.used_at || row.revoked_at) {
        await this.db.execute(
          'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
          [now, row.family_id],
          tx,
        );
        return { kind: 'reused', userId: row.user_id } as const;
      }
      if (new Date(row.expires_at) <= now) return { kind: 'invalid' } as const;
      await this.db.execute('UPDATE refresh_tokens SET used_at = ? WHERE id = ?', [now, row.id], tx);
      return { kind: 'rotated', userId: row.user_id, token: await this.issue(row.user_id, row.family_id, expiresAt, tx) } as const;
    });
  }

  async revokeToken(token: string, now: Date): Promise<void> {
    const row = await this.db.one<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE token_hash = ?', [sha256(token)]);
    if (row)
      await this.db.execute('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [now, row.family_id]);
  }

  /** Tokens that expired, or were revoked, before `olderThan`. */
  async deleteExpired(olderThan: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM refresh_tokens WHERE expires_at < ? OR revoked_at < ?', [olderThan, olderThan]))
      .affectedRows;
  }

  async revokeAllForUser(userId: string, now: Date, tx?: Transaction): Promise<void> {
    await this.db.execute('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId], tx);
  }
}

export class RecoveryCodeRepository {
  constructor(private readonly db: Db) {}

  async replace(userId: string, hashes: string[], tx: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM mfa_recovery_codes WHERE user_id = ?', [userId], tx);
    for (const hash of hashes) {
      await this.db.execute(
        'INSERT INTO mfa_recovery_codes (id, user_id, code_hash, created_at) VALUES (?, ?, ?, UTC_TIMESTAMP(3))',
        [newId(), userId, hash],
        tx,
      );
    }
  }

  /** Uses the code once: true only for the request that marks it used. */
  async use(userId: string, hash: string, now: Date): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      'UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL',
      [now, userId, hash],
    );
    return affectedRows === 1;
  }

  async deleteAll(userId: string, tx?: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM mfa_recovery_codes WHERE user_id = ?', [userId], tx);
  }
}
