import { formatMoney } from '@bazaar/shared';
import { Link } from 'react-router';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useAdminOrdersQuery } from '../admin.api';
import { DataTable, formatDateTime, PageHeader, UrlPager } from '../ui';

/** Orders staff are building for customers (phone and email orders), not sent yet. */
export default function DraftOrdersPage() {
  const f = useUrlFilters();
  const { data, error } = useAdminOrdersQuery({ status: 'draft', page: f.page, limit: 25, sort: 'newest' });
  return (
    <>
      <PageHeader title="Draft orders">
        <Link className="btn-primary" to="/admin/draft-orders/new">
          New draft order
        </Link>
      </PageHeader>
      {error ? (
        <p role="alert">The drafts could not be loaded.</p>
      ) : (
        <DataTable
          caption="Draft orders"
          rows={data?.items ?? []}
          rowKey={(o) => o.id}
          empty={data ? 'No drafts. Start one for a customer who orders by phone or email.' : 'Loading…'}
          columns={[
            {
              header: 'Draft',
              cell: (o) => (
                <Link className="font-medium underline" to={`/admin/draft-orders/${o.id}`}>
                  {o.number}
                </Link>
              ),
            },
            { header: 'Customer', cell: (o) => o.email },
            { header: 'Items', cell: (o) => o.items.reduce((n, i) => n + i.quantity, 0), className: 'text-right' },
            { header: 'Total', cell: (o) => formatMoney(o.totals.total), className: 'text-right' },
            { header: 'Note', cell: (o) => o.staffNote ?? '' },
            { header: 'Started', cell: (o) => formatDateTime(o.createdAt) },
          ]}
        />
      )}
      <UrlPager f={f} list={data} />
    </>
  );
}
