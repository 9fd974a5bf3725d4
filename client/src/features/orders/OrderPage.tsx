import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { giftCardLine } from '../../components/format';
import { useFormat } from '../../i18n/useFormat';
import { useOrderQuery } from '../checkout/checkout.api';
import { PayNowSection } from './PayNowSection';
import { ReturnsSection } from './ReturnsSection';

/** Follows the order's status live over socket.io. */
export default function OrderPage() {
  const { t } = useTranslation();
  const { money, day } = useFormat();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { data: order, error } = useOrderQuery({ id, token: params.get('token') ?? undefined });
  if (error) return <p role="alert">{t('orders.notFound')}</p>;
  if (!order) return <p>{t('common.loading')}</p>;
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t('orders.title', { number: order.number })}</h1>
      <p aria-live="polite" data-testid="order-status" className="text-lg">
        {t(`orders.status.${order.status}`, { defaultValue: order.status })}
      </p>
      {order.status === 'pending_payment' && <PaymentReturn redirectStatus={params.get('redirect_status')} />}
      {order.amountDue.amount > 0 && <PayNowSection order={order} token={params.get('token') ?? undefined} />}
      {order.tracking && (
        <p>
          {order.tracking.carrier}: {order.tracking.number}
        </p>
      )}
      <ul className="divide-y rounded border">
        {order.items.map((i) => (
          <li key={i.id} className="flex justify-between p-3 text-sm">
            <span>
              {i.quantity} × {i.title} <span className="text-gray-600">{i.variantTitle}</span>
              {i.giftCard && <span className="block text-xs">{giftCardLine(i.giftCard, t, day)}</span>}
            </span>
            <span>{money(i.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <dl className="space-y-1 text-sm">
        {(['subtotal', 'discount', 'shipping', 'tax', 'total'] as const).map((k) => (
          <div key={k} className="flex justify-between">
            <dt>{t(`orders.totals.${k}`)}</dt>
            <dd>{money(order.totals[k])}</dd>
          </div>
        ))}
      </dl>
      {order.paidWithBalance.amount > 0 && (
        <p className="text-sm" data-testid="paid-with-balance">
          {t('orders.paidWithBalance', { amount: money(order.paidWithBalance) })}
        </p>
      )}
      <ReturnsSection orderId={order.id} token={params.get('token') ?? undefined} />
    </section>
  );
}

/** Stripe sends the shopper back here after a bank's page, with `redirect_status`; the webhook then marks the order paid. */
function PaymentReturn({ redirectStatus }: { redirectStatus: string | null }) {
  const { t } = useTranslation();
  if (redirectStatus === 'succeeded' || redirectStatus === 'processing')
    return <p className="text-sm text-gray-600">{t('orders.paymentConfirming')}</p>;
  if (redirectStatus === 'failed')
    return (
      <p role="alert" className="text-sm text-red-700">
        {t('orders.paymentFailed')}
      </p>
    );
  return null;
}
