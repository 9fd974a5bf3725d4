import type { Transaction } from './db';
import { Setting } from './settings.models';

/** Shop-wide settings by key, each a JSON value (read back parsed, through the Setting model). */
export class SettingsRepository {
  async get(key: string): Promise<unknown> {
    return (await Setting.findByPk(key))?.value;
  }

  async set(key: string, value: unknown, tx?: Transaction): Promise<void> {
    await Setting.upsert({ key, value }, { transaction: tx });
  }
}
