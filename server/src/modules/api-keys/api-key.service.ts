import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList, ApiKeyStatus, Permission, Role } from '@bazaar/shared';
import { isDuplicateKey, type Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { forbidden, notFound, unauthenticated, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import { actorCan, ROLE_PERMISSIONS, type ApiKeyPrincipal, type CurrentUser, type RequestMeta } from '../accounts';
import type { AuditService } from '../audit';
import { newApiKeySecret, prefixOf, secretMatches, shownPrefix } from './api-key-secret';
import type { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';

/** What the keys need to know of their creators. */
export interface ApiKeyCreators {
  findById(id: string): Promise<{ id: string; email: string; role: Role; disabledAt: Date | null; erasedAt: Date | null } | undefined>;
}

export interface ApiKeyServiceDeps {
  db: Db;
  keys: ApiKeyRepository;
  users: ApiKeyCreators;
  audit: AuditService;
  clock: Clock;
  /** A key's last use is written at most this often (a busy key is not a write per request). */
  lastUsedIntervalSeconds: number;
}

/** Who a request made with a key acts as: the key, and its creator with the key's permissions. */
export interface ApiKeyAuthentication {
  principal: ApiKeyPrincipal;
  user: CurrentUser;
}

const invalidKey = () => unauthenticated('The API key is not valid.');

/** Staff-made keys for the admin API: created with a subset of their maker's permissions, shown once, revocable. */
export class ApiKeyService {
  constructor(private readonly d: ApiKeyServiceDeps) {}

  private status(key: ApiKeyRecord, now: Date): ApiKeyStatus {
    if (key.revokedAt) return 'revoked';
    if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired';
    return 'active';
  }

  private toDto(key: ApiKeyRecord, creator: { id: string; email: string } | undefined, now: Date): ApiKey {
    return {
      id: key.id,
      name: key.name,
      prefix: shownPrefix(key.prefix),
      permissions: key.permissions,
      createdBy: creator ? { id: creator.id, email: creator.email } : null,
      createdAt: key.createdAt.toISOString(),
      expiresAt: key.expiresAt?.toISOString() ?? null,
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      lastUsedIp: key.lastUsedIp,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      status: this.status(key, now),
    };
  }

  async create(actor: CurrentUser, input: ApiKeyCreate, meta: RequestMeta): Promise<ApiKeyCreated> {
    const now = this.d.clock.now();
    const permissions = [...new Set(input.permissions)];
    const beyond = permissions.filter((p) => !actorCan(actor, p));
    if (beyond.length) throw forbidden(`A key can only have permissions you have yourself; you do not have ${beyond.join(', ')}.`);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= now.getTime())
      throw validationFailed([{ path: 'expiresAt', message: 'Must be in the future' }]);
    const creator = await this.d.users.findById(actor.id);
    // 40 random bits of prefix: a clash is all but impossible, and a second draw settles it.
    for (let attempt = 1; ; attempt++) {
      const { prefix, secret, hash } = newApiKeySecret();
      const key: ApiKeyRecord = {
        id: newId(),
        name: input.name.trim(),
        prefix,
        secretHash: hash,
        permissions,
        createdBy: actor.id,
        createdAt: now,
        expiresAt,
        lastUsedAt: null,
        lastUsedIp: null,
        revokedAt: null,
      };
      try {
        await this.d.db.transaction(async (tx) => {
          await this.d.keys.insert(key, tx);
          await this.d.audit.record(
            'api_key_created',
            { actorUserId: actor.id, ...meta },
            { apiKeyId: key.id, prefix: shownPrefix(prefix), name: key.name, permissions, expiresAt: expiresAt?.toISOString() ?? null },
            tx,
          );
        });
      } catch (err) {
        if (isDuplicateKey(err) && attempt < 3) continue;
        throw err;
      }
      return { key: this.toDto(key, creator, now), secret };
    }
  }

  async list(page: number, limit: number): Promise<ApiKeyList> {
    const now = this.d.clock.now();
    const { items, total } = await this.d.keys.list(page, limit);
    const creators = new Map(
      await Promise.all([...new Set(items.map((k) => k.createdBy))].map(async (id) => [id, await this.d.users.findById(id)] as const)),
    );
    return { items: items.map((k) => this.toDto(k, creators.get(k.createdBy), now)), page, limit, total };
  }

  /** Revoked at once for every process (each request reads the key). Revoking a revoked key changes nothing. */
  async revoke(actor: CurrentUser, id: string, meta: RequestMeta): Promise<ApiKey> {
    const now = this.d.clock.now();
    const key = await this.d.db.transaction(async (tx) => {
      const found = await this.d.keys.byId(id, tx, true);
      if (!found) throw notFound('The API key');
      if (found.revokedAt) return found;
      await this.d.keys.revoke(id, actor.id, now, tx);
      await this.d.audit.record(
        'api_key_revoked',
        { actorUserId: actor.id, ...meta },
        { apiKeyId: id, prefix: shownPrefix(found.prefix), name: found.name },
        tx,
      );
      return { ...found, revokedAt: now };
    });
    return this.toDto(key, await this.d.users.findById(key.createdBy), now);
  }

  /**
   * The key a request presents, read from the database on every request (so a revocation or an
   * expiry holds at once in every process): 401 unless it exists, matches, is neither revoked nor
   * expired and its creator may still sign in. It may use its permissions that its creator still has.
   */
  async authenticate(presented: string, ip: string | null): Promise<ApiKeyAuthentication> {
    const prefix = prefixOf(presented);
    if (!prefix) throw invalidKey();
    const key = await this.d.keys.byPrefix(prefix);
    if (!key || !secretMatches(presented, key.secretHash)) throw invalidKey();
    const now = this.d.clock.now();
    const status = this.status(key, now);
    if (status === 'revoked') throw unauthenticated('This API key was revoked.');
    if (status === 'expired') throw unauthenticated('This API key has expired.');
    const creator = await this.d.users.findById(key.createdBy);
    if (!creator || creator.disabledAt || creator.erasedAt)
      throw unauthenticated('The account that made this API key can no longer use it.');
    const permissions: Permission[] = key.permissions.filter((p) => ROLE_PERMISSIONS[creator.role].includes(p));
    const interval = this.d.lastUsedIntervalSeconds * 1000;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= interval) {
      await this.d.keys.touch(key.id, now, ip?.slice(0, 45) ?? null, new Date(now.getTime() - interval));
    }
    return {
      principal: { id: key.id, prefix: shownPrefix(key.prefix), name: key.name, permissions },
      user: { id: creator.id, role: creator.role, permissions },
    };
  }
}
