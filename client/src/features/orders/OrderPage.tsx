import { useParams, useSearchParams } from 'react-router';
import { formatMoney } from '../../components/format';
import { useOrderQuery } from '../checkout/checkout.api';

const STATUS_LABEL: Record<string, string> = {
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
    </section>
  );
}
