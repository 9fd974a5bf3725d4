import { z } from 'zod';

/** Resource ids are opaque UUID strings. */
export const Id = z.uuid('Must be a valid id').meta({ id: 'Id' });
export type Id = z.infer<typeof Id>;

export const IdParams = z.object({ id: Id }).strict();
export type IdParams = z.infer<typeof IdParams>;

/** The longest slug the shop makes or accepts (the columns hold 191; `-2`, `-3`… suffixes need room). */
export const SLUG_MAX_LENGTH = 180;

/**
 * The one slug rule, wherever a slug is made or read (admin forms, CSV rows, URLs, generated from
 * titles): lower-case ASCII letters and digits, words joined by single hyphens. Accents are dropped
 * (é → e), any run of other characters — spaces, underscores, repeated hyphens — becomes one hyphen,
 * and hyphens at either end go: "Storage--Tables" and "storage tables" are both `storage-tables`.
 */
export function normalizeSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** URL slugs, normalised by `normalizeSlug`; only what holds no letter or digit at all is refused. */
export const Slug = z
  .string()
  .max(500)
  .transform(normalizeSlug)
  .pipe(z.string().min(1, 'Must contain a letter or a digit').max(SLUG_MAX_LENGTH, `Must be at most ${SLUG_MAX_LENGTH} characters`));

export const SlugParams = z.object({ slug: Slug }).strict();
export type SlugParams = z.infer<typeof SlugParams>;
