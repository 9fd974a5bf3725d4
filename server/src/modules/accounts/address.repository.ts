import type { Address, SavedAddressInput, SavedAddressUpdate } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';

interface AddressRow {
  id: string;
  user_id: string;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string;
  country: string;
  phone: string | null;
  is_default: number | boolean;
}

const toAddress = (r: AddressRow): Address => ({
  id: r.id,
  name: r.name,
  line1: r.line1,
  ...(r.line2 ? { line2: r.line2 } : {}),
  city: r.city,
  ...(r.region ? { region: r.region } : {}),
  postalCode: r.postal_code,
  country: r.country,
  ...(r.phone ? { phone: r.phone } : {}),
  isDefault: Boolean(r.is_default),
});

const COLUMNS: Record<keyof SavedAddressUpdate, string> = {
  name: 'name',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  region: 'region',
  postalCode: 'postal_code',
  country: 'country',
  phone: 'phone',
  isDefault: 'is_default',
};

/** Every query is scoped by the owner: one user can never reach another's addresses. */
export class AddressRepository {
  constructor(private readonly db: Db) {}

  async listForUser(userId: string): Promise<Address[]> {
    const rows = await this.db.select<AddressRow>('SELECT * FROM addresses WHERE user_id = ? ORDER BY is_default DESC, created_at, id', [
      userId,
    ]);
    return rows.map(toAddress);
  }

  async findForUser(userId: string, id: string, tx?: Transaction): Promise<Address | undefined> {
    const row = await this.db.one<AddressRow>('SELECT * FROM addresses WHERE id = ? AND user_id = ?', [id, userId], tx);
    return row && toAddress(row);
  }

  /**
   * Locks the user's row (raw: a locking read) so concurrent adds queue and count the same addresses;
   * returns their ids. Locking the address rows themselves took gap locks that concurrent inserts
   * deadlocked on.
   */
  async lockIdsForUser(userId: string, tx: Transaction): Promise<string[]> {
    await this.db.execute('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId], tx);
    const rows = await this.db.select<{ id: string }>('SELECT id FROM addresses WHERE user_id = ? FOR UPDATE', [userId], tx);
    return rows.map((r) => r.id);
  }

  async insert(userId: string, id: string, input: SavedAddressInput, tx?: Transaction): Promise<void> {
    await this.db.execute(
      `INSERT INTO addresses (id, user_id, name, line1, line2, city, region, postal_code, country, phone, is_default, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
      [
        id,
        userId,
        input.name,
        input.line1,
        input.line2 ?? null,
        input.city,
        input.region ?? null,
        input.postalCode,
        input.country,
        input.phone ?? null,
        input.isDefault ?? false,
      ],
      tx,
    );
  }

  async update(userId: string, id: string, changes: SavedAddressUpdate, tx?: Transaction): Promise<void> {
    const entries = (Object.keys(changes) as (keyof SavedAddressUpdate)[]).filter((k) => changes[k] !== undefined);
    if (!entries.length) return;
    await this.db.execute(
      `UPDATE addresses SET ${entries.map((k) => `${COLUMNS[k]} = ?`).join(', ')}, updated_at = UTC_TIMESTAMP(3) WHERE id = ? AND user_id = ?`,
      [...entries.map((k) => changes[k]), id, userId],
      tx,
    );
  }

  async clearDefault(userId: string, tx?: Transaction): Promise<void> {
    await this.db.execute('UPDATE addresses SET is_default = FALSE WHERE user_id = ? AND is_default', [userId], tx);
  }

  async delete(userId: string, id: string): Promise<boolean> {
    return (await this.db.execute('DELETE FROM addresses WHERE id = ? AND user_id = ?', [id, userId])).affectedRows === 1;
  }
}
