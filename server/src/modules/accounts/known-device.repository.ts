import { Op } from 'sequelize';
import { isDuplicateKey, type Transaction } from '../../db/db';
import { KnownDevice } from './accounts.models';

/** What a sign-in's device was to its account: its first device ever, one seen before, or a new one. */
export type DeviceSighting = 'first' | 'known' | 'new';

/** The `known_devices` table: per account, the digests of the device families and networks it signed in from. */
export class KnownDeviceRepository {
  async record(userId: string, deviceHash: string, now: Date, tx?: Transaction): Promise<DeviceSighting> {
    const [seen] = await KnownDevice.update({ lastSeenAt: now }, { where: { userId, deviceHash }, transaction: tx });
    if (seen > 0) return 'known';
    const others = await KnownDevice.count({ where: { userId }, transaction: tx });
    try {
      await KnownDevice.create({ userId, deviceHash, firstSeenAt: now, lastSeenAt: now }, { transaction: tx });
    } catch (err) {
      // A concurrent sign-in from the same device recorded it first (and announces it).
      if (isDuplicateKey(err)) return 'known';
      throw err;
    }
    return others === 0 ? 'first' : 'new';
  }

  /** Devices not seen since `before`: a sign-in from one of them later counts as new again. */
  async deleteUnseenSince(before: Date): Promise<number> {
    return KnownDevice.destroy({ where: { lastSeenAt: { [Op.lt]: before } } });
  }
}
