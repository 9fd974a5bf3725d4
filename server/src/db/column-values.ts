/** A row as raw SQL returns it. */
export type Row = Record<string, unknown>;
/** A JSON column's value as the driver returns it (text or already parsed). */
export const parse = <T>(v: unknown): T | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);
export const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
