import { useEffect, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toFriendlyError } from '../../api/errors';
import { Link } from '../../components/LocaleLink';
import { useFormat } from '../../i18n/useFormat';
import { useMeQuery, useStoreCreditQuery } from '../account/account.api';
import { useCartQuery } from '../cart/cart.api';
import { useLocale } from '../markets/locale';
import { useCheckoutMutation, useShippingMethodsQuery } from './checkout.api';
import { PaymentStep } from './PaymentStep';
import { TenderSection, type AppliedGiftCard } from './TenderSection';
import { validateCheckout, type CheckoutForm } from './validation';

const FIELDS = [
  ['email', 'email'],
  ['name', 'name'],
  ['line1', 'address-line1'],
  ['line2', 'address-line2'],
  ['city', 'address-level2'],
  ['region', 'address-level1'],
  ['postalCode', 'postal-code'],
] as const satisfies [keyof CheckoutForm, string][];

/** Countries offered when the market names none of its own. */
const SHIPPING_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'CA', 'AU'];

export default function CheckoutPage() {
  const { t } = useTranslation();
  const { money } = useFormat();
  const { data: cart } = useCartQuery();
  const [form, setForm] = useState<CheckoutForm>({
    email: '',
    name: '',
    line1: '',
    line2: '',
    city: '',
    region: '',
    postalCode: '',
    country: 'US',
    shippingMethodId: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [giftCards, setGiftCards] = useState<AppliedGiftCard[]>([]);
  const [useStoreCredit, setUseStoreCredit] = useState(false);
  // Store credit is for signed-in shoppers: guests never ask for it.
  const { data: me } = useMeQuery();
  const { data: credit } = useStoreCreditQuery(undefined, { skip: !me });
  const creditBalance = me ? credit?.balance : undefined;
  // One key per checkout attempt: a double click or a retry never makes two orders.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const { data: methods = [] } = useShippingMethodsQuery(form.country, { skip: form.country.length !== 2 });
  const [checkout, { data: placed, isLoading }] = useCheckoutMutation();
  const navigate = useNavigate();
  const set = (k: keyof CheckoutForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  // The market's countries come first, and its first one is the default until the shopper picks one.
  const { market } = useLocale();
  const countries = useMemo(() => [...new Set([...(market?.countries ?? []), ...SHIPPING_COUNTRIES])], [market]);
  const [countryPicked, setCountryPicked] = useState(false);
  const marketCountry = market?.countries[0];
  useEffect(() => {
    if (!countryPicked && marketCountry) setForm((f) => ({ ...f, country: marketCountry }));
  }, [countryPicked, marketCountry]);

  if (placed) {
    const { order: placedOrder, payment } = placed;
    const orderPath = `/orders/${placedOrder.id}${placed.accessToken ? `?token=${encodeURIComponent(placed.accessToken)}` : ''}`;
    const total = money(placedOrder.totals.total);
    if (!payment)
      return (
        <section className="max-w-lg space-y-4">
          <h1 className="text-2xl font-bold">{t('checkout.placed')}</h1>
          <p role="status">
            <Trans i18nKey="checkout.paidInFull" values={{ number: placedOrder.number, total }} components={{ strong: <strong /> }} />
          </p>
          <p>
            <Link to={orderPath} className="underline">
              {t('checkout.seeOrder')}
            </Link>
          </p>
        </section>
      );
    return (
      <section className="max-w-lg space-y-4">
        <h1 className="text-2xl font-bold">{t('checkout.payment')}</h1>
        <p>
          <Trans i18nKey="checkout.orderTotal" values={{ number: placedOrder.number, total }} components={{ strong: <strong /> }} />
        </p>
        {placedOrder.paidWithBalance.amount > 0 && (
          <p data-testid="balance-split">
            {t('checkout.balanceSplit', { paid: money(placedOrder.paidWithBalance), due: money(payment.amount) })}
          </p>
        )}
        <PaymentStep payment={payment} orderPath={orderPath} onPaid={() => navigate(orderPath)} />
      </section>
    );
  }

  return (
    <form
      noValidate
      className="grid max-w-3xl gap-8 md:grid-cols-[1fr_260px]"
      onSubmit={async (e) => {
        e.preventDefault();
        setFormError(undefined);
        const result = validateCheckout(form, {
          giftCardCodes: giftCards.map((c) => c.code),
          useStoreCredit: useStoreCredit && !!creditBalance && creditBalance.amount > 0,
        });
        if (!result.ok) return setErrors(result.fields);
        setErrors({});
        try {
          await checkout({ body: result.body, idempotencyKey }).unwrap();
        } catch (err) {
          const friendly = toFriendlyError(err);
          setErrors(Object.fromEntries(Object.entries(friendly.fields).map(([k, v]) => [k.split('.').at(-1)!, v])));
          setFormError(friendly.message);
        }
      }}
    >
      <fieldset className="space-y-3">
        <legend className="mb-2 text-2xl font-bold">{t('checkout.title')}</legend>
        {FIELDS.map(([key, autoComplete]) => (
          <div key={key}>
            <label htmlFor={key} className="block text-sm font-medium">
              {t(`checkout.fields.${key}`)}
            </label>
            <input
              id={key}
              name={key}
              autoComplete={autoComplete}
              value={form[key]}
              onChange={set(key)}
              aria-invalid={!!errors[key]}
              aria-describedby={`${key}-error`}
              className="mt-1 w-full rounded border p-2"
            />
            {errors[key] && (
              <p id={`${key}-error`} className="text-sm text-red-700">
                {errors[key]}
              </p>
            )}
          </div>
        ))}
        <div>
          <label htmlFor="country" className="block text-sm font-medium">
            {t('checkout.country')}
          </label>
          <select
            id="country"
            value={form.country}
            onChange={(e) => {
              setCountryPicked(true);
              set('country')(e);
            }}
            className="mt-1 w-full rounded border p-2"
          >
            {countries.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">{t('checkout.shipping')}</legend>
          {methods.map((m) => (
            <label key={m.id} className="mt-1 flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="shippingMethodId"
                value={m.id}
                checked={form.shippingMethodId === m.id}
                onChange={set('shippingMethodId')}
              />
              {m.name} — {money(m.price)}
              {m.freeOver && t('checkout.freeOver', { amount: money(m.freeOver) })}
            </label>
          ))}
          {errors.shippingMethodId && <p className="text-sm text-red-700">{errors.shippingMethodId}</p>}
        </fieldset>
      </fieldset>
      <aside className="space-y-3 rounded border p-4 text-sm">
        <h2 className="font-semibold">{t('checkout.summary')}</h2>
        {cart?.items.map((i) => (
          <p key={i.id} className="flex justify-between">
            <span>
              {i.quantity} × {i.title}
            </span>
            <span>{money(i.lineTotal)}</span>
          </p>
        ))}
        {cart && <p className="border-t pt-2">{t('checkout.subtotalNote', { amount: money(cart.totals.subtotal) })}</p>}
        <TenderSection
          cards={giftCards}
          onCardsChange={setGiftCards}
          storeCredit={creditBalance}
          useStoreCredit={useStoreCredit}
          onUseStoreCreditChange={setUseStoreCredit}
          total={cart?.totals.total}
        />
        {formError && (
          <p role="alert" className="text-red-700">
            {formError}
          </p>
        )}
        <button type="submit" disabled={isLoading} className="w-full rounded bg-gray-900 py-3 text-white">
          {t('checkout.placeOrder')}
        </button>
      </aside>
    </form>
  );
}
