import { formatMoney, OrderStatus, PaymentStatus } from '@bazaar/shared';
import { Link } from 'react-router';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useAdminOrdersQuery } from '../admin.api';
import { Badge, DataTable, dayBounds, formatDateTime, PageHeader, SelectFilter, TextFilter, UrlPager } from '../ui';

const SORTS = { newest: 'Newest first', oldest: 'Oldest first', total_desc: 'Highest total', total_asc: 'Lowest total' };

export default function OrdersPage() {
  const f = useUrlFilters();
  const limit = 25;
  const { data, isFetching, error } = useAdminOrdersQuery({
    page: f.page,
    limit,
    status: f.get('status'),
    payment_status: f.get('payment'),
    email: f.get('email'),
    number: f.get('number'),
    customer_id: f.get('customer'),
    ...dayBounds(f.get('from'), f.get('to')),
    sort: f.get('sort') ?? 'newest',
  });
  return (
    <>
      <PageHeader title="Orders">{isFetching && <span className="text-sm text-gray-500">Refreshing…</span>}</PageHeader>
      <form
        role="search"
        aria-label="Filter orders"
        className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectFilter f={f} name="status" label="Status" options={OrderStatus.options} />
        <SelectFilter f={f} name="payment" label="Payment" options={PaymentStatus.options} />
        <TextFilter f={f} name="number" label="Order number" type="text" />
        <TextFilter f={f} name="email" label="Customer email" type="email" />
        <TextFilter f={f} name="from" label="From" type="date" />
        <TextFilter f={f} name="to" label="To" type="date" />
        <SelectFilter f={f} name="sort" label="Sort" options={SORTS} any={null} fallback="newest" />
      </form>
      {error ? (
        <p role="alert">The orders could not be loaded.</p>
      ) : (
        <DataTable
          caption="Orders"
          rows={data?.items ?? []}
          rowKey={(o) => o.id}
          empty={data ? 'No orders match these filters.' : 'Loading…'}
          columns={[
            {
              header: 'Order',
              cell: (o) => (
                <Link className="font-medium underline" to={`/admin/orders/${o.id}`}>
                  {o.number}
                </Link>
              ),
            },
            { header: 'Placed', cell: (o) => formatDateTime(o.createdAt) },
            { header: 'Customer', cell: (o) => o.email },
            { header: 'Status', cell: (o) => <Badge value={o.status} /> },
            { header: 'Payment', cell: (o) => <Badge value={o.paymentStatus} /> },
            { header: 'Items', cell: (o) => o.items.reduce((n, i) => n + i.quantity, 0), className: 'text-right' },
            { header: 'Total', cell: (o) => formatMoney(o.totals.total), className: 'text-right' },
          ]}
        />
      )}
      <UrlPager f={f} list={data} />
    </>
  );
}
