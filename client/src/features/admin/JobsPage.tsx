import { JobStatus } from '@bazaar/shared';
import { useUrlFilters } from '../../components/useUrlFilters';
import { useDiscardJobMutation, useJobsQuery, useJobStatsQuery, useRetryJobMutation } from './admin.api';
import { Badge, DataTable, Field, formatDateTime, PageHeader, UrlPager, useAction } from './ui';

export default function JobsPage() {
  const f = useUrlFilters();
  const { data: stats = [] } = useJobStatsQuery(undefined, { pollingInterval: 10_000 });
  const status = f.get('status') ?? 'dead';
  const { data } = useJobsQuery({ status, queue: f.get('queue'), page: f.page, limit: 25 });
  const [retry] = useRetryJobMutation();
  const [discard] = useDiscardJobMutation();
  const act = useAction();
  const queues = [...new Set(stats.map((s) => s.queue))].sort();
  const count = (queue: string, s: string) => stats.find((x) => x.queue === queue && x.status === s)?.count ?? 0;
  return (
    <>
      <PageHeader title="Background jobs" />
      <DataTable
        caption="Jobs per queue and status"
        rows={queues}
        rowKey={(q) => q}
        empty="No jobs yet."
        columns={[
          { header: 'Queue', cell: (q) => q },
          ...JobStatus.options.map((s) => ({
            header: s,
            className: 'text-right',
            cell: (q: string) => (
              <button
                type="button"
                className={`underline ${s === 'dead' && count(q, s) > 0 ? 'font-semibold text-red-700' : ''}`}
                onClick={() => f.setAll({ status: s, queue: q })}
              >
                {count(q, s)}
              </button>
            ),
          })),
        ]}
      />
      <div className="my-4 flex items-end gap-3">
        <Field label="Status">
          <select className="input w-40" value={status} onChange={(e) => f.set('status', e.target.value)}>
            {JobStatus.options.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Queue">
          <select className="input w-40" value={f.get('queue') ?? ''} onChange={(e) => f.set('queue', e.target.value || undefined)}>
            <option value="">All</option>
            {queues.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </Field>
      </div>
      <DataTable
        caption={`Jobs: ${status}`}
        rows={data?.items ?? []}
        rowKey={(j) => j.id}
        empty="None."
        columns={[
          {
            header: 'Job',
            cell: (j) => (
              <>
                #{j.id} <code>{j.name}</code> <span className="text-xs text-gray-500">({j.queue})</span>
              </>
            ),
          },
          { header: 'Status', cell: (j) => <Badge value={j.status} /> },
          { header: 'Attempts', cell: (j) => `${j.attempts}/${j.maxAttempts}` },
          {
            header: 'Last error',
            cell: (j) => (
              <span className="block max-w-md truncate" title={j.lastError ?? ''}>
                {j.lastError ?? '—'}
              </span>
            ),
          },
          { header: 'Run at', cell: (j) => formatDateTime(j.runAt) },
          {
            header: 'Actions',
            cell: (j) =>
              j.status === 'running' ? null : (
                <span className="flex gap-2">
                  {(j.status === 'dead' || j.status === 'failed') && (
                    <button type="button" className="btn" onClick={() => act(() => retry(j.id).unwrap(), `Job #${j.id} queued again`)}>
                      Retry
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn"
                    onClick={() => window.confirm(`Discard job #${j.id}?`) && act(() => discard(j.id).unwrap(), `Job #${j.id} discarded`)}
                  >
                    Discard
                  </button>
                </span>
              ),
          },
        ]}
      />
      <UrlPager f={f} list={data} />
    </>
  );
}
