import { formatMoney, Role } from '@bazaar/shared';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  useAdminOrdersQuery,
  useCustomerQuery,
  useEraseCustomerMutation,
  useRevokeCustomerSessionsMutation,
  useUpdateCustomerMutation,
} from '../admin.api';
import { Badge, DataTable, Dialog, Field, formatDateTime, PageHeader, useAction, useCan } from '../ui';
import { StoreCreditPanel } from './StoreCreditPanel';

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { data: user, error } = useCustomerQuery(id);
  const { data: orders } = useAdminOrdersQuery({ customer_id: id, limit: 50 }, { skip: !id });
  const [update] = useUpdateCustomerMutation();
  const [revoke] = useRevokeCustomerSessionsMutation();
  const [erase, eraseState] = useEraseCustomerMutation();
  const [erasing, setErasing] = useState(false);
  const [confirmText, setConfirmText] = useState('');
  const can = useCan();
  const act = useAction();
  if (error) return <p role="alert">This account could not be loaded.</p>;
  if (!user) return <p>Loading…</p>;
  // An erased account keeps only its anonymised orders: nothing about it can be changed.
  const manage = can('users:manage') && !user.erasedAt;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/customers" className="underline">
          ← Customers
        </Link>
      </p>
      <PageHeader title={user.name || user.email}>
        {manage && (
          <>
            <button
              type="button"
              className="btn"
              onClick={() => act(() => update({ id, changes: { locked: !user.locked } }).unwrap(), user.locked ? 'Unlocked' : 'Locked')}
            >
              {user.locked ? 'Unlock' : 'Lock'}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => act(async () => `${(await revoke(id).unwrap()).revoked}`, 'Signed out everywhere')}
            >
              Revoke sessions
            </button>
            <a className="btn" href={`/api/v1/admin/users/${id}/export`} download={`customer-${id}.json`}>
              Export data (GDPR)
            </a>
            <button type="button" className="btn-danger" onClick={() => setErasing(true)}>
              Erase…
            </button>
          </>
        )}
      </PageHeader>
      <dl className="mb-6 grid max-w-xl grid-cols-2 gap-2 text-sm">
        <dt className="font-medium">Email</dt>
        <dd>
          {user.email} {user.emailVerified ? '(verified)' : '(not verified)'}
        </dd>
        <dt className="font-medium">Joined</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
        <dt className="font-medium">Two-step sign-in</dt>
        <dd>{user.mfaEnabled ? 'on' : 'off'}</dd>
        <dt className="font-medium">State</dt>
        <dd>
          {user.erasedAt
            ? `personal data erased ${formatDateTime(user.erasedAt)}`
            : user.disabled
              ? 'disabled'
              : user.locked
                ? `locked${user.lockedUntil ? ` until ${formatDateTime(user.lockedUntil)}` : ''}`
                : 'active'}
        </dd>
        <dt className="font-medium">Role</dt>
        <dd>
          {manage ? (
            <select
              aria-label="Role"
              className="input w-40"
              value={user.role}
              onChange={(e) =>
                window.confirm(`Make ${user.email} ${e.target.value}? Their sessions are renewed.`) &&
                act(() => update({ id, changes: { role: e.target.value as Role } }).unwrap(), 'Role changed')
              }
            >
              {Role.options.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          ) : (
            user.role
          )}
        </dd>
      </dl>
      <StoreCreditPanel customerId={id} />
      <h2 className="mb-2 text-lg font-semibold">Orders</h2>
      <DataTable
        caption="Orders of this customer"
        rows={orders?.items ?? []}
        rowKey={(o) => o.id}
        empty="No orders yet."
        columns={[
          {
            header: 'Order',
            cell: (o) => (
              <Link className="underline" to={`/admin/orders/${o.id}`}>
                {o.number}
              </Link>
            ),
          },
          { header: 'Placed', cell: (o) => formatDateTime(o.createdAt) },
          { header: 'Status', cell: (o) => <Badge value={o.status} /> },
          { header: 'Total', cell: (o) => formatMoney(o.totals.total), className: 'text-right' },
        ]}
      />
      <Dialog open={erasing} title={`Erase ${user.email}?`} onClose={() => setErasing(false)}>
        <form
          className="space-y-3"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await act(() => erase({ id, confirm: confirmText }).unwrap(), 'Personal data erased')) setErasing(false);
          }}
        >
          <p className="text-sm">
            The account can no longer sign in; its name, email, addresses, sessions, wishlist and analytics are deleted; reviews become
            anonymous. Orders are kept for the books with their totals, but without name, email or address. This cannot be undone.
          </p>
          <Field label={`Type ${user.email} to confirm`}>
            <input className="input" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={() => setErasing(false)}>
              Back
            </button>
            <button
              type="submit"
              className="btn-danger"
              disabled={confirmText.trim().toLowerCase() !== user.email.toLowerCase() || eraseState.isLoading}
            >
              Erase personal data
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
