import type { SessionData } from 'express-session';
import type { Db, Transaction } from '../../db/db';
import type { CachedSessionStore } from './session-store';
import { publicSessionId } from './session';

export interface StoredSession {
  sid: string;
  publicId: string;
  data: SessionData;
}

/** Queries over the sessions table through its indexed user_id column. */
export class SessionRepository {
  constructor(
    private readonly db: Db,
    private readonly store: CachedSessionStore,
  ) {}

  async listForUser(userId: string): Promise<StoredSession[]> {
    const rows = await this.db.select<{ session_id: string; data: string }>(
      'SELECT session_id, data FROM sessions WHERE user_id = ? AND expires >= UNIX_TIMESTAMP() ORDER BY session_id',
      [userId],
    );
    return rows.map((r) => ({ sid: r.session_id, publicId: publicSessionId(r.session_id), data: JSON.parse(r.data) as SessionData }));
  }

  /** Deletes the user's sessions (all, or all but one) and forgets cached copies. Returns how many. */
  async revokeForUser(userId: string, exceptSid?: string, tx?: Transaction): Promise<number> {
    const rows = await this.db.select<{ session_id: string }>('SELECT session_id FROM sessions WHERE user_id = ? FOR UPDATE', [userId], tx);
    const sids = rows.map((r) => r.session_id).filter((sid) => sid !== exceptSid);
    if (!sids.length) return 0;
    await this.db.execute('DELETE FROM sessions WHERE session_id IN (?)', [sids], tx);
    this.store.invalidate(sids);
    return sids.length;
  }

  async revokeOne(userId: string, publicId: string): Promise<boolean> {
    const target = (await this.listForUser(userId)).find((s) => s.publicId === publicId);
    if (!target) return false;
    await this.db.execute('DELETE FROM sessions WHERE session_id = ? AND user_id = ?', [target.sid, userId]);
    this.store.invalidate([target.sid]);
    return true;
  }

  /** After a role change: every session of the user takes the new role and gets a new id on its next request. */
  async markForRotation(userId: string, role: string, tx?: Transaction): Promise<void> {
    const rows = await this.db.select<{ session_id: string }>('SELECT session_id FROM sessions WHERE user_id = ?', [userId], tx);
    await this.db.execute(`UPDATE sessions SET data = JSON_SET(data, '$.role', ?, '$.rotate', true) WHERE user_id = ?`, [role, userId], tx);
    this.store.invalidate(rows.map((r) => r.session_id));
  }

  async countActive(): Promise<number> {
    const row = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE expires >= UNIX_TIMESTAMP()');
    return Number(row?.n ?? 0);
  }

  async deleteExpired(): Promise<number> {
    return (await this.db.execute('DELETE FROM sessions WHERE expires < UNIX_TIMESTAMP()')).affectedRows;
  }
}
