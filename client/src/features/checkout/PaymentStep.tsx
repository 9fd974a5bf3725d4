import type { Order, PaymentSummary } from '@bazaar/shared';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toFriendlyError } from '../../api/errors';
import { useFormat } from '../../i18n/useFormat';
import { useConfirmPaymentMutation, useStorefrontConfigQuery } from './checkout.api';

// Stripe's React bindings load only when a shopper pays by card.
const StripePayment = lazy(() => import('./StripePayment'));

export interface PaymentStepProps {
  /** The payment to complete, as POST /checkout or POST /orders/:id/pay returned it. */
  payment: PaymentSummary;
  /** The order's page (with a guest's access token); Stripe returns there after a bank's page. */
  orderPath: string;
  /** A guest's signed order token, sent with the manual confirmation. */
  token?: string;
  /**
   * The payment went through: with the manual provider, the order as it is now (nothing due); with
   * Stripe, nothing (its webhook marks the order paid shortly after).
   */
  onPaid: (order?: Order) => void;
}

/** Paying one payment: the manual provider's test buttons, or Stripe's Payment Element on its intent. */
export function PaymentStep({ payment, orderPath, token, onPaid }: PaymentStepProps) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const [confirm, { isLoading: paying }] = useConfirmPaymentMutation();
  const { data: settings } = useStorefrontConfigQuery();
  const [error, setError] = useState<string>();
  // The provider is asked only for what gift cards and store credit left: that is the amount to pay now.
  const due = money(payment.amount);
  const stripeKey = settings?.payments.stripePublishableKey;
  const pay = async (outcome: 'succeeded' | 'declined') => {
    setError(undefined);
    try {
      const order = await confirm({ paymentId: payment.id, outcome, token }).unwrap();
      // Nothing left to pay means it went through (an order paid before, e.g. an edit's difference, stays `paid` either way).
      if (order.amountDue.amount === 0) onPaid(order);
      else setError(t('checkout.declined'));
    } catch (err) {
      setError(toFriendlyError(err).message);
    }
  };
  return (
    <>
      {payment.provider === 'manual' ? (
        <div className="space-y-2 rounded border p-4">
          <p className="text-sm text-gray-600">{t('checkout.testPayments')}</p>
          <button type="button" disabled={paying} onClick={() => pay('succeeded')} className="rounded bg-gray-900 px-4 py-2 text-white">
            {t('checkout.pay', { amount: due })}
          </button>{' '}
          <button type="button" disabled={paying} onClick={() => pay('declined')} className="rounded border px-4 py-2">
            {t('checkout.simulateDecline')}
          </button>
        </div>
      ) : stripeKey && payment.clientSecret ? (
        <Suspense fallback={<p>{t('checkout.loadingCardForm')}</p>}>
          <StripePayment
            publishableKey={stripeKey}
            clientSecret={payment.clientSecret}
            amountLabel={due}
            orderPath={orderPath}
            onConfirmed={() => onPaid()}
          />
        </Suspense>
      ) : settings ? (
        <p role="alert">{t('checkout.cardsUnavailable')}</p>
      ) : (
        <p>{t('checkout.loadingCardForm')}</p>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </>
  );
}
