import { ReviewSort } from '@bazaar/shared';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { toFriendlyError } from '../../api/errors';
import { Link } from '../../components/LocaleLink';
import { useMeQuery } from '../account/account.api';
import { useMarkHelpfulMutation, useReviewsQuery, useWriteReviewMutation } from './reviews.api';

export function ReviewsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<ReviewSort>('newest');
  const { data } = useReviewsQuery({ slug, sort });
  const { data: me } = useMeQuery();
  const [write, { isSuccess: written }] = useWriteReviewMutation();
  const [helpful] = useMarkHelpfulMutation();
  const [error, setError] = useState<string>();
  if (!data) return null;
  const max = Math.max(1, ...data.rating.histogram);
  return (
    <section aria-labelledby="reviews" className="grid gap-8 md:grid-cols-[260px_1fr]">
      <div>
        <h2 id="reviews" className="text-lg font-semibold">
          {t('reviews.title')}
        </h2>
        <p className="text-sm">
          {data.rating.count
            ? t('reviews.summary', { average: data.rating.average.toFixed(1), count: data.rating.count })
            : t('reviews.none')}
        </p>
        <ol className="mt-2 space-y-1" aria-label={t('reviews.breakdown')}>
          {[5, 4, 3, 2, 1].map((star) => (
            <li key={star} className="flex items-center gap-2 text-xs">
              <span className="w-10">{star} ★</span>
              <span className="h-2 flex-1 rounded bg-gray-200">
                <span className="block h-2 rounded bg-amber-400" style={{ width: `${(data.rating.histogram[star - 1]! / max) * 100}%` }} />
              </span>
              <span className="w-8 text-right">{data.rating.histogram[star - 1]}</span>
            </li>
          ))}
        </ol>
      </div>
      <div className="space-y-4">
        <label className="text-sm">
          {t('reviews.sort')}{' '}
          <select value={sort} onChange={(e) => setSort(ReviewSort.parse(e.target.value))} className="rounded border p-1">
            {ReviewSort.options.map((s) => (
              <option key={s} value={s}>
                {t(`reviews.sorts.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <ul className="space-y-4">
          {data.items.map((r) => (
            <li key={r.id} className="border-b pb-3">
              <p className="text-sm">
                {'★'.repeat(r.rating)}
                {'☆'.repeat(5 - r.rating)} {/* the server returns HTML-safe text: no tag survives its sanitiser */}
                <strong dangerouslySetInnerHTML={{ __html: r.title }} />
              </p>
              <p className="text-sm text-gray-700" dangerouslySetInnerHTML={{ __html: r.body }} />
              <p className="text-xs text-gray-500">
                {r.author}
                {r.verifiedPurchase && t('reviews.verified')} ·{' '}
                {me && (
                  <button type="button" className="underline" onClick={() => helpful(r.id)}>
                    {t('reviews.helpful', { count: r.helpfulCount })}
                  </button>
                )}
              </p>
            </li>
          ))}
        </ul>
        {me ? (
          written ? (
            <p role="status">{t('reviews.thanks')}</p>
          ) : (
            <form
              className="space-y-2 text-sm"
              onSubmit={async (e) => {
                e.preventDefault();
                const f = new FormData(e.currentTarget);
                try {
                  await write({
                    slug,
                    rating: Number(f.get('rating')),
                    title: String(f.get('title')),
                    body: String(f.get('body')),
                  }).unwrap();
                } catch (err) {
                  setError(toFriendlyError(err).message);
                }
              }}
            >
              <h3 className="font-semibold">{t('reviews.write')}</h3>
              <label htmlFor="review-rating" className="block">
                {t('reviews.rating')}
              </label>
              <select id="review-rating" name="rating" defaultValue="5" className="rounded border p-1">
                {[5, 4, 3, 2, 1].map((n) => (
                  <option key={n} value={n}>
                    {t('reviews.stars', { count: n })}
                  </option>
                ))}
              </select>
              <label htmlFor="review-title" className="block">
                {t('reviews.reviewTitle')}
              </label>
              <input id="review-title" name="title" required maxLength={150} className="w-full rounded border p-1" />
              <label htmlFor="review-body" className="block">
                {t('reviews.body')}
              </label>
              <textarea id="review-body" name="body" required maxLength={5000} rows={4} className="w-full rounded border p-1" />
              {error && (
                <p role="alert" className="text-red-700">
                  {error}
                </p>
              )}
              <button type="submit" className="rounded bg-gray-900 px-4 py-1 text-white">
                {t('reviews.submit')}
              </button>
            </form>
          )
        ) : (
          <p className="text-sm">
            <Trans i18nKey="reviews.signInToWrite" components={{ a: <Link to="/login" className="underline" /> }} />
          </p>
        )}
      </div>
    </section>
  );
}
