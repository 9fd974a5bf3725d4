import { z } from 'zod';

/** ISO 4217 currency code, upper case (USD, EUR, …). */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Must be a three-letter ISO 4217 code')
  .meta({ id: 'CurrencyCode', example: 'USD' });

/** Money is always integer minor units plus a currency: never floats, never formatted strings. */
export const Money = z
  .object({
    amount: z.number().int('Must be a whole number of minor units'),
    currency: CurrencyCode,
  })
  .strict()
  .meta({ id: 'Money', example: { amount: 1999, currency: 'USD' } });
export type Money = z.infer<typeof Money>;
