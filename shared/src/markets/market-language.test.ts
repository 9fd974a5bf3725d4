import { marketForLanguage, offeredLanguages } from './market-language';
import type { StoreMarket } from './markets.schemas';

const market = (code: string, languages: string[], extra: Partial<StoreMarket> = {}): StoreMarket => ({
  code,
  name: code,
  currency: 'USD',
  defaultLanguage: languages[0]!,
  languages,
  countries: [],
  pricesIncludeTax: false,
  isDefault: false,
  ...extra,
});
const shop = market('default', ['en'], { isDefault: true });
const eu = market('eu', ['en', 'de', 'fr']);
const dach = market('dach', ['de', 'en']);
const ch = market('ch', ['fr', 'de']);

describe('the market a page in a language opens in', () => {
  it('is the preferred market when it offers the language, else the default market', () => {
    expect(marketForLanguage([shop, eu, dach], 'en', 'eu')).toBe(eu);
    expect(marketForLanguage([shop, eu, dach], 'en')).toBe(shop);
  });

  it('else a market whose own language it is, else any that offers it; none for a language no market offers', () => {
    expect(marketForLanguage([shop, eu, dach], 'de')).toBe(dach);
    expect(marketForLanguage([shop, eu, ch], 'de', 'default')).toBe(eu);
    expect(marketForLanguage([shop, eu], 'fr')).toBe(eu);
    expect(marketForLanguage([shop, eu], 'it')).toBeUndefined();
  });

  it('lists every language offered, the default market’s first, once each', () => {
    expect(offeredLanguages([eu, shop, dach])).toEqual(['en', 'de', 'fr']);
  });
});
