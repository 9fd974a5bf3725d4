import type { Db, Transaction } from '../../db/db';

/** One row of the audit log, as the service writes it (details already serialised). */
export interface AuditLogInsert {
  event: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  targetUserId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: string | null;
}

export interface AuditLogFilter {
  event?: string;
  /** Entries where the user is the actor or the target. */
  userId?: string;
  /** Entries done through this API key. */
  apiKeyId?: string;
  from?: Date;
  to?: Date;
  page: number;
  limit: number;
}

export interface AuditLogRecord {
  id: number;
  event: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  targetUserId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
}

interface AuditLogRow {
  id: number;
  event: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  target_user_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: string | Record<string, unknown> | null;
  created_at: Date;
}

const toRecord = (r: AuditLogRow): AuditLogRecord => ({
  id: Number(r.id),
  event: r.event,
  actorUserId: r.actor_user_id,
  actorApiKeyId: r.actor_api_key_id,
  targetUserId: r.target_user_id,
  ip: r.ip,
  userAgent: r.user_agent,
  details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
  createdAt: new Date(r.created_at),
});

/** The `audit_logs` table: appended to, newest first when read. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(entry: AuditLogInsert, tx?: Transaction): Promise<void> {
    await this.db.execute(
      `INSERT INTO audit_logs (event, actor_user_id, actor_api_key_id, target_user_id, ip, user_agent, details, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))`,
      [entry.event, entry.actorUserId, entry.actorApiKeyId, entry.targetUserId, entry.ip, entry.userAgent, entry.details],
      tx,
    );
  }

  async list(filter: AuditLogFilter): Promise<{ items: AuditLogRecord[]; total: number }> {
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
    if (filter.apiKeyId) {
      where.push('actor_api_key_id = ?');
      params.push(filter.apiKeyId);
    }
    if (filter.from) {
      where.push('created_at >= ?');
      params.push(filter.from);
    }
    if (filter.to) {
      where.push('created_at < ?');
      params.push(filter.to);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.select<AuditLogRow>(`SELECT * FROM audit_logs ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      (filter.page - 1) * filter.limit,
    ]);
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_logs ${clause}`, params);
    return { items: rows.map(toRecord), total: Number(count?.n ?? 0) };
  }
}
