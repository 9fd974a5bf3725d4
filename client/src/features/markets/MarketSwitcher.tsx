import { useTranslation } from 'react-i18next';
import { useLocale } from './locale';
import { marketName, useMarketChoice } from './market-choice';

/** A language's name in that language ("Deutsch", "English"), as a shopper looks for their own. */
export function languageName(lang: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
    return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    return lang;
  }
}

/** The market (its currency) and the language, in the storefront's header. */
export function MarketSwitcher() {
  const { t } = useTranslation();
  const { market, lang, markets } = useLocale();
  const { chooseMarket, chooseLanguage, moving } = useMarketChoice();
  if (!market || !lang) return null;
  return (
    <div role="group" aria-label={t('markets.region')} className="flex items-center gap-2 text-sm">
      {markets.length > 1 && (
        <label className="flex items-center gap-1">
          <span className="sr-only">{t('markets.market')}</span>
          <select
            value={market.code}
            disabled={moving}
            onChange={(e) => void chooseMarket(e.target.value)}
            className="rounded border px-1 py-1"
          >
            {markets.map((m) => (
              <option key={m.code} value={m.code}>
                {t('markets.marketOption', { name: marketName(m, t), currency: m.currency })}
              </option>
            ))}
          </select>
        </label>
      )}
      {market.languages.length > 1 && (
        <label className="flex items-center gap-1">
          <span className="sr-only">{t('markets.language')}</span>
          <select value={lang} onChange={(e) => chooseLanguage(e.target.value)} className="rounded border px-1 py-1">
            {market.languages.map((l) => (
              <option key={l} value={l} lang={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
