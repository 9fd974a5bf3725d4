import { z } from 'zod';
import { Id } from '../common/ids.schemas';
import { CurrencyCode } from '../common/money.schemas';
import { ROUNDING_RULES } from './currency';

/** A language tag the storefront offers: `en`, `de`, `pt-BR`. */
export const LanguageCode = z
  .string()
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'Must be a language code such as en or pt-BR')
  .meta({ id: 'LanguageCode', example: 'de' });
export type LanguageCode = z.infer<typeof LanguageCode>;

/** A market's code, as the storefront and the API name it (`?market=eu`). */
export const MarketCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,31}$/, 'Lower-case letters, digits and dashes, 2 to 32 characters')
  .meta({ id: 'MarketCode', example: 'eu' });

const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'Must be a two-letter country code')
  .transform((v) => v.toUpperCase());

export const RoundingRuleSchema = z.enum(ROUNDING_RULES);

const MarketFields = {
  code: MarketCode,
  name: z.string().trim().min(1).max(100),
  currency: CurrencyCode,
  defaultLanguage: LanguageCode,
  /** The languages the market's storefront offers; always includes the default. */
  languages: z.array(LanguageCode).min(1).max(20),
  countries: z.array(country).min(1).max(250),
  pricesIncludeTax: z.boolean(),
  /** Shipping methods offered in the market; null: every active method that ships to the country. */
  shippingMethodIds: z.array(Id).max(50).nullable(),
  /** How prices derived from the base currency are rounded (explicit prices are never changed). */
  rounding: RoundingRuleSchema,
  active: z.boolean(),
};
const defaultInLanguages = (m: { defaultLanguage?: string; languages?: string[] }) =>
  !m.defaultLanguage || !m.languages || m.languages.includes(m.defaultLanguage);
const defaultLanguageRule = { error: 'The default language must be one of the languages', path: ['languages'] };

export const MarketInput = z
  .object({
    ...MarketFields,
    pricesIncludeTax: MarketFields.pricesIncludeTax.default(false),
    shippingMethodIds: MarketFields.shippingMethodIds.default(null),
    rounding: MarketFields.rounding.default('exact'),
    active: MarketFields.active.default(true),
  })
  .strict()
  .refine(defaultInLanguages, defaultLanguageRule);
export type MarketInput = z.infer<typeof MarketInput>;
export const MarketUpdate = z.object(MarketFields).partial().strict().refine(defaultInLanguages, defaultLanguageRule);
export type MarketUpdate = z.infer<typeof MarketUpdate>;

/** A market as the storefront sees it. The default market (the shop's base currency) sells everywhere else. */
export const StoreMarket = z
  .object({
    code: z.string(),
    name: z.string(),
    currency: CurrencyCode,
    defaultLanguage: LanguageCode,
    languages: z.array(LanguageCode),
    /** Empty for the default market: it serves every country no other market names. */
    countries: z.array(z.string()),
    pricesIncludeTax: z.boolean(),
    isDefault: z.boolean(),
  })
  .meta({ id: 'StoreMarket' });
export type StoreMarket = z.infer<typeof StoreMarket>;

/** GET /markets: the markets on sale, and the one suggested for the shopper's country. */
export const StoreMarketList = z.object({ items: z.array(StoreMarket), suggested: z.string() });
export type StoreMarketList = z.infer<typeof StoreMarketList>;
export const StoreMarketQuery = z.object({ country: country.optional() }).strict();

/** Catalog and cart reads in a market and a language (`?market=eu&lang=de`); absent: the default market, its language. */
export const MarketQuery = z.object({ market: MarketCode.optional(), lang: LanguageCode.optional() });

export const AdminMarket = StoreMarket.extend({
  /** null for the default market, which is configuration (SHOP_CURRENCY, SHOP_LANGUAGES, PRICES_INCLUDE_TAX). */
  id: Id.nullable(),
  shippingMethodIds: z.array(Id).nullable(),
  rounding: RoundingRuleSchema,
  active: z.boolean(),
  /** The stored exchange rate from the base currency (null: the base currency itself, or none yet). */
  rate: z.string().nullable(),
}).meta({ id: 'AdminMarket' });
export type AdminMarket = z.infer<typeof AdminMarket>;

/** One base-currency unit buys `rate` units of the currency (a decimal string, kept exact). */
export const ExchangeRateInput = z
  .object({
    rate: z
      .string()
      .trim()
      .regex(/^\d{1,10}(\.\d{1,10})?$/, 'A decimal number such as 0.92')
      .refine((r) => Number(r) > 0, 'The rate must be above zero'),
  })
  .strict();
export type ExchangeRateInput = z.infer<typeof ExchangeRateInput>;
export const AdminExchangeRate = z.object({ currency: CurrencyCode, rate: z.string(), updatedAt: z.string() });
export type AdminExchangeRate = z.infer<typeof AdminExchangeRate>;
export const CurrencyParams = z.object({ currency: CurrencyCode }).strict();

/** A variant's explicit price in a currency (minor units of that currency); it wins over a derived one. */
export const VariantCurrencyPrice = z
  .object({
    currency: CurrencyCode,
    amount: z.number().int().min(0),
    compareAtAmount: z.number().int().min(0).nullable().default(null),
  })
  .strict();
export type VariantCurrencyPrice = z.infer<typeof VariantCurrencyPrice>;
export const VariantCurrencyPrices = z
  .object({ items: z.array(VariantCurrencyPrice).max(50) })
  .strict()
  .refine((p) => new Set(p.items.map((i) => i.currency)).size === p.items.length, {
    error: 'One price per currency',
    path: ['items'],
  });
export type VariantCurrencyPrices = z.infer<typeof VariantCurrencyPrices>;
