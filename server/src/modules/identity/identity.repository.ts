import type { Transaction } from '../../db/db';
import { refusingDuplicates } from '../../db/model-rows';
import { UserIdentity } from './identity.models';

export interface IdentityRecord {
  id: string;
  userId: string;
  provider: string;
  subject: string;
  email: string | null;
  linkedAt: Date;
}

const toRecord = (row: UserIdentity): IdentityRecord => ({
  id: row.id,
  userId: row.userId,
  provider: row.provider,
  subject: row.subject,
  email: row.email,
  linkedAt: row.linkedAt,
});

export class IdentityRepository {
  async findBySubject(provider: string, subject: string, tx?: Transaction): Promise<IdentityRecord | undefined> {
    const row = await UserIdentity.findOne({ where: { provider, subject }, transaction: tx });
    return row ? toRecord(row) : undefined;
  }

  async listForUser(userId: string, tx?: Transaction): Promise<IdentityRecord[]> {
    const rows = await UserIdentity.findAll({ where: { userId }, order: [['linkedAt', 'ASC']], transaction: tx });
    return rows.map(toRecord);
  }

  /** 409 when the provider subject is already linked (to this account or another). */
  async insert(identity: IdentityRecord, tx: Transaction): Promise<void> {
    await refusingDuplicates(
      () => UserIdentity.create({ ...identity, lastUsedAt: identity.linkedAt }, { transaction: tx }),
      'This provider account is already linked to an account.',
    );
  }

  async touch(id: string, now: Date): Promise<void> {
    await UserIdentity.update({ lastUsedAt: now }, { where: { id } });
  }

  async remove(userId: string, id: string, tx: Transaction): Promise<boolean> {
    return (await UserIdentity.destroy({ where: { userId, id }, transaction: tx })) > 0;
  }
}
