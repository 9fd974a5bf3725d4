import { z } from 'zod';

export const DEFAULT_PAGE_LIMIT = 24;
export const MAX_PAGE_LIMIT = 100;

/** `page` (from 1) and `limit` (default 24, max 100), as query-string numbers. */
export const PaginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
});
export type PaginationQuery = z.infer<typeof PaginationQuery>;

/** The envelope of every list response. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int().min(1),
    limit: z.number().int().min(1),
    total: z.number().int().min(0),
  });
}
export interface Paginated<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

/** The envelope of a short list answered whole (no pages): `{ items: [...] }`. */
export function itemList<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
export interface ItemList<T> {
  items: T[];
}
