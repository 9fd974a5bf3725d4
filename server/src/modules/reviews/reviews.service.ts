import type { Review, ReviewInput, ReviewListQuery, ReviewStatus, ReviewUpdate } from '@bazaar/shared';
import sanitizeHtml from 'sanitize-html';
import { isDuplicateKey, type Db, type Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { CatalogCache, ProductChanges } from '../catalog';
import type { NewReview, RatingAggregates, ReviewRepository, ReviewRow } from './reviews.repository';

export interface ReviewOptions {
  /** `verified`: a verified purchase with no blocked word is published at once; `off`: all wait for a moderator. */
  autoApprove: 'off' | 'verified';
  blockedWords: string[];
  /** Reports that send a published review back to the moderation queue. */
  reportThreshold: number;
}

/** No HTML survives: every tag is dropped (script and style with their content) and the text is escaped. */
export const cleanText = (text: string) => sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }).trim();

/** First name and initial, so a review never shows a shopper's full name or email. */
const authorOf = (name: string) => {
  const [first, last] = name.trim().split(/\s+/);
  return first ? `${first}${last ? ` ${last[0]}.` : ''}` : 'A shopper';
};

function toReview(r: ReviewRow): Review {
  return {
    id: r.id,
    productId: r.product_id,
    rating: Number(r.rating),
    title: r.title,
    body: r.body,
    author: authorOf(r.author),
    verifiedPurchase: Boolean(r.verified_purchase),
    helpfulCount: Number(r.helpful_count),
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Two decimals, rounded half up in integer arithmetic. */
function aggregatesOf(productId: string, histogram: number[]): RatingAggregates {
  const count = histogram.reduce((a, b) => a + b, 0);
  const sum = histogram.reduce((a, n, i) => a + n * (i + 1), 0);
  const average = count ? Math.floor((sum * 200 + count) / (2 * count)) / 100 : 0;
  return { productId, average, count, histogram };
}

/**
 * Reviews and the product's rating aggregates. Every change that can alter what is published
 * recomputes the product's average, count and per-star histogram from its published reviews in
 * the same transaction (with the product row locked), so the aggregates are never out of step.
 * Nothing else writes them: the demo data's reviews go through `importReviews`, which ends in the
 * same recomputation.
 */
export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly repo: ReviewRepository,
    private readonly cache: CatalogCache,
    private readonly clock: Clock,
    private readonly options: ReviewOptions,
    private readonly changes?: ProductChanges,
  ) {}

  private async productBySlug(slug: string) {
    const id = await this.repo.activeProductId(slug);
    if (!id) throw notFound('The product');
    return { id };
  }

  /** Recompute the aggregates of these products from scratch; call inside the transaction that changed their reviews. */
  async refreshAggregates(productIds: string[], tx: Transaction): Promise<void> {
    const ids = [...new Set(productIds)];
    if (!ids.length) return;
    await this.repo.lockProducts(ids, tx);
    const stars = await this.repo.publishedStars(ids, tx);
    const histograms = new Map(ids.map((id) => [id, [0, 0, 0, 0, 0]]));
    for (const row of stars) histograms.get(row.product_id)![Number(row.rating) - 1] = Number(row.n);
    await this.repo.saveAggregates(
      ids.map((id) => aggregatesOf(id, histograms.get(id)!)),
      tx,
    );
    await this.cache.invalidate(tx);
    await this.changes?.changed(ids, tx);
  }

  /**
   * Reviews written as they are (the demo data: many products at once, with their dates and
   * statuses), then every touched product's aggregates recomputed as for any other change.
   */
  async importReviews(reviews: NewReview[], tx: Transaction): Promise<void> {
    await this.repo.insert(reviews, tx);
    await this.refreshAggregates(
      reviews.map((r) => r.productId),
      tx,
    );
  }

  /** One page of published reviews; `total` is how many there are to page through. */
  async list(slug: string, q: ReviewListQuery) {
    const product = await this.productBySlug(slug);
    const [rows, total, agg] = await Promise.all([
      this.repo.listPublished(product.id, q.sort, q.limit, (q.page - 1) * q.limit),
      this.repo.countPublished(product.id),
      this.repo.storedAggregates(product.id),
    ]);
    return {
      items: rows.map(toReview),
      page: q.page,
      limit: q.limit,
      total,
      rating: { average: agg!.average, count: agg!.count, histogram: agg!.histogram },
    };
  }

  private statusFor(verified: boolean, input: { title: string; body: string }): ReviewStatus {
    if (this.options.autoApprove !== 'verified' || !verified) return 'pending';
    const text = `${input.title} ${input.body}`.toLowerCase();
    return this.options.blockedWords.some((w) => w && text.includes(w.toLowerCase())) ? 'pending' : 'published';
  }

  async create(slug: string, userId: string, input: ReviewInput): Promise<Review> {
    const product = await this.productBySlug(slug);
    const id = newId();
    const now = this.clock.now();
    const title = cleanText(input.title);
    const body = cleanText(input.body);
    if (!title || !body)
      throw conflict('The review has no text left once markup is removed.', [
        { path: !title ? 'title' : 'body', message: 'Empty after removing markup' },
      ]);
    await this.db.transaction(async (tx) => {
      const verified = await this.repo.hasPurchased(userId, product.id, tx);
      const status = this.statusFor(verified, { title, body });
      try {
        await this.repo.insert(
          [
            {
              id,
              productId: product.id,
              userId,
              rating: input.rating,
              title,
              body,
              status,
              verifiedPurchase: verified,
              createdAt: now,
              updatedAt: now,
            },
          ],
          tx,
        );
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('You have already reviewed this product: edit your review instead.');
        throw err;
      }
      if (status === 'published') await this.refreshAggregates([product.id], tx);
    });
    return toReview((await this.repo.findWithAuthor(id))!);
  }

  /** Own reviews only (anyone else gets 404). An edit goes back through moderation. */
  async update(id: string, userId: string, input: ReviewUpdate): Promise<Review> {
    await this.db.transaction(async (tx) => {
      const review = await this.repo.findWithAuthor(id, tx);
      if (!review || review.user_id !== userId) throw notFound('The review');
      const title = input.title !== undefined ? cleanText(input.title) : review.title;
      const body = input.body !== undefined ? cleanText(input.body) : review.body;
      if (!title || !body) throw conflict('The review has no text left once markup is removed.');
      const status = this.statusFor(Boolean(review.verified_purchase), { title, body });
      await this.repo.update(id, { rating: input.rating ?? review.rating, title, body, status }, this.clock.now(), tx);
      await this.refreshAggregates([review.product_id], tx);
    });
    return toReview((await this.repo.findWithAuthor(id))!);
  }

  async remove(id: string, userId: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const review = await this.repo.findWithAuthor(id, tx);
      if (!review || (userId !== null && review.user_id !== userId)) throw notFound('The review');
      await this.repo.delete(id, tx);
      await this.refreshAggregates([review.product_id], tx);
    });
  }

  /** One vote per user; voting again changes nothing. */
  async markHelpful(id: string, userId: string): Promise<{ helpfulCount: number }> {
    return this.db.transaction(async (tx) => {
      const review = await this.repo.lockForUpdate(id, tx);
      if (!review || review.status !== 'published') throw notFound('The review');
      await this.repo.addHelpfulVote(id, userId, this.clock.now(), tx);
      return { helpfulCount: await this.repo.helpfulCount(id, tx) };
    });
  }

  /** A report counts once per user; enough of them send the review back to the moderation queue. */
  async report(id: string, userId: string, reason?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const review = await this.repo.lockForUpdate(id, tx);
      if (!review || review.status !== 'published') throw notFound('The review');
      const reports = await this.repo.addReport(id, userId, reason ?? null, this.clock.now(), tx);
      if (reports !== undefined && reports >= this.options.reportThreshold) {
        await this.repo.flag(id, tx);
        await this.refreshAggregates([review.product_id], tx);
      }
    });
  }

  // --- moderation ----------------------------------------------------------------------

  async queue(status: ReviewStatus | undefined, page: number, limit: number) {
    const { rows, total } = await this.repo.queue(status, limit, (page - 1) * limit);
    return {
      items: rows.map((r) => ({
        ...toReview(r),
        productSlug: r.product_slug!,
        productTitle: r.product_title!,
        reportCount: Number(r.report_count),
        moderationNote: r.moderation_note,
      })),
      page,
      limit,
      total,
    };
  }

  async moderate(id: string, status: 'published' | 'rejected', note?: string): Promise<Review> {
    await this.db.transaction(async (tx) => {
      const review = await this.repo.findWithAuthor(id, tx);
      if (!review) throw notFound('The review');
      await this.repo.moderate(id, status, note ?? null, this.clock.now(), tx);
      await this.refreshAggregates([review.product_id], tx);
    });
    return toReview((await this.repo.findWithAuthor(id))!);
  }
}
