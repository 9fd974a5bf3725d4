import { formatMoney, type Money } from '@bazaar/shared';
import { useTranslation } from 'react-i18next';
import { FALLBACK_LANGUAGE } from './index';

/** The locale numbers, money and dates are written in: the language the texts are in (`de` → "18,99 €"). */
export function useFormatLocale(): string {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage ?? FALLBACK_LANGUAGE;
}

/**
 * Money and dates for people, in the active language's conventions. Money is the answer's own
 * currency (a price in a market's currency is written as that currency), in integer minor units.
 */
export function useFormat() {
  const locale = useFormatLocale();
  return {
    locale,
    money: (m: Money) => formatMoney(m, locale),
    /** A calendar day (`YYYY-MM-DD`), the same day wherever the reader is. */
    day: (day: string) => new Date(`${day}T00:00:00.000Z`).toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    date: (iso: string) => new Date(iso).toLocaleDateString(locale, { dateStyle: 'long' }),
    dateTime: (iso: string) => new Date(iso).toLocaleString(locale),
  };
}
