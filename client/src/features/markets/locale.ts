import { marketForLanguage, type StoreMarket, type StoreMarketList } from '@bazaar/shared';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useAppSelector } from '../../app/hooks';
import type { LocaleChoice } from './locale.slice';
import { browserCountry, useMarketsQuery } from './markets.api';

/** What catalog and search reads add to their query: both in another market; nothing for the default market in its own language. */
export interface CatalogLocale {
  market?: string;
  lang?: string;
}

export interface ResolvedLocale {
  /** Catalog reads may go out: the markets are known (or could not be loaded, and the shop's defaults apply). */
  ready: boolean;
  markets: StoreMarket[];
  /** The market the shopper is in (once the markets are known). */
  market?: StoreMarket;
  /** The language shown: one the market offers. */
  lang?: string;
  /** The query the catalog reads carry. */
  catalog: CatalogLocale;
}

/**
 * The market and language in effect. The market: the one chosen before (if still on sale), else the
 * one the shop suggests for the shopper's country, unless the language asked for (the address's,
 * else the one chosen before) is not offered there and another market offers it (a link in
 * German opens the German shop). The language: `?lang=` in the address, else the
 * one chosen before, when the market offers it; else the market's default language. Until the
 * markets are known nothing is ready; if they cannot be loaded, the shop's defaults apply (with
 * the address's language, the server falls back by itself).
 */
export function resolveLocale(
  list: StoreMarketList | undefined,
  failed: boolean,
  choice: LocaleChoice,
  urlLang: string | null,
): ResolvedLocale {
  if (!list) {
    const lang = urlLang ?? undefined;
    return { ready: failed, markets: [], lang, catalog: failed && lang ? { lang } : {} };
  }
  const byCode = (code?: string) => list.items.find((m) => m.code === code);
  const wanted = urlLang ?? choice.lang;
  const market =
    byCode(choice.market) ??
    (wanted ? marketForLanguage(list.items, wanted, list.suggested) : undefined) ??
    byCode(list.suggested) ??
    list.items[0];
  if (!market) return { ready: true, markets: [], catalog: {} };
  const lang = [urlLang, choice.lang].find((l): l is string => !!l && market.languages.includes(l)) ?? market.defaultLanguage;
  return {
    ready: true,
    markets: list.items,
    market,
    lang,
    // The shop's own answers (the default market in its own language) keep to the server's fast path.
    catalog: market.isDefault ? (lang === market.defaultLanguage ? {} : { lang }) : { market: market.code, lang },
  };
}

/** Asked once per page: the country the browser names decides the shop's suggestion. */
export const SHOPPER_COUNTRY = browserCountry();

/** The market and language in effect, for any storefront component (inside the router). */
export function useLocale(): ResolvedLocale {
  const choice = useAppSelector((s) => s.locale);
  const [params] = useSearchParams();
  const urlLang = params.get('lang');
  const { data, isError } = useMarketsQuery(SHOPPER_COUNTRY);
  return useMemo(() => resolveLocale(data, isError, choice, urlLang), [data, isError, choice, urlLang]);
}
