import type { Order } from '@bazaar/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/apiSlice';
import { toFriendlyError } from '../../api/errors';
import { useAppDispatch } from '../../app/hooks';
import { useFormat } from '../../i18n/useFormat';
import { useOrderQuery, usePayOrderMutation } from '../checkout/checkout.api';
import { PaymentStep } from '../checkout/PaymentStep';

/**
 * Paying what an order's `amountDue` says from its page (a sent invoice, a checkout left unpaid): the
 * server makes the payment for what is due, then the shopper pays it as at checkout. `token` is a
 * guest's signed link.
 */
const POLL_MS = 3000;

export function PayNowSection({ order, token }: { order: Order; token?: string }) {
  const { t } = useTranslation();
  const { money } = useFormat();
  const [params] = useSearchParams();
  const [pay, { data: started, isLoading }] = usePayOrderMutation();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const dispatch = useAppDispatch();
  const refetchOrder = () => dispatch(api.util.invalidateTags([{ type: 'Order', id: order.id }]));
  // Paid by card: the order page's own query is fetched every few seconds until the webhook has marked it paid.
  useOrderQuery({ id: order.id, token }, { pollingInterval: confirming ? POLL_MS : 0 });
  // Back from a bank's page: the order page says the payment is being confirmed.
  if (['succeeded', 'processing'].includes(params.get('redirect_status') ?? '')) return null;

  const orderPath = `/orders/${order.id}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const start = async () => {
    setError(undefined);
    try {
      await pay({ id: order.id, token }).unwrap();
    } catch (err) {
      const friendly = toFriendlyError(err);
      setError(friendly.message);
      // Nothing due any more (paid in another tab, or cancelled): show the order as it is now.
      if (friendly.code === 'INVALID_TRANSITION') refetchOrder();
    }
  };

  return (
    <section aria-labelledby="pay-now" className="space-y-3 rounded border p-4">
      <h2 id="pay-now" className="text-lg font-semibold">
        {t('orders.payNow')}
      </h2>
      <p data-testid="amount-due">{t('orders.amountDue', { amount: money(order.amountDue) })}</p>
      {confirming ? (
        <p role="status" className="text-sm text-gray-600">
          {t('orders.confirming')}
        </p>
      ) : started ? (
        <PaymentStep
          payment={started.payment}
          orderPath={orderPath}
          token={token}
          onPaid={(paid) => {
            // The manual provider answers with the paid order (fetched again by its tag); Stripe's webhook comes shortly after.
            if (!paid) {
              setConfirming(true);
              refetchOrder();
            }
          }}
        />
      ) : (
        <button type="button" disabled={isLoading} onClick={start} className="rounded bg-gray-900 px-4 py-2 text-white">
          {t('orders.payNow')}
        </button>
      )}
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </section>
  );
}
