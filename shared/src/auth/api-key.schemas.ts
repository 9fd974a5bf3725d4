import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { PaginationQuery, paginated } from '../common/pagination.schemas';
import { Permission } from './auth.schemas';

/** The scheme every key starts with: `bzk_<8 characters>_<secret>`; the first two parts are its visible prefix. */
export const API_KEY_SCHEME = 'bzk';
export const API_KEY_NAME_MAX_LENGTH = 100;

/** A new key: a name, the permissions it may use (a subset of its creator's) and an optional expiry. */
export const ApiKeyCreate = z
  .object({
    name: z.string().trim().min(1, 'Required').max(API_KEY_NAME_MAX_LENGTH, `Must be at most ${API_KEY_NAME_MAX_LENGTH} characters`),
    permissions: z
      .array(Permission)
      .min(1, 'Choose at least one permission')
      .transform((ps) => [...new Set(ps)]),
    /** When the key stops working; none: until revoked. */
    expiresAt: z.iso.datetime().nullable().default(null),
  })
  .strict()
  .meta({ id: 'ApiKeyCreate' });
export type ApiKeyCreate = z.input<typeof ApiKeyCreate>;

export const ApiKeyStatus = z.enum(['active', 'expired', 'revoked']);
export type ApiKeyStatus = z.infer<typeof ApiKeyStatus>;

/** A key as staff see it: never its secret. */
export const ApiKey = z
  .object({
    id: Id,
    name: z.string(),
    /** `bzk_<8 characters>`: how the key is recognised in lists and logs. */
    prefix: z.string(),
    permissions: z.array(Permission),
    createdBy: z.object({ id: Id, email: z.string() }).nullable(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    lastUsedIp: z.string().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    /** Whether the key works now (`active`), and whether it can still be revoked. */
    status: ApiKeyStatus,
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;

/** The answer to creating a key: the only time its secret is shown. */
export const ApiKeyCreated = z.object({ key: ApiKey, secret: z.string() }).meta({ id: 'ApiKeyCreated' });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

export const ApiKeyListQuery = PaginationQuery.strict();
export type ApiKeyListQuery = z.infer<typeof ApiKeyListQuery>;
export const ApiKeyList = paginated(ApiKey);
export type ApiKeyList = z.infer<typeof ApiKeyList>;
