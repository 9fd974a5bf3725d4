export type QueryParams = Record<string, string | number | boolean | undefined | null>;

/** A query string from the set values only (empty strings and undefined are left out). */
export const toQuery = (p: QueryParams) =>
  Object.entries(p)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
