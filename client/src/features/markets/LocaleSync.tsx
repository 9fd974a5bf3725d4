import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { setLanguage } from '../../i18n';
import { useCartQuery } from '../cart/cart.api';
import { useLocale } from './locale';
import { languageChosen, marketChosen } from './locale.slice';
import { withLang } from './market-choice';

/**
 * Keeps the storefront in the market and language in effect (mounted once, in the layout):
 * - the texts and `<html lang>` follow the language;
 * - the address names it (`?lang=de`: shareable; an unsupported one is replaced by the market's
 *   default), and a language that came with a link is remembered;
 * - a cart priced in another market (changed in another tab or device, merged at sign-in) is
 *   followed: its market is shown, since that is what the shopper pays in. A cart that does not
 *   exist yet opens in the market shown (`useOpenCartInMarket`, before the first line).
 */
export function LocaleSync() {
  const { market, lang, markets } = useLocale();
  const choice = useAppSelector((s) => s.locale);
  const dispatch = useAppDispatch();
  const { i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { data: cart } = useCartQuery();

  useEffect(() => {
    if (!lang) return;
    if (i18n.language !== lang) void setLanguage(lang);
    document.documentElement.lang = lang;
  }, [lang, i18n]);

  const urlLang = params.get('lang');
  useEffect(() => {
    if (!lang || urlLang === lang) return;
    setParams((current) => withLang(current, lang), { replace: true });
  }, [lang, urlLang, setParams]);
  useEffect(() => {
    if (lang && urlLang === lang && choice.lang !== lang) dispatch(languageChosen(lang));
  }, [lang, urlLang, choice.lang, dispatch]);

  // Never the other way round (no PUT from here): two tabs would keep moving the cart back and forth.
  useEffect(() => {
    if (market && cart?.id && cart.market !== market.code && markets.some((m) => m.code === cart.market))
      dispatch(marketChosen(cart.market));
  }, [market, cart, markets, dispatch]);

  return null;
}
