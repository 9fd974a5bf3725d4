import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAppDispatch } from '../../app/hooks';
import { toastFor } from '../../app/ui.slice';
import { toFriendlyError } from '../../api/errors';
import { giftCardLine } from '../../components/format';
import { Link } from '../../components/LocaleLink';
import { useFormat } from '../../i18n/useFormat';
import { useLocale } from '../markets/locale';
import { cartWarningText, marketName } from '../markets/market-choice';
import {
  useApplyCouponMutation,
  useCartQuery,
  useRemoveCartItemMutation,
  useRemoveCouponMutation,
  useUpdateCartItemMutation,
} from './cart.api';
import { CartPromotions } from './CartPromotions';

export default function CartPage() {
  const { t } = useTranslation();
  const { money, day } = useFormat();
  const { markets } = useLocale();
  const { data: cart, isLoading } = useCartQuery();
  const [update] = useUpdateCartItemMutation();
  const [remove] = useRemoveCartItemMutation();
  const [applyCoupon, { isLoading: applying }] = useApplyCouponMutation();
  const [removeCoupon] = useRemoveCouponMutation();
  const [code, setCode] = useState('');
  const [couponError, setCouponError] = useState<string>();
  const dispatch = useAppDispatch();
  const run = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      dispatch(toastFor(err));
    }
  };

  if (isLoading) return <p>{t('common.loading')}</p>;
  if (!cart || cart.items.length === 0)
    return (
      <div>
        <h1 className="text-2xl font-bold">{t('cart.empty')}</h1>
        <Link to="/" className="text-blue-700 underline">
          {t('cart.continue')}
        </Link>
      </div>
    );
  // Said where the shop sells in more than one market: which one (and currency) this cart is priced in.
  const market = markets.length > 1 ? markets.find((m) => m.code === cart.market) : undefined;
  return (
    <div className="grid gap-8 md:grid-cols-[1fr_300px]">
      <section>
        <h1 className="mb-4 text-2xl font-bold">{t('cart.title')}</h1>
        <ul className="divide-y" aria-label={t('cart.items')}>
          {cart.items.map((item) => (
            <li key={item.id} className="flex gap-4 py-4" data-testid="cart-line">
              {item.image && <img src={item.image} alt="" width={80} height={80} className="h-20 w-20 rounded object-cover" />}
              <div className="flex-1">
                <Link to={`/p/${item.productSlug}`} className="font-medium">
                  {item.title}
                </Link>
                <p className="text-sm text-gray-600">{item.variantTitle}</p>
                {item.giftCard && <p className="text-sm">{giftCardLine(item.giftCard, t, day)}</p>}
                {item.warnings.map((w) => (
                  <p key={w.code} role="status" className="text-sm text-amber-700">
                    {w.message}
                  </p>
                ))}
                <div className="mt-2 flex items-center gap-2">
                  <label className="text-sm" htmlFor={`qty-${item.id}`}>
                    {t('cart.quantity')}
                  </label>
                  <select
                    id={`qty-${item.id}`}
                    value={item.quantity}
                    onChange={(e) => run(update({ id: item.id, quantity: Number(e.target.value) }).unwrap())}
                    className="rounded border p-1"
                  >
                    {Array.from({ length: Math.max(10, item.quantity) }, (_, i) => i + 1).map((n) => (
                      <option key={n}>{n}</option>
                    ))}
                  </select>
                  <button type="button" onClick={() => run(remove(item.id).unwrap())} className="text-sm text-red-700 underline">
                    {t('common.remove')}
                  </button>
                </div>
              </div>
              <p className="font-medium">{money(item.lineTotal)}</p>
            </li>
          ))}
        </ul>
      </section>
      <aside aria-label={t('cart.summary')} className="space-y-4 rounded border p-4">
        {market && (
          <p className="text-sm text-gray-600" data-testid="cart-market">
            {t('markets.pricedIn', { currency: cart.totals.total.currency, market: marketName(market, t) })}
          </p>
        )}
        {cart.coupon ? (
          <p className="text-sm">
            <Trans i18nKey="cart.coupon" values={{ code: cart.coupon.code }} components={{ strong: <strong /> }} />{' '}
            <button type="button" className="underline" onClick={() => run(removeCoupon().unwrap())}>
              {t('cart.removeCoupon')}
            </button>
          </p>
        ) : (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              setCouponError(undefined);
              try {
                await applyCoupon(code).unwrap();
                setCode('');
              } catch (err) {
                setCouponError(toFriendlyError(err).message);
              }
            }}
          >
            <label htmlFor="coupon" className="block text-sm font-medium">
              {t('cart.couponCode')}
            </label>
            <div className="mt-1 flex gap-2">
              <input
                id="coupon"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                className="w-full rounded border p-1"
                aria-invalid={!!couponError}
                aria-describedby="coupon-error"
              />
              <button type="submit" disabled={!code || applying} className="rounded border px-3">
                {t('common.apply')}
              </button>
            </div>
            {couponError && (
              <p id="coupon-error" role="alert" className="mt-1 text-sm text-red-700">
                {couponError}
              </p>
            )}
          </form>
        )}
        <CartPromotions cart={cart} />
        {cart.warnings.map((w) => (
          <p key={`${w.code}:${w.message}`} role="status" className="text-sm text-amber-700">
            {cartWarningText(w, cart, markets, t)}
          </p>
        ))}
        <dl className="space-y-1 text-sm">
          <div className="flex justify-between">
            <dt>{t('common.subtotal')}</dt>
            <dd>{money(cart.totals.subtotal)}</dd>
          </div>
          {cart.totals.discount.amount > 0 && (
            <div className="flex justify-between text-green-700">
              <dt>{t('cart.discount')}</dt>
              <dd>−{money(cart.totals.discount)}</dd>
            </div>
          )}
          <div className="flex justify-between text-gray-600">
            <dt>{t('cart.shippingAndTax')}</dt>
            <dd>{t('cart.atCheckout')}</dd>
          </div>
          <div className="flex justify-between border-t pt-2 font-semibold">
            <dt>{t('cart.total')}</dt>
            <dd data-testid="cart-total">{money(cart.totals.total)}</dd>
          </div>
        </dl>
        <Link to="/checkout" className="block rounded bg-gray-900 py-3 text-center text-white">
          {t('common.checkout')}
        </Link>
      </aside>
    </div>
  );
}
