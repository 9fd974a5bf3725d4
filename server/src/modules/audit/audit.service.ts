import type { AuditEntry } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';

export type AuditEvent =
  | 'login_succeeded'
  | 'login_failed'
  | 'account_locked'
  | 'account_locked_by_admin'
  | 'account_unlocked'
  | 'mfa_enabled'
  | 'mfa_disabled'
  | 'mfa_verified'
  | 'mfa_failed'
  | 'mfa_recovery_code_used'
  | 'password_changed'
  | 'password_reset_requested'
  | 'password_reset'
  | 'role_changed'
  | 'sessions_revoked'
  | 'session_revoked'
  | 'refresh_token_reuse'
  | 'user_registered'
  | 'email_verified'
  | 'logout'
  | 'data_exported'
  | 'account_erased'
  | 'cache_cleared'
  // Staff actions that move goods or money.
  | 'order_fulfilled'
  | 'order_cancelled'
  | 'order_refunded';

export interface AuditContext {
  actorUserId?: string | null;
  targetUserId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export type { AuditEntry };

/** Security events, appended in the caller's transaction when there is one. */
export class AuditService {
  constructor(private readonly db: Db) {}

  async record(event: AuditEvent, ctx: AuditContext, details?: Record<string, unknown>, tx?: Transaction): Promise<void> {
    await this.db.execute(
      `INSERT INTO audit_logs (event, actor_user_id, target_user_id, ip, user_agent, details, created_at)
       VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))`,
      [
        event,
        ctx.actorUserId ?? null,
        ctx.targetUserId ?? null,
        ctx.ip ?? null,
        ctx.userAgent?.slice(0, 255) ?? null,
        details ? JSON.stringify(details) : null,
      ],
      tx,
    );
  }

  async list(filter: {
    event?: string;
    userId?: string;
    from?: string;
    to?: string;
    page: number;
    limit: number;
  }): Promise<{ items: AuditEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.event) {
      where.push('event = ?');
      params.push(filter.event);
    }
    if (filter.userId) {
      where.push('(actor_user_id = ? OR target_user_id = ?)');
      params.push(filter.userId, filter.userId);
    }
    if (filter.from) {
      where.push('created_at >= ?');
      params.push(new Date(filter.from));
    }
    if (filter.to) {
      where.push('created_at < ?');
      params.push(new Date(filter.to));
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.select<{
      id: number;
      event: string;
      actor_user_id: string | null;
      target_user_id: string | null;
      ip: string | null;
      user_agent: string | null;
      details: string | null;
      created_at: Date;
    }>(`SELECT * FROM audit_logs ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`, [...params, filter.limit, (filter.page - 1) * filter.limit]);
    const [count] = await this.db.select<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_logs ${clause}`, params);
    return {
      total: Number(count?.n ?? 0),
      items: rows.map((r) => ({
        id: Number(r.id),
        event: r.event,
        actorUserId: r.actor_user_id,
        targetUserId: r.target_user_id,
        ip: r.ip,
        userAgent: r.user_agent,
        details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }
}
