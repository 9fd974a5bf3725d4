import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { PaginationQuery, paginated } from '../common/pagination.schemas';
import { Role } from './auth.schemas';

export const AdminUser = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    role: Role,
    emailVerified: z.boolean(),
    mfaEnabled: z.boolean(),
    locked: z.boolean(),
    lockedUntil: z.iso.datetime().nullable(),
    disabled: z.boolean(),
    /** Set once the account's personal data was erased (GDPR): it can never be used again. */
    erasedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUserListQuery = PaginationQuery.extend({
  q: z.string().trim().max(254).optional(),
  role: Role.optional(),
}).strict();
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;
export const AdminUserList = paginated(AdminUser);

/** What an admin may change on an account: the role, and whether it is locked. */
export const AdminUserUpdate = z
  .object({ role: Role.optional(), locked: z.boolean().optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.locked !== undefined, { error: 'Nothing to change' });
export type AdminUserUpdate = z.infer<typeof AdminUserUpdate>;

/** One row of the audit log: security events and staff actions. */
export const AuditEntry = z
  .object({
    id: z.number().int(),
    event: z.string(),
    actorUserId: z.string().nullable(),
    /** The API key the action was done through (its creator is the actor), when it was. */
    actorApiKeyId: z.string().nullable(),
    targetUserId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditListQuery = PaginationQuery.extend({
  event: z.string().max(64).optional(),
  user_id: z.uuid().optional(),
  /** Only what was done through this API key. */
  api_key_id: z.uuid().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
}).strict();
export type AuditListQuery = z.infer<typeof AuditListQuery>;
export const AuditList = paginated(AuditEntry);
