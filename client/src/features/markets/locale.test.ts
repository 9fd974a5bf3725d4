import { withLangParam } from '../../components/LocaleLink';
import { DEFAULT_MARKET, EU_MARKET, marketList } from '../../test/markets.fixtures';
import { resolveLocale } from './locale';
import { browserCountry } from './markets.api';

describe('the market and language in effect', () => {
  const list = marketList('eu');

  it('waits for the markets, unless they cannot be loaded (then the shop’s defaults, with the address’s language)', () => {
    expect(resolveLocale(undefined, false, {}, 'de')).toMatchObject({ ready: false, catalog: {} });
    expect(resolveLocale(undefined, true, {}, 'de')).toMatchObject({ ready: true, catalog: { lang: 'de' } });
    expect(resolveLocale(undefined, true, { market: 'eu' }, null)).toMatchObject({ ready: true, catalog: {} });
  });

  it('takes the chosen market if still on sale, else the suggested one', () => {
    expect(resolveLocale(list, false, {}, null).market).toBe(EU_MARKET);
    expect(resolveLocale(list, false, { market: 'default' }, null).market).toBe(DEFAULT_MARKET);
    expect(resolveLocale(list, false, { market: 'closed' }, null).market).toBe(EU_MARKET);
  });

  it('before any choice, opens a link in a language in a market that offers it (the suggested one first)', () => {
    const englishShop = marketList('default', [{ ...DEFAULT_MARKET, languages: ['en'] }, EU_MARKET]);
    expect(resolveLocale(englishShop, false, {}, 'de')).toMatchObject({ market: EU_MARKET, lang: 'de' });
    expect(resolveLocale(englishShop, false, {}, 'en')).toMatchObject({ market: { code: 'default' }, lang: 'en' });
    // A chosen market stays: the language falls back to its own.
    expect(resolveLocale(englishShop, false, { market: 'default' }, 'de')).toMatchObject({ market: { code: 'default' }, lang: 'en' });
  });

  it('takes the address’s language, else the chosen one, when the market offers it; else the market’s default', () => {
    expect(resolveLocale(list, false, { lang: 'en' }, 'de').lang).toBe('de');
    expect(resolveLocale(list, false, { lang: 'en' }, null).lang).toBe('en');
    expect(resolveLocale(list, false, { lang: 'fr' }, 'it').lang).toBe('de');
    expect(resolveLocale(marketList('default', [{ ...DEFAULT_MARKET, languages: ['en'] }]), false, {}, 'de').lang).toBe('en');
  });

  it('asks for both in another market, and nothing for the default market in its own language', () => {
    expect(resolveLocale(list, false, {}, null).catalog).toEqual({ market: 'eu', lang: 'de' });
    expect(resolveLocale(list, false, {}, 'en').catalog).toEqual({ market: 'eu', lang: 'en' });
    expect(resolveLocale(list, false, { market: 'default' }, null).catalog).toEqual({});
    expect(resolveLocale(list, false, { market: 'default' }, 'de').catalog).toEqual({ lang: 'de' });
  });
});

describe('links in the language shown', () => {
  it('adds ?lang= to storefront paths, keeping their query and fragment, and never overrides one', () => {
    expect(withLangParam('/p/lamp', 'de')).toBe('/p/lamp?lang=de');
    expect(withLangParam('/search?q=walnut%20lamp#top', 'de')).toBe('/search?q=walnut%20lamp&lang=de#top');
    expect(withLangParam('/p/lamp?lang=en', 'de')).toBe('/p/lamp?lang=en');
    expect(withLangParam({ pathname: '/cart' }, 'de')).toEqual({ pathname: '/cart', search: '?lang=de' });
    expect(withLangParam('https://example.com/', 'de')).toBe('https://example.com/');
    expect(withLangParam('//evil.example/', 'de')).toBe('//evil.example/');
    expect(withLangParam('/p/lamp', null)).toBe('/p/lamp');
  });
});

describe('the shopper’s country for the suggestion', () => {
  it('is the region of the first preferred language that names one', () => {
    expect(browserCountry(['de', 'de-AT', 'en-US'])).toBe('AT');
    expect(browserCountry(['en'])).toBeUndefined();
  });
});
