import { ReturnStatus, type ReturnKind } from '@bazaar/shared';
import { Link } from 'react-router';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { Badge, DataTable, formatDateTime, PageHeader, SelectFilter, UrlPager } from '../ui';
import { useAdminReturnsQuery } from './returns.api';

/** The returns and claims queue, newest first, filtered by status and kind in the URL. */
export default function ReturnsPage() {
  const f = useUrlFilters();
  const limit = 25;
  const { data, isFetching, error } = useAdminReturnsQuery({ page: f.page, limit, status: f.get('status'), kind: f.get('kind') });
  return (
    <>
      <PageHeader title="Returns">{isFetching && <span className="text-sm text-gray-500">Refreshing…</span>}</PageHeader>
      <form
        role="search"
        aria-label="Filter returns"
        className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectFilter f={f} name="status" label="Status" options={ReturnStatus.options} />
        <SelectFilter
          f={f}
          name="kind"
          label="Kind"
          options={{ return: 'return', exchange: 'exchange', claim: 'claim (damaged or missing)' } satisfies Record<ReturnKind, string>}
        />
      </form>
      {error ? (
        <p role="alert">The returns could not be loaded.</p>
      ) : (
        <DataTable
          caption="Returns"
          rows={data?.items ?? []}
          rowKey={(r) => r.id}
          empty={data ? 'No returns match these filters.' : 'Loading…'}
          columns={[
            {
              header: 'Return',
              cell: (r) => (
                <Link className="font-medium underline" to={`/admin/returns/${r.id}`}>
                  {r.number}
                </Link>
              ),
            },
            {
              header: 'Order',
              cell: (r) => (
                <Link className="underline" to={`/admin/orders/${r.orderId}`}>
                  {r.orderNumber}
                </Link>
              ),
            },
            { header: 'Customer', cell: (r) => r.email },
            { header: 'Kind', cell: (r) => r.kind },
            { header: 'Status', cell: (r) => <Badge value={r.status} /> },
            { header: 'Created', cell: (r) => formatDateTime(r.createdAt) },
          ]}
        />
      )}
      <UrlPager f={f} list={data} />
    </>
  );
}
