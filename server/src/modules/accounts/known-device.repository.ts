import { Op } from 'sequelize';
import type { Db } from '../../db/db';
import { KnownDevice } from './accounts.models';

/** What a sign-in's device was to its account: its first device ever, one seen before, or a new one. */
export type DeviceSighting = 'first' | 'known' | 'new';

/** The `known_devices` table: per account, the digests of the device families and networks it signed in from. */
export class KnownDeviceRepository {
  constructor(private readonly db: Db) {}

  async record(userId: string, deviceHash: string, now: Date): Promise<DeviceSighting> {
    // One atomic upsert, outside any transaction (concurrent sign-ins must not deadlock on gap
    // locks): 1 affected row is a new device, 2 (or 0, the same instant) a known one.
    const { affectedRows } = await this.db.execute(
      `INSERT INTO known_devices (user_id, device_hash, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE last_seen_at = VALUES(last_seen_at)`,
      [userId, deviceHash, now, now],
    );
    if (affectedRows !== 1) return 'known';
    return (await KnownDevice.count({ where: { userId } })) === 1 ? 'first' : 'new';
  }

  /** Devices not seen since `before`: a sign-in from one of them later counts as new again. */
  async deleteUnseenSince(before: Date): Promise<number> {
    return KnownDevice.destroy({ where: { lastSeenAt: { [Op.lt]: before } } });
  }
}
