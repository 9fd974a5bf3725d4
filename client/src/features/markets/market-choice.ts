import type { Cart, CartWarning, StoreMarket } from '@bazaar/shared';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { toFriendlyError } from '../../api/errors';
import { useAppDispatch } from '../../app/hooks';
import { toast } from '../../app/ui.slice';
import { cartApi, useCartQuery, useSetCartMarketMutation } from '../cart/cart.api';
import { useLocale } from './locale';
import { languageChosen, marketChosen } from './locale.slice';

/** A market's name as the shopper reads it (the shop's default market has no name of its own). */
export const marketName = (market: StoreMarket, t: TFunction) => (market.isDefault ? t('markets.defaultMarket') : market.name);

/** A cart warning in the shopper's language where the client knows the words (the market change), else the server's. */
export function cartWarningText(warning: CartWarning, cart: Cart, markets: StoreMarket[], t: TFunction): string {
  const market = markets.find((m) => m.code === cart.market);
  if (warning.code === 'MARKET_CHANGED' && market)
    return t('markets.marketChanged', { market: marketName(market, t), currency: cart.totals.total.currency });
  return warning.message;
}

/** Why the cart could not move to `market`: the gift-card rule in the shopper's language, else the server's message. */
export function marketErrorText(error: unknown, market: StoreMarket | undefined, markets: StoreMarket[], t: TFunction): string {
  const friendly = toFriendlyError(error);
  const base = markets.find((m) => m.isDefault)?.currency;
  if (friendly.code === 'CONFLICT' && friendly.fields.market && market && base)
    return t('markets.giftCardsOnly', { base, currency: market.currency });
  return friendly.message;
}

const withLang = (params: URLSearchParams, lang: string) => {
  const next = new URLSearchParams(params);
  next.set('lang', lang);
  return next;
};

/**
 * The switcher's actions. A market: the cart is priced there first (PUT /cart/market), and only
 * then is the market shown; the server's word (the market change, or why not: a gift card in a
 * foreign currency) is a toast. A language: remembered, and named in the address.
 */
export function useMarketChoice() {
  const dispatch = useAppDispatch();
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const { markets } = useLocale();
  const [setCartMarket, { isLoading: moving }] = useSetCartMarketMutation();

  const chooseMarket = async (code: string) => {
    const market = markets.find((m) => m.code === code);
    if (!market) return;
    try {
      const cart = await setCartMarket(code).unwrap();
      // The answer is the cart in its new market, with the once-only warning: kept, not fetched again.
      await dispatch(cartApi.util.upsertQueryData('cart', undefined, cart));
      dispatch(marketChosen(code));
      for (const w of cart.warnings) dispatch(toast('info', cartWarningText(w, cart, markets, t)));
    } catch (err) {
      dispatch(toast('error', marketErrorText(err, market, markets, t)));
    }
  };

  const chooseLanguage = (lang: string) => {
    dispatch(languageChosen(lang));
    setParams((params) => withLang(params, lang), { replace: true });
  };

  return { chooseMarket, chooseLanguage, moving };
}

/**
 * Before the first line goes into a cart that does not exist yet (or is not loaded yet): open it in
 * the market shown, so it is priced as the shopper saw (no "prices changed" right after adding). A
 * cart that exists keeps its market (the layout shows that one).
 */
export function useOpenCartInMarket() {
  const { market } = useLocale();
  const { data: cart } = useCartQuery();
  const [setCartMarket] = useSetCartMarketMutation();
  return async () => {
    if (!market || (cart && (cart.id || cart.market === market.code))) return;
    // Refused (the market closed a moment ago): the line goes in at the cart's own prices.
    await setCartMarket(market.code)
      .unwrap()
      .catch(() => undefined);
  };
}

export { withLang };
