import {
  WEBHOOK_EVENT_DESCRIPTIONS,
  WEBHOOK_EVENT_TYPES,
  WebhookEndpointInput,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '@bazaar/shared';
import { useState } from 'react';
import { Badge, DataTable, Dialog, Field, PageHeader, Pager, useAction } from '../ui';
import {
  useCreateWebhookEndpointMutation,
  useDeleteWebhookEndpointMutation,
  usePingWebhookEndpointMutation,
  useRedeliverWebhookMutation,
  useRotateWebhookSecretMutation,
  useUpdateWebhookEndpointMutation,
  useWebhookDeliveriesQuery,
  useWebhookEndpointsQuery,
} from './webhooks.api';

const when = (iso: string) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' });

/** What an endpoint's state reads as in the list. */
export function endpointState(e: Pick<WebhookEndpoint, 'enabled' | 'disabledReason' | 'failingSince'>): string {
  if (!e.enabled) return e.disabledReason === 'failing' ? 'disabled (failing for 24 h)' : 'disabled';
  return e.failingSince ? 'failing' : 'active';
}

/** The endpoint form: URL, description, the events checklist, enabled. */
function EndpointDialog({
  endpoint,
  onClose,
  onCreated,
}: {
  endpoint?: WebhookEndpoint;
  onClose: () => void;
  onCreated: (secret: string) => void;
}) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<WebhookEventType[]>(endpoint?.events ?? []);
  const [enabled, setEnabled] = useState(endpoint?.enabled ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [create] = useCreateWebhookEndpointMutation();
  const [update] = useUpdateWebhookEndpointMutation();
  const act = useAction();
  const toggle = (type: WebhookEventType) => setEvents((now) => (now.includes(type) ? now.filter((t) => t !== type) : [...now, type]));

  return (
    <Dialog open title={endpoint ? 'Edit endpoint' : 'Add endpoint'} onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          const parsed = WebhookEndpointInput.safeParse({ url, description, events, enabled });
          if (!parsed.success) {
            setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
            return;
          }
          setErrors({});
          if (endpoint) {
            if (await act(() => update({ id: endpoint.id, body: parsed.data }).unwrap(), 'Endpoint saved')) onClose();
          } else {
            const created = await act(() => create(parsed.data).unwrap(), 'Endpoint added');
            if (created) onCreated(created.secret);
          }
        }}
      >
        <Field label="URL" error={errors.url} hint="https only; private and loopback addresses are refused.">
          <input
            className="input w-full"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://example.com/hooks/bazaar"
          />
        </Field>
        <Field label="Description" error={errors.description}>
          <input className="input w-full" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <fieldset className="text-sm">
          <legend className="mb-1 font-medium">Events</legend>
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 py-0.5">
              <input type="checkbox" checked={events.includes(type)} onChange={() => toggle(type)} />
              <span>
                <code>{type}</code> <span className="text-gray-500">— {WEBHOOK_EVENT_DESCRIPTIONS[type]}</span>
              </span>
            </label>
          ))}
          {errors.events && (
            <span role="alert" className="block text-xs text-red-700">
              {errors.events}
            </span>
          )}
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">
            {endpoint ? 'Save' : 'Add endpoint'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The signing secret, shown this once (after creating the endpoint or rotating its secret). */
function SecretDialog({ secret, onClose }: { secret: string; onClose: () => void }) {
  return (
    <Dialog open title="Signing secret" onClose={onClose}>
      <p className="mb-2 text-sm">Copy it now: it is not shown again. Receivers verify the Bazaar-Signature header with it.</p>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Secret</span>
        <input className="input w-full font-mono" readOnly value={secret} onFocus={(e) => e.target.select()} />
      </label>
      <button type="button" className="btn-primary mt-3" onClick={onClose}>
        Done
      </button>
    </Dialog>
  );
}

function lastAttempt(d: WebhookDelivery): string {
  const last = d.attempts.at(-1);
  if (!last) return 'not tried yet';
  return last.responseStatus !== null ? `HTTP ${last.responseStatus}` : (last.error ?? '—');
}

/** The endpoint's delivery log: each delivery with its attempts, and Redeliver. */
function DeliveryLog({ endpoint, onClose }: { endpoint: WebhookEndpoint; onClose: () => void }) {
  const [page, setPage] = useState(1);
  const { data } = useWebhookDeliveriesQuery({ id: endpoint.id, page });
  const [redeliver] = useRedeliverWebhookMutation();
  const act = useAction();
  return (
    <Dialog open title={`Deliveries to ${endpoint.url}`} onClose={onClose}>
      <DataTable
        caption="Deliveries"
        rows={data?.items ?? []}
        rowKey={(d) => d.id}
        empty="Nothing delivered yet."
        columns={[
          {
            header: 'Event',
            cell: (d) => (
              <>
                <code>{d.eventType}</code>
                <div className="text-xs text-gray-500">{d.eventId}</div>
              </>
            ),
          },
          { header: 'Status', cell: (d) => <Badge value={d.status} /> },
          {
            header: 'Attempts',
            cell: (d) => (
              <details>
                <summary>
                  {d.attempts.length} · {lastAttempt(d)}
                </summary>
                <ol className="mt-1 space-y-2 text-xs">
                  {d.attempts.map((a) => (
                    <li key={a.attempt}>
                      #{a.attempt} {when(a.attemptedAt)} · {a.responseStatus ?? 'no answer'} · {a.durationMs} ms
                      {a.error && <div className="text-red-700">{a.error}</div>}
                      {a.responseBody && <pre className="max-h-24 overflow-auto bg-gray-50 p-1">{a.responseBody}</pre>}
                      <pre className="max-h-32 overflow-auto bg-gray-50 p-1">{a.requestBody}</pre>
                    </li>
                  ))}
                </ol>
              </details>
            ),
          },
          { header: 'Created', cell: (d) => when(d.createdAt) },
          {
            header: 'Actions',
            cell: (d) => (
              <button
                type="button"
                className="btn"
                disabled={!endpoint.enabled}
                onClick={() => act(() => redeliver({ id: endpoint.id, deliveryId: d.id }).unwrap(), 'Queued for redelivery')}
              >
                Redeliver
              </button>
            ),
          },
        ]}
      />
      {data && <Pager page={page} limit={data.limit} total={data.total} onPage={setPage} />}
    </Dialog>
  );
}

/** Outgoing webhooks: the endpoints subscribed to the shop's events, their secrets and delivery logs. */
export default function WebhooksPage() {
  const { data: endpoints = [] } = useWebhookEndpointsQuery();
  const [editing, setEditing] = useState<{ endpoint?: WebhookEndpoint }>();
  const [secret, setSecret] = useState<string>();
  const [logOf, setLogOf] = useState<WebhookEndpoint>();
  const [remove] = useDeleteWebhookEndpointMutation();
  const [rotate] = useRotateWebhookSecretMutation();
  const [ping] = usePingWebhookEndpointMutation();
  const [update] = useUpdateWebhookEndpointMutation();
  const act = useAction();

  return (
    <>
      <PageHeader title="Webhooks">
        <button type="button" className="btn-primary" onClick={() => setEditing({})}>
          Add endpoint
        </button>
      </PageHeader>
      <p className="mb-3 text-sm text-gray-600">
        Signed POSTs of the shop’s events to your endpoints, retried for 24 h, at least once: receivers dedupe by the event id.
      </p>
      <DataTable
        caption="Webhook endpoints"
        rows={endpoints}
        rowKey={(e) => e.id}
        empty="No endpoints yet."
        columns={[
          {
            header: 'Endpoint',
            cell: (e) => (
              <>
                <div className="font-mono text-xs">{e.url}</div>
                {e.description && <div className="text-xs text-gray-500">{e.description}</div>}
                <div className="text-xs text-gray-500">Secret …{e.secretHint}</div>
              </>
            ),
          },
          { header: 'Events', cell: (e) => e.events.join(', ') },
          { header: 'State', cell: (e) => endpointState(e) },
          {
            header: 'Actions',
            cell: (e) => (
              <div className="flex flex-wrap gap-1">
                <button type="button" className="btn" onClick={() => setEditing({ endpoint: e })}>
                  Edit
                </button>
                <button type="button" className="btn" onClick={() => setLogOf(e)}>
                  Deliveries
                </button>
                <button type="button" className="btn" onClick={() => act(() => ping(e.id).unwrap(), 'Test event sent')}>
                  Send test event
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() =>
                    act(() => update({ id: e.id, body: { enabled: !e.enabled } }).unwrap(), e.enabled ? 'Disabled' : 'Enabled')
                  }
                >
                  {e.enabled ? 'Disable' : 'Enable'}
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={async () => {
                    if (!window.confirm('Rotate the secret? The old one keeps signing for 24 hours.')) return;
                    const rotated = await act(() => rotate(e.id).unwrap(), 'Secret rotated');
                    if (rotated) setSecret(rotated.secret);
                  }}
                >
                  Rotate secret
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() => window.confirm(`Delete ${e.url} and its delivery log?`) && act(() => remove(e.id).unwrap(), 'Deleted')}
                >
                  Delete
                </button>
              </div>
            ),
          },
        ]}
      />
      {editing && (
        <EndpointDialog
          endpoint={editing.endpoint}
          onClose={() => setEditing(undefined)}
          onCreated={(s) => {
            setEditing(undefined);
            setSecret(s);
          }}
        />
      )}
      {secret && <SecretDialog secret={secret} onClose={() => setSecret(undefined)} />}
      {logOf && <DeliveryLog endpoint={logOf} onClose={() => setLogOf(undefined)} />}
    </>
  );
}
