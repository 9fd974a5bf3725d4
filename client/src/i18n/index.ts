import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './resources/de';
import en from './resources/en';

/** The storefront's texts per language. A language a market offers but that is missing here shows English. */
export const resources = { en: { translation: en }, de: { translation: de } } as const;
export const FALLBACK_LANGUAGE = 'en';

/**
 * The app's one i18next instance (React reads it through `I18nextProvider`/`useTranslation`; plain
 * functions such as the form checks call `i18n.t`). Resources are bundled, so it is ready at once.
 */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: FALLBACK_LANGUAGE,
  fallbackLng: FALLBACK_LANGUAGE,
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The locale numbers, money and dates are written in: the active language's own (`de` → "18,99 €"). */
export const activeLocale = () => i18n.resolvedLanguage ?? i18n.language ?? FALLBACK_LANGUAGE;
