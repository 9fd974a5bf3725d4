import { useUrlFilters } from '../../components/useUrlFilters';
import { useModerateReviewMutation, useModerationQueueQuery } from './admin.api';
import { Badge, formatDateTime, PageHeader, UrlPager, useAction } from './ui';

const QUEUES = { pending: 'Waiting', flagged: 'Reported', published: 'Published', rejected: 'Rejected' } as const;

export default function ReviewsPage() {
  const f = useUrlFilters();
  const status = (f.get('status') ?? 'pending') as keyof typeof QUEUES;
  const { data } = useModerationQueueQuery({ status, page: f.page, limit: 20 });
  const [moderate] = useModerateReviewMutation();
  const act = useAction();
  return (
    <>
      <PageHeader title="Reviews" />
      <div role="tablist" aria-label="Moderation queues" className="mb-4 flex gap-2">
        {Object.entries(QUEUES).map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={status === key}
            className={status === key ? 'btn-primary' : 'btn'}
            onClick={() => f.set('status', key)}
          >
            {label}
          </button>
        ))}
      </div>
      <ul className="space-y-3">
        {data?.items.length === 0 && <li className="text-sm text-gray-500">Nothing to moderate here.</li>}
        {data?.items.map((r) => (
          <li key={r.id} className="rounded border p-3 text-sm">
            <div className="mb-1 flex flex-wrap items-center gap-2">
              <span aria-label={`${r.rating} out of 5`}>
                {'★'.repeat(r.rating)}
                {'☆'.repeat(5 - r.rating)}
              </span>
              <strong>{r.title}</strong>
              <Badge value={r.status} />
              {r.reportCount > 0 && <span className="text-red-700">{r.reportCount} reports</span>}
              <a className="ml-auto underline" href={`/p/${r.productSlug}`} target="_blank" rel="noreferrer">
                {r.productTitle}
              </a>
            </div>
            <p className="whitespace-pre-line">{r.body}</p>
            <p className="mt-1 text-xs text-gray-500">
              {r.author} · {formatDateTime(r.createdAt)}
              {r.verifiedPurchase && ' · verified purchase'}
              {r.moderationNote && ` · note: ${r.moderationNote}`}
            </p>
            <div className="mt-2 flex gap-2">
              {r.status !== 'published' && (
                <button
                  type="button"
                  className="btn-primary"
                  onClick={() => act(() => moderate({ id: r.id, action: 'publish' }).unwrap(), 'Published')}
                >
                  Publish
                </button>
              )}
              {r.status !== 'rejected' && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => act(() => moderate({ id: r.id, action: 'reject' }).unwrap(), 'Rejected')}
                >
                  Reject
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <UrlPager f={f} list={data} />
    </>
  );
}
