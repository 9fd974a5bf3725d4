import { formatMoney, type OrderStatus } from '@bazaar/shared';
import { useParams, useSearchParams } from 'react-router';
import { giftCardLine } from '../../components/format';
import { useOrderQuery } from '../checkout/checkout.api';
import { PayNowSection } from './PayNowSection';
import { ReturnsSection } from './ReturnsSection';

const STATUS_LABEL: Record<OrderStatus, string> = {
  draft: 'Being prepared',
  pending_payment: 'Waiting for payment',
  paid: 'Confirmed',
  fulfilled: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

/** Follows the order's status live over socket.io. */
export default function OrderPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { data: order, error } = useOrderQuery({ id, token: params.get('token') ?? undefined });
  if (error) return <p role="alert">We could not find this order.</p>;
  if (!order) return <p>Loading…</p>;
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">Order {order.number}</h1>
      <p aria-live="polite" data-testid="order-status" className="text-lg">
        {STATUS_LABEL[order.status] ?? order.status}
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
              {i.giftCard && <span className="block text-xs">{giftCardLine(i.giftCard)}</span>}
            </span>
            <span>{formatMoney(i.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <dl className="space-y-1 text-sm">
        {(['subtotal', 'discount', 'shipping', 'tax', 'total'] as const).map((k) => (
          <div key={k} className="flex justify-between capitalize">
            <dt>{k}</dt>
            <dd>{formatMoney(order.totals[k])}</dd>
          </div>
        ))}
      </dl>
      {order.paidWithBalance.amount > 0 && (
        <p className="text-sm" data-testid="paid-with-balance">
          Paid with gift cards and store credit: {formatMoney(order.paidWithBalance)}
        </p>
      )}
      <ReturnsSection orderId={order.id} token={params.get('token') ?? undefined} />
    </section>
  );
}

/** Stripe sends the shopper back here after a bank's page, with `redirect_status`; the webhook then marks the order paid. */
function PaymentReturn({ redirectStatus }: { redirectStatus: string | null }) {
  if (redirectStatus === 'succeeded' || redirectStatus === 'processing')
    return <p className="text-sm text-gray-600">Payment received — we are confirming it with your bank. This page updates by itself.</p>;
  if (redirectStatus === 'failed')
    return (
      <p role="alert" className="text-sm text-red-700">
        The payment did not go through, and nothing was charged.
      </p>
    );
  return null;
}
