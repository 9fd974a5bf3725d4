import { Link } from 'react-router';
import { useUrlFilters } from '../../components/useUrlFilters';
import { useAuditLogsQuery } from './admin.api';
import { DataTable, dayBounds, formatDateTime, PageHeader, SelectFilter, TextFilter, UrlPager } from './ui';

const EVENTS = [
  'login_succeeded',
  'login_failed',
  'account_locked',
  'account_locked_by_admin',
  'account_unlocked',
  'mfa_enabled',
  'mfa_disabled',
  'mfa_failed',
  'mfa_recovery_code_used',
  'passkey_registered',
  'passkey_removed',
  'passkey_refused',
  'password_changed',
  'reauthenticated',
  'new_device_signed_in',
  'password_reset_requested',
  'password_reset',
  'role_changed',
  'sessions_revoked',
  'session_revoked',
  'refresh_token_reuse',
  'user_registered',
  'order_fulfilled',
  'order_cancelled',
  'order_refunded',
  'api_key_created',
  'api_key_revoked',
];

const user = (id: string | null) =>
  id ? (
    <Link className="underline" to={`/admin/customers/${id}`}>
      {id.slice(0, 8)}
    </Link>
  ) : (
    '—'
  );

export default function AuditPage() {
  const f = useUrlFilters();
  const { data } = useAuditLogsQuery({
    page: f.page,
    limit: 50,
    event: f.get('event'),
    user_id: f.get('user'),
    ...dayBounds(f.get('from'), f.get('to')),
  });
  return (
    <>
      <PageHeader title="Audit log" />
      <form
        role="search"
        aria-label="Filter the audit log"
        className="mb-4 grid max-w-3xl grid-cols-2 gap-3 md:grid-cols-4"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectFilter f={f} name="event" label="Event" options={EVENTS} />
        <TextFilter f={f} name="user" label="User id" type="text" />
        <TextFilter f={f} name="from" label="From" type="date" />
        <TextFilter f={f} name="to" label="To" type="date" />
      </form>
      <DataTable
        caption="Audit events, newest first"
        rows={data?.items ?? []}
        rowKey={(e) => e.id}
        empty={data ? 'No events match.' : 'Loading…'}
        columns={[
          { header: 'When', cell: (e) => formatDateTime(e.createdAt) },
          { header: 'Event', cell: (e) => e.event.replace(/_/g, ' ') },
          {
            header: 'By',
            // Done through an API key: its creator is the actor, the key is named beside them.
            cell: (e) => (
              <>
                {user(e.actorUserId)}
                {e.actorApiKeyId && <span className="ml-1 text-xs text-gray-600">via API key</span>}
              </>
            ),
          },
          { header: 'Account', cell: (e) => user(e.targetUserId) },
          { header: 'IP', cell: (e) => e.ip ?? '—' },
          { header: 'Details', cell: (e) => (e.details ? <code className="text-xs">{JSON.stringify(e.details)}</code> : '—') },
        ]}
      />
      <UrlPager f={f} list={data} />
    </>
  );
}
