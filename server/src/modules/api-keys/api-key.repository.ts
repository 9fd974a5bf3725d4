import { Op } from 'sequelize';
import type { Permission } from '@bazaar/shared';
import type { Transaction } from '../../db/db';
import { ApiKeyRow } from './api-keys.models';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  secretHash: string;
  permissions: Permission[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

const toRecord = (r: ApiKeyRow): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  secretHash: r.secretHash,
  permissions: r.permissions,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  lastUsedAt: r.lastUsedAt ?? null,
  lastUsedIp: r.lastUsedIp ?? null,
  revokedAt: r.revokedAt ?? null,
});

/** The `api_keys` table. */
export class ApiKeyRepository {
  async insert(
    key: Pick<ApiKeyRecord, 'id' | 'name' | 'prefix' | 'secretHash' | 'permissions' | 'createdBy' | 'createdAt' | 'expiresAt'>,
    tx?: Transaction,
  ): Promise<void> {
    await ApiKeyRow.create(key, { transaction: tx });
  }

  /** The one read a bearer request costs: by the unique prefix. */
  async byPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    const row = await ApiKeyRow.findOne({ where: { prefix } });
    return row ? toRecord(row) : undefined;
  }

  async byId(id: string, tx?: Transaction, forUpdate = false): Promise<ApiKeyRecord | undefined> {
    const row = await ApiKeyRow.findByPk(id, { transaction: tx, ...(forUpdate && tx ? { lock: tx.LOCK.UPDATE } : {}) });
    return row ? toRecord(row) : undefined;
  }

  /** Newest first. */
  async list(page: number, limit: number): Promise<{ items: ApiKeyRecord[]; total: number }> {
    const { rows, count } = await ApiKeyRow.findAndCountAll({
      order: [
        ['createdAt', 'DESC'],
        ['id', 'ASC'],
      ],
      limit,
      offset: (page - 1) * limit,
    });
    return { items: rows.map(toRecord), total: count };
  }

  async revoke(id: string, by: string, at: Date, tx: Transaction): Promise<void> {
    await ApiKeyRow.update({ revokedAt: at, revokedBy: by }, { where: { id, revokedAt: null }, transaction: tx });
  }

  /**
   * Records a use unless one was recorded since `notSince`: processes that race on the same key
   * write once between them.
   */
  async touch(id: string, at: Date, ip: string | null, notSince: Date): Promise<void> {
    await ApiKeyRow.update(
      { lastUsedAt: at, lastUsedIp: ip },
      { where: { id, [Op.or]: [{ lastUsedAt: null }, { lastUsedAt: { [Op.lt]: notSince } }] } },
    );
  }
}
