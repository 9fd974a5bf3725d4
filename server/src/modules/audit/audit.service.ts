import type { AuditEntry } from '@bazaar/shared';
import type { Transaction } from '../../db/db';
import { currentAuditActor } from './audit-actor';
import type { AuditRepository } from './audit.repository';

export type AuditEvent =
  | 'store_credit_adjusted'
  | 'gift_card_issued'
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
  | 'passkey_registered'
  | 'passkey_removed'
  | 'passkey_refused'
  | 'password_changed'
  | 'reauthenticated'
  | 'new_device_signed_in'
  | 'password_set'
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
  | 'api_key_created'
  | 'api_key_revoked'
  // Staff actions that move goods or money.
  | 'order_fulfilled'
  | 'order_cancelled'
  | 'order_refunded'
  | 'order_drafted'
  | 'order_marked_paid'
  | 'order_edited'
  // Staff changes to what things cost.
  | 'exchange_rate_changed'
  // Outgoing webhooks: who may receive the shop's events.
  | 'webhook_endpoint_created'
  | 'webhook_endpoint_changed'
  | 'webhook_endpoint_deleted'
  | 'webhook_secret_rotated'
  | 'webhook_endpoint_disabled'
  // Provider accounts (OpenID Connect) linked to or unlinked from an account.
  | 'identity_linked'
  | 'identity_unlinked'
  | 'identity_link_emailed';

export interface AuditContext {
  actorUserId?: string | null;
  targetUserId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export type { AuditEntry };

/**
 * Security events, appended in the caller's transaction when there is one. An entry written while
 * serving a request made with an API key names the key (`withAuditActor`) next to its creator.
 */
export class AuditService {
  constructor(private readonly logs: AuditRepository) {}

  async record(event: AuditEvent, ctx: AuditContext, details?: Record<string, unknown>, tx?: Transaction): Promise<void> {
    await this.logs.insert(
      {
        event,
        actorUserId: ctx.actorUserId ?? null,
        actorApiKeyId: currentAuditActor()?.apiKeyId ?? null,
        targetUserId: ctx.targetUserId ?? null,
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent?.slice(0, 255) ?? null,
        details: details ? JSON.stringify(details) : null,
      },
      tx,
    );
  }

  async list(filter: {
    event?: string;
    userId?: string;
    apiKeyId?: string;
    from?: string;
    to?: string;
    page: number;
    limit: number;
  }): Promise<{ items: AuditEntry[]; total: number }> {
    const { items, total } = await this.logs.list({
      ...filter,
      from: filter.from ? new Date(filter.from) : undefined,
      to: filter.to ? new Date(filter.to) : undefined,
    });
    return { total, items: items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
  }
}
