import { formatMoney, type Order } from '@bazaar/shared';
import { Link } from 'react-router';
import { useAdminReturnsQuery } from '../returns/returns.api';
import { Badge } from '../ui';

/** What came after the order was placed: an amount an edit left owing, and the order's returns. */
export function OrderFollowUps({ order }: { order: Order }) {
  const { data: returns } = useAdminReturnsQuery({ orderId: order.id, limit: 50 });
  return (
    <>
      {order.amountDue.amount > 0 && (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="amount-due">
          Amount due from the customer: <strong>{formatMoney(order.amountDue)}</strong>
        </p>
      )}
      {returns && returns.items.length > 0 && (
        <section aria-labelledby="order-returns">
          <h2 id="order-returns" className="mb-2 text-lg font-semibold">
            Returns
          </h2>
          <ul className="space-y-1 text-sm">
            {returns.items.map((r) => (
              <li key={r.id}>
                <Link className="font-medium underline" to={`/admin/returns/${r.id}`}>
                  {r.number}
                </Link>{' '}
                · {r.kind} · <Badge value={r.status} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
