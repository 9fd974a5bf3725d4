import { Op } from 'sequelize';
import type { Transaction } from '../../db/db';
import { refusingDuplicates } from '../../db/model-rows';
import { PasskeyRow, type PasskeyDeviceType } from './passkeys.models';

export interface PasskeyRecord {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const toRecord = (r: PasskeyRow): PasskeyRecord => ({
  id: r.id,
  userId: r.userId,
  credentialId: r.credentialId,
  publicKey: new Uint8Array(r.publicKey), // a copy: its own ArrayBuffer, as the verifier wants
  counter: Number(r.counter),
  transports: r.transports,
  deviceType: r.deviceType,
  backedUp: Boolean(r.backedUp),
  name: r.name,
  createdAt: r.createdAt,
  lastUsedAt: r.lastUsedAt,
});

export type NewPasskey = Omit<PasskeyRecord, 'lastUsedAt' | 'publicKey'> & { publicKey: Uint8Array };

export class PasskeyRepository {
  async listForUser(userId: string, tx?: Transaction): Promise<PasskeyRecord[]> {
    const rows = await PasskeyRow.findAll({ where: { userId }, order: [['createdAt', 'ASC']], transaction: tx });
    return rows.map(toRecord);
  }

  /** The user's passkeys, locked: adding and removing one is decided against this list. */
  async lockForUser(userId: string, tx: Transaction): Promise<PasskeyRecord[]> {
    const rows = await PasskeyRow.findAll({ where: { userId }, order: [['createdAt', 'ASC']], lock: tx.LOCK.UPDATE, transaction: tx });
    return rows.map(toRecord);
  }

  async findForUser(userId: string, id: string): Promise<PasskeyRecord | undefined> {
    const row = await PasskeyRow.findOne({ where: { id, userId } });
    return row ? toRecord(row) : undefined;
  }

  async existsForUser(userId: string): Promise<boolean> {
    return (await PasskeyRow.count({ where: { userId } })) > 0;
  }

  async findByCredentialId(credentialId: string): Promise<PasskeyRecord | undefined> {
    const row = await PasskeyRow.findOne({ where: { credentialId } });
    return row ? toRecord(row) : undefined;
  }

  async insert(passkey: NewPasskey, tx: Transaction): Promise<void> {
    await refusingDuplicates(
      () => PasskeyRow.create({ ...passkey, publicKey: Buffer.from(passkey.publicKey), lastUsedAt: null }, { transaction: tx }),
      'This passkey is already registered.',
    );
  }

  /** Renames one of the user's passkeys; false when the user has none with that id. */
  async rename(userId: string, id: string, name: string): Promise<boolean> {
    // Found first: MariaDB counts only changed rows, and the same name again changes none.
    const row = await PasskeyRow.findOne({ where: { id, userId } });
    if (!row) return false;
    await row.update({ name });
    return true;
  }

  async remove(userId: string, id: string, tx: Transaction): Promise<boolean> {
    return (await PasskeyRow.destroy({ where: { id, userId }, transaction: tx })) > 0;
  }

  /**
   * Records a verified use. A counter moves only forward, in one conditional write, so two racing
   * assertions with the same counter cannot both pass. Authenticators that keep no counter report 0
   * every time: there is nothing to race on, and the write may change nothing (MariaDB then counts
   * no changed row), so it is not asked to.
   */
  async recordUse(id: string, counter: number, backedUp: boolean, now: Date): Promise<boolean> {
    if (counter === 0) {
      await PasskeyRow.update({ backedUp, lastUsedAt: now }, { where: { id, counter: 0 } });
      return true;
    }
    const [changed] = await PasskeyRow.update({ counter, backedUp, lastUsedAt: now }, { where: { id, counter: { [Op.lt]: counter } } });
    return changed > 0;
  }
}
