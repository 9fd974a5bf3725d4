import { Role } from '@bazaar/shared';
import { Link } from 'react-router';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useCustomersQuery } from '../admin.api';
import { Badge, DataTable, formatDateTime, PageHeader, SelectFilter, TextFilter, UrlPager } from '../ui';

export default function CustomersPage() {
  const f = useUrlFilters();
  const { data } = useCustomersQuery({ page: f.page, limit: 25, q: f.get('q'), role: f.get('role') });
  return (
    <>
      <PageHeader title="Customers" />
      <form
        role="search"
        aria-label="Find customers"
        className="mb-4 grid max-w-2xl grid-cols-2 gap-3"
        onSubmit={(e) => e.preventDefault()}
      >
        <TextFilter f={f} name="q" label="Email or name" />
        <SelectFilter f={f} name="role" label="Role" options={Role.options} />
      </form>
      <DataTable
        caption="Accounts"
        rows={data?.items ?? []}
        rowKey={(u) => u.id}
        empty={data ? 'Nobody matches.' : 'Loading…'}
        columns={[
          {
            header: 'Email',
            cell: (u) => (
              <Link className="font-medium underline" to={`/admin/customers/${u.id}`}>
                {u.email}
              </Link>
            ),
          },
          { header: 'Name', cell: (u) => u.name },
          { header: 'Role', cell: (u) => u.role },
          {
            header: 'State',
            cell: (u) =>
              u.erasedAt ? (
                <Badge value="erased" />
              ) : u.locked || u.disabled ? (
                <Badge value={u.disabled ? 'disabled' : 'locked'} />
              ) : u.emailVerified ? (
                'verified'
              ) : (
                'unverified'
              ),
          },
          { header: 'MFA', cell: (u) => (u.mfaEnabled ? 'on' : 'off') },
          { header: 'Joined', cell: (u) => formatDateTime(u.createdAt) },
        ]}
      />
      <UrlPager f={f} list={data} />
    </>
  );
}
