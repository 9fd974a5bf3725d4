import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe, StripeElementLocale } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';

/**
 * Stripe.js is loaded from js.stripe.com the first time a shopper pays by card (the `pure` entry
 * adds no script tag at import), once per key for the life of the tab. The CSP allows that origin
 * only when the server has Stripe configured.
 */
const stripeByKey = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string) {
  let stripe = stripeByKey.get(publishableKey);
  if (!stripe) stripeByKey.set(publishableKey, (stripe = loadStripe(publishableKey)));
  return stripe;
}

/** Stripe's own texts in the shopper's language (Stripe knows `en`, `de` and many more). */
const stripeLocale = () => (i18n.resolvedLanguage ?? 'auto') as StripeElementLocale;

export interface StripePaymentProps {
  publishableKey: string;
  /** The PaymentIntent's client secret from POST /checkout or POST /orders/:id/pay. */
  clientSecret: string;
  amountLabel: string;
  /** Where the order is followed live (with the guest's access token); Stripe returns there after a redirect. */
  orderPath: string;
  onConfirmed: () => void;
}

/** Stripe Elements' Payment Element for one order's PaymentIntent. The webhook marks the order paid. */
export default function StripePayment({ publishableKey, clientSecret, ...form }: StripePaymentProps) {
  return (
    <Elements stripe={stripeFor(publishableKey)} options={{ clientSecret, appearance: { theme: 'stripe' }, locale: stripeLocale() }}>
      <PaymentForm {...form} />
    </Elements>
  );
}

function PaymentForm({ amountLabel, orderPath, onConfirmed }: Omit<StripePaymentProps, 'publishableKey' | 'clientSecret'>) {
  const { t } = useTranslation();
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-3 rounded border p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!stripe || !elements) return;
        setBusy(true);
        setError(undefined);
        // Cards confirm in place; methods that need a bank's page redirect and come back to the order page.
        const result = await stripe.confirmPayment({
          elements,
          confirmParams: { return_url: new URL(orderPath, window.location.origin).href },
          redirect: 'if_required',
        });
        if (result.error) {
          setError(result.error.message ?? t('checkout.cardFailed'));
          setBusy(false);
          return;
        }
        onConfirmed();
      }}
    >
      <PaymentElement />
      <button
        type="submit"
        disabled={!stripe || !elements || busy}
        className="rounded bg-gray-900 px-4 py-2 text-white disabled:opacity-50"
      >
        {t('checkout.pay', { amount: amountLabel })}
      </button>
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
