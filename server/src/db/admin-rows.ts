import { conflict, notFound } from '../lib/errors';
import { newId } from '../lib/tokens';
import { isDuplicateKey, type Db } from './db';

export type Row = Record<string, unknown>;
export const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
export const parse = <T>(v: unknown): T | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);
export const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** One table's fields: API name → column, with an optional conversion for storage. */
export type FieldMap = Record<string, [column: string, store?: (v: unknown) => unknown]>;

/**
 * Plain create/update/delete of a settings table for the staff screens (coupons, shipping methods,
 * tax rates): API field names mapped to columns, a duplicate key is 409, a missing row 404.
 */
export class AdminRows {
  constructor(private readonly db: Db) {}

  private columns(input: Record<string, unknown>, map: FieldMap): [string, unknown][] {
    return Object.entries(input)
      .filter(([k, v]) => v !== undefined && map[k])
      .map(([k, v]) => {
        const [column, store] = map[k]!;
        return [column, store ? store(v) : v];
      });
  }

  async insert(table: string, map: FieldMap, input: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
    const id = newId();
    const cols: [string, unknown][] = [['id', id], ...this.columns(input, map), ...Object.entries(extra)];
    try {
      await this.db.execute(
        `INSERT INTO ${table} (${cols.map(([c]) => `\`${c}\``).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        cols.map(([, v]) => v),
      );
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('One like this already exists.');
      throw err;
    }
    return id;
  }

  async update(table: string, map: FieldMap, id: string, changes: Record<string, unknown>): Promise<void> {
    const cols = this.columns(changes, map);
    if (!(await this.db.one(`SELECT id FROM ${table} WHERE id = ?`, [id]))) throw notFound('It');
    if (!cols.length) return;
    try {
      await this.db.execute(`UPDATE ${table} SET ${cols.map(([c]) => `\`${c}\` = ?`).join(', ')} WHERE id = ?`, [
        ...cols.map(([, v]) => v),
        id,
      ]);
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('One like this already exists.');
      throw err;
    }
  }

  async remove(table: string, id: string): Promise<void> {
    if (!(await this.db.execute(`DELETE FROM ${table} WHERE id = ?`, [id])).affectedRows) throw notFound('It');
  }
}
