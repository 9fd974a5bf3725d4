import { ApiKeyCreate, type ApiKey, type ApiKeyCreated, type Permission } from '@bazaar/shared';
import { useState, type FormEvent } from 'react';
import { toFriendlyError } from '../../../api/errors';
import { useMeQuery } from '../../account/account.api';
import { Badge, DataTable, Dialog, Field, PageHeader, Pager, formatDateTime, useAction } from '../ui';
import { useApiKeysQuery, useCreateApiKeyMutation, useRevokeApiKeyMutation } from './api-keys.api';

/** A `datetime-local` value (the staff member's time) as the API's ISO instant; empty is no expiry. */
export const expiryFromInput = (value: string): string | null => (value ? new Date(value).toISOString() : null);

/** Keys that let integrations use the admin API with some of their maker's permissions. */
export default function ApiKeysPage() {
  const [page, setPage] = useState(1);
  const { data, isLoading } = useApiKeysQuery({ page });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey>();
  const [revoke, revokeState] = useRevokeApiKeyMutation();
  const act = useAction();

  return (
    <>
      <PageHeader title="API keys">
        <button type="button" className="btn-primary" onClick={() => setCreating(true)}>
          Create API key
        </button>
      </PageHeader>
      <p className="mb-4 max-w-2xl text-sm text-gray-600">
        An integration sends its key as <code>Authorization: Bearer &lt;key&gt;</code> to the admin API and can do exactly what the
        key&apos;s permissions allow. Revoke a key the moment it may have leaked.
      </p>
      {isLoading ? (
        <p>Loading…</p>
      ) : (
        <DataTable
          caption="API keys"
          rows={data?.items ?? []}
          rowKey={(k) => k.id}
          empty="No API keys yet."
          columns={[
            { header: 'Name', cell: (k) => k.name },
            { header: 'Key', cell: (k) => <code>{k.prefix}…</code> },
            { header: 'Permissions', cell: (k) => k.permissions.join(', ') },
            { header: 'Created by', cell: (k) => k.createdBy?.email ?? '—' },
            { header: 'Created', cell: (k) => formatDateTime(k.createdAt) },
            { header: 'Expires', cell: (k) => (k.expiresAt ? formatDateTime(k.expiresAt) : 'never') },
            {
              header: 'Last used',
              cell: (k) => (k.lastUsedAt ? `${formatDateTime(k.lastUsedAt)}${k.lastUsedIp ? ` · ${k.lastUsedIp}` : ''}` : 'never'),
            },
            { header: 'Status', cell: (k) => <Badge value={k.status} /> },
            {
              header: 'Actions',
              cell: (k) =>
                k.status !== 'revoked' && (
                  <button type="button" className="btn" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </button>
                ),
            },
          ]}
        />
      )}
      {data && data.total > data.limit && <Pager page={data.page} limit={data.limit} total={data.total} onPage={setPage} />}
      <CreateKeyDialog open={creating} onClose={() => setCreating(false)} />
      <Dialog open={!!revoking} title={`Revoke ${revoking?.name ?? ''}?`} onClose={() => setRevoking(undefined)}>
        <p className="mb-4 text-sm">
          Anything using <code>{revoking?.prefix}…</code> is refused from its next request on. This cannot be undone.
        </p>
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={() => setRevoking(undefined)}>
            Keep it
          </button>
          <button
            type="button"
            className="btn-danger"
            disabled={revokeState.isLoading}
            onClick={async () => {
              if (revoking && (await act(() => revoke(revoking.id).unwrap(), `${revoking.name} revoked`))) setRevoking(undefined);
            }}
          >
            Revoke key
          </button>
        </div>
      </Dialog>
    </>
  );
}

/** The form, then — once — the new key's secret with a copy button. */
function CreateKeyDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { data: me } = useMeQuery();
  const [create, createState] = useCreateApiKeyMutation();
  const [created, setCreated] = useState<ApiKeyCreated>();
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState(false);
  // A key can have only what its maker has: the server refuses more, so only that is offered.
  const grantable: readonly Permission[] = me?.permissions ?? [];

  const close = () => {
    // The secret leaves memory with the dialog: it is never shown again.
    setCreated(undefined);
    setError(undefined);
    setCopied(false);
    onClose();
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = ApiKeyCreate.safeParse({
      name: String(form.get('name') ?? ''),
      permissions: form.getAll('permissions').map(String),
      expiresAt: expiryFromInput(String(form.get('expiresAt') ?? '')),
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    try {
      setCreated(await create(parsed.data).unwrap());
    } catch (err) {
      // Said in the dialog, which stays open with what was typed.
      setError(toFriendlyError(err).message);
    }
  };

  return (
    <Dialog open={open} title={created ? `Your new key: ${created.key.name}` : 'Create an API key'} onClose={close}>
      {created ? (
        <div className="space-y-3 text-sm">
          <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3">
            Copy this key now: it is shown only once and cannot be recovered. Anyone who has it can act with its permissions; keep it in
            your integration&apos;s secret store.
          </p>
          <code aria-label="New API key" className="block break-all rounded bg-gray-100 p-2 font-mono">
            {created.secret}
          </code>
          <div className="flex justify-end gap-2">
            <button
              type="button"
              className="btn"
              onClick={async () => {
                await navigator.clipboard.writeText(created.secret);
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy key'}
            </button>
            <button type="button" className="btn-primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-3" aria-label="New API key">
          <Field label="Name" hint="What uses it, e.g. “ERP order export”.">
            <input name="name" className="input" required maxLength={100} />
          </Field>
          <fieldset className="text-sm">
            <legend className="mb-1 font-medium">Permissions</legend>
            <div className="grid grid-cols-2 gap-1">
              {grantable.map((p) => (
                <label key={p} className="flex items-center gap-2">
                  <input type="checkbox" name="permissions" value={p} />
                  {p}
                </label>
              ))}
            </div>
          </fieldset>
          <Field label="Expires (optional)" hint="Leave empty for a key that works until revoked.">
            <input name="expiresAt" type="datetime-local" className="input" />
          </Field>
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="btn-primary" disabled={createState.isLoading}>
              Create key
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
