import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { LanguageCode } from './markets.schemas';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionText = z.record(z.string().min(1).max(32), z.string().trim().min(1).max(64));

/**
 * What can be translated, per kind of thing. Every field is optional: a field left out shows the
 * shop's own text (the default language's). Option names are translated on the product
 * (`{ "Size": "Größe" }`), option values on each variant (`{ "Size": "Mittel" }`), keyed by the
 * shop's own option name.
 */
export const TRANSLATABLE = {
  product: z
    .object({
      title: text(200),
      description: z.string().max(20_000),
      seoTitle: text(200),
      seoDescription: text(500),
      optionNames: optionText,
    })
    .partial()
    .strict(),
  variant: z
    .object({ title: text(200), options: optionText })
    .partial()
    .strict(),
  category: z
    .object({ name: text(100), description: z.string().max(5_000) })
    .partial()
    .strict(),
  shipping_method: z
    .object({ name: text(100), estimate: text(100) })
    .partial()
    .strict(),
} as const;
export const TranslatableKind = z.enum(['product', 'variant', 'category', 'shipping_method']);
export type TranslatableKind = z.infer<typeof TranslatableKind>;
export type TranslationFields<K extends TranslatableKind = TranslatableKind> = z.infer<(typeof TRANSLATABLE)[K]>;

export const TranslationParams = z.object({ kind: TranslatableKind, id: Id }).strict();
export const TranslationLanguageParams = z.object({ kind: TranslatableKind, id: Id, language: LanguageCode }).strict();

export const Translation = z.object({ language: LanguageCode, fields: z.record(z.string(), z.unknown()) }).meta({ id: 'Translation' });
export type Translation = z.infer<typeof Translation>;
export const TranslationList = z.object({ items: z.array(Translation) });
/** PUT body: the fields for one language, checked against the kind's fields by the server. */
export const TranslationInput = z.object({ fields: z.record(z.string(), z.unknown()) }).strict();
