import { formatMoney } from '@bazaar/shared';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { toFriendlyError } from '../../api/errors';
import { useMeQuery, useStoreCreditQuery } from '../account/account.api';
import { useCartQuery } from '../cart/cart.api';
import { useCheckoutMutation, useShippingMethodsQuery } from './checkout.api';
import { PaymentStep } from './PaymentStep';
import { TenderSection, type AppliedGiftCard } from './TenderSection';
import { validateCheckout, type CheckoutForm } from './validation';

const FIELDS: [keyof CheckoutForm, string, string?][] = [
  ['email', 'Email', 'email'],
  ['name', 'Full name', 'name'],
  ['line1', 'Address', 'address-line1'],
  ['line2', 'Apartment, suite (optional)', 'address-line2'],
  ['city', 'City', 'address-level2'],
  ['region', 'State / region', 'address-level1'],
  ['postalCode', 'Postal code', 'postal-code'],
];

export default function CheckoutPage() {
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

  if (placed) {
    const { order: placedOrder, payment } = placed;
    const orderPath = `/orders/${placedOrder.id}${placed.accessToken ? `?token=${encodeURIComponent(placed.accessToken)}` : ''}`;
    const total = formatMoney(placedOrder.totals.total);
    if (!payment)
      return (
        <section className="max-w-lg space-y-4">
          <h1 className="text-2xl font-bold">Order placed</h1>
          <p role="status">
            Order <strong>{placedOrder.number}</strong> — {total}. Paid in full with your gift card and store credit.
          </p>
          <p>
            <Link to={orderPath} className="underline">
              See your order
            </Link>
          </p>
        </section>
      );
    return (
      <section className="max-w-lg space-y-4">
        <h1 className="text-2xl font-bold">Payment</h1>
        <p>
          Order <strong>{placedOrder.number}</strong> — {total}
        </p>
        {placedOrder.paidWithBalance.amount > 0 && (
          <p data-testid="balance-split">
            Paid with gift cards and credit: {formatMoney(placedOrder.paidWithBalance)}; to pay now: {formatMoney(payment.amount)}
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
        <legend className="mb-2 text-2xl font-bold">Checkout</legend>
        {FIELDS.map(([key, label, autoComplete]) => (
          <div key={key}>
            <label htmlFor={key} className="block text-sm font-medium">
              {label}
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
            Country
          </label>
          <select id="country" value={form.country} onChange={set('country')} className="mt-1 w-full rounded border p-2">
            {['US', 'GB', 'DE', 'FR', 'CA', 'AU'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Shipping</legend>
          {methods.map((m) => (
            <label key={m.id} className="mt-1 flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="shippingMethodId"
                value={m.id}
                checked={form.shippingMethodId === m.id}
                onChange={set('shippingMethodId')}
              />
              {m.name} — {formatMoney(m.price)}
              {m.freeOver && ` (free over ${formatMoney(m.freeOver)})`}
            </label>
          ))}
          {errors.shippingMethodId && <p className="text-sm text-red-700">{errors.shippingMethodId}</p>}
        </fieldset>
      </fieldset>
      <aside className="space-y-3 rounded border p-4 text-sm">
        <h2 className="font-semibold">Order summary</h2>
        {cart?.items.map((i) => (
          <p key={i.id} className="flex justify-between">
            <span>
              {i.quantity} × {i.title}
            </span>
            <span>{formatMoney(i.lineTotal)}</span>
          </p>
        ))}
        {cart && (
          <p className="border-t pt-2">
            Subtotal {formatMoney(cart.totals.subtotal)}; shipping and tax are added when you place the order.
          </p>
        )}
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
          Place order
        </button>
      </aside>
    </form>
  );
}
