import { z } from 'zod';

/** Resource ids are opaque UUID strings. */
export const Id = z.uuid('Must be a valid id').meta({ id: 'Id' });
export type Id = z.infer<typeof Id>;

export const IdParams = z.object({ id: Id }).strict();
export type IdParams = z.infer<typeof IdParams>;

/** URL slugs: lower-case words joined by hyphens. */
export const Slug = z
  .string()
  .min(1)
  .max(191)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Must be lower-case letters, digits and hyphens');

export const SlugParams = z.object({ slug: Slug }).strict();
export type SlugParams = z.infer<typeof SlugParams>;
