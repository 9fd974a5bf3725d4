import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en, { type Translations } from './resources/en';

export const FALLBACK_LANGUAGE = 'en';

/**
 * Every other language's texts, one file each in resources/ (`de.ts` → `de`), loaded the first
 * time the language is shown: the first load carries English only. Adding a file adds the language.
 */
const loaders = Object.fromEntries(
  Object.entries(import.meta.glob<{ default: Translations }>(['./resources/*.ts', '!./resources/en.ts'])).map(([file, load]) => [
    /([\w-]+)\.ts$/.exec(file)![1]!,
    load,
  ]),
);

/** The languages the storefront has texts for. A language a market offers but that is missing here shows English. */
export const LANGUAGES = [FALLBACK_LANGUAGE, ...Object.keys(loaders)];

/**
 * The app's one i18next instance (React reads it through `I18nextProvider`/`useTranslation`; plain
 * functions such as the form checks call `i18n.t`). English is bundled, so it is ready at once.
 */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: FALLBACK_LANGUAGE,
  fallbackLng: FALLBACK_LANGUAGE,
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Shows the texts in `lang` (`de`, `de-AT` → German), loading them first; English for a language without texts. */
let wanted: string | undefined;
export async function setLanguage(lang: string): Promise<void> {
  wanted = lang;
  const own = [lang, lang.split('-')[0]!].find((l) => l in loaders);
  if (own && !i18n.hasResourceBundle(own, 'translation')) {
    const texts = await loaders[own]!().catch(() => undefined); // offline before it was ever loaded: English
    if (texts) i18n.addResourceBundle(own, 'translation', texts.default);
  }
  // Another language was asked for while this one loaded: that one wins.
  if (wanted === lang && i18n.language !== lang) await i18n.changeLanguage(lang);
}
