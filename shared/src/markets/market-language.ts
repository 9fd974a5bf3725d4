import type { StoreMarket } from './markets.schemas';

/**
 * The market a page in `lang` is shown in when the shopper has not chosen one: the preferred
 * market (the one suggested for their country) if it offers the language, else a market whose own
 * language it is, else any market that offers it; undefined when none does. A link in a language
 * (`?lang=de`, a sitemap's alternate) so opens in that language, the storefront and the server's
 * page heads alike.
 */
export function marketForLanguage(markets: readonly StoreMarket[], lang: string, preferred?: string): StoreMarket | undefined {
  const offers = (m: StoreMarket) => m.languages.includes(lang);
  const first = markets.find((m) => m.code === preferred) ?? markets.find((m) => m.isDefault);
  if (first && offers(first)) return first;
  return markets.find((m) => m.defaultLanguage === lang) ?? markets.find(offers);
}

/** Every language some market on sale offers, the default market's first. */
export function offeredLanguages(markets: readonly StoreMarket[]): string[] {
  const ordered = [...markets].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return [...new Set(ordered.flatMap((m) => m.languages))];
}
