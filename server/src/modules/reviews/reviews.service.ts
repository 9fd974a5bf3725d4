import type { Review, ReviewInput, ReviewListQuery, ReviewStatus, ReviewUpdate } from '@bazaar/shared';
import sanitizeHtml from 'sanitize-html';
import { isDuplicateKey, type Db, type Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import type { CatalogCache, ProductChanges } from '../catalog';

interface ReviewRow {
  id: string;
  product_id: string;
  user_id: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  verified_purchase: number;
  moderation_note: string | null;
  helpful_count: number;
  report_count: number;
  created_at: Date;
  updated_at: Date;
  author: string;
  product_slug?: string;
  product_title?: string;
}

export interface ReviewOptions {
  /** `verified`: a verified purchase with no blocked word is published at once; `off`: all wait for a moderator. */
  autoApprove: 'off' | 'verified';
  blockedWords: string[];
  /** Reports that send a published review back to the moderation queue. */
  reportThreshold: number;
}

/** No HTML survives: every tag is dropped (script and style with their content) and the text is escaped. */
export const cleanText = (text: string) => sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }).trim();

const SORT: Record<ReviewListQuery['sort'], string> = {
  newest: 'r.created_at DESC, r.id DESC',
  highest: 'r.rating DESC, r.created_at DESC, r.id DESC',
  lowest: 'r.rating ASC, r.created_at DESC, r.id DESC',
  helpful: 'r.helpful_count DESC, r.created_at DESC, r.id DESC',
};

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

/**
 * Reviews and the product's rating aggregates. Every change that can alter what is published
 * recomputes the product's average, count and per-star histogram from its published reviews in
 * the same transaction (with the product row locked), so the aggregates are never out of step.
 */
export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly cache: CatalogCache,
    private readonly clock: Clock,
    private readonly options: ReviewOptions,
    private readonly changes?: ProductChanges,
  ) {}

  private async productBySlug(slug: string) {
    const product = await this.db.one<{ id: string }>("SELECT id FROM products WHERE slug = ? AND status = 'active'", [slug]);
    if (!product) throw notFound('The product');
    return product;
  }

  private async row(id: string, tx?: Transaction): Promise<ReviewRow | undefined> {
    return this.db.one<ReviewRow>('SELECT r.*, u.name AS author FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.id = ?', [id], tx);
  }

  /** Recompute the aggregates from scratch; call inside the transaction that changed a review. */
  async refreshAggregates(productId: string, tx: Transaction): Promise<void> {
    await this.db.one('SELECT id FROM products WHERE id = ? FOR UPDATE', [productId], tx);
    const rows = await this.db.select<{ rating: number; n: number }>(
      "SELECT rating, COUNT(*) AS n FROM reviews WHERE product_id = ? AND status = 'published' GROUP BY rating",
      [productId],
      tx,
    );
    const histogram = [1, 2, 3, 4, 5].map((star) => Number(rows.find((r) => Number(r.rating) === star)?.n ?? 0));
    const count = histogram.reduce((a, b) => a + b, 0);
    const sum = histogram.reduce((a, n, i) => a + n * (i + 1), 0);
    // Two decimals, rounded half up in integer arithmetic.
    const average = count ? Math.floor((sum * 200 + count) / (2 * count)) / 100 : 0;
    await this.db.execute(
      'UPDATE products SET rating_avg = ?, rating_count = ?, rating_histogram = ? WHERE id = ?',
      [average, count, JSON.stringify(histogram), productId],
      tx,
    );
    await this.cache.invalidate(tx);
    await this.changes?.changed([productId], tx);
  }

  async list(slug: string, q: ReviewListQuery) {
    const product = await this.productBySlug(slug);
    const rows = await this.db.select<ReviewRow>(
      `SELECT r.*, u.name AS author FROM reviews r JOIN users u ON u.id = r.user_id
        WHERE r.product_id = ? AND r.status = 'published' ORDER BY ${SORT[q.sort]} LIMIT ? OFFSET ?`,
      [product.id, q.limit, (q.page - 1) * q.limit],
    );
    const agg = (await this.db.one<{ rating_avg: number; rating_count: number; rating_histogram: string | number[] }>(
      'SELECT rating_avg, rating_count, rating_histogram FROM products WHERE id = ?',
      [product.id],
    ))!;
    const histogram = typeof agg.rating_histogram === 'string' ? (JSON.parse(agg.rating_histogram) as number[]) : agg.rating_histogram;
    return {
      items: rows.map(toReview),
      page: q.page,
      limit: q.limit,
      total: Number(agg.rating_count),
      rating: { average: Number(agg.rating_avg), count: Number(agg.rating_count), histogram },
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
      // A verified purchase: a paid (or later) order of this user containing the product.
      const verified = !!(await this.db.one(
        `SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.user_id = ? AND i.product_id = ? AND o.status IN ('paid','fulfilled','delivered','partially_refunded') LIMIT 1`,
        [userId, product.id],
        tx,
      ));
      const status = this.statusFor(verified, { title, body });
      try {
        await this.db.execute(
          'INSERT INTO reviews (id, product_id, user_id, rating, title, body, status, verified_purchase, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [id, product.id, userId, input.rating, title, body, status, verified, now, now],
          tx,
        );
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('You have already reviewed this product: edit your review instead.');
        throw err;
      }
      if (status === 'published') await this.refreshAggregates(product.id, tx);
    });
    return toReview((await this.row(id))!);
  }

  /** Own reviews only (anyone else gets 404). An edit goes back through moderation. */
  async update(id: string, userId: string, input: ReviewUpdate): Promise<Review> {
    await this.db.transaction(async (tx) => {
      const review = await this.row(id, tx);
      if (!review || review.user_id !== userId) throw notFound('The review');
      const title = input.title !== undefined ? cleanText(input.title) : review.title;
      const body = input.body !== undefined ? cleanText(input.body) : review.body;
      if (!title || !body) throw conflict('The review has no text left once markup is removed.');
      const status = this.statusFor(Boolean(review.verified_purchase), { title, body });
      await this.db.execute(
        'UPDATE reviews SET rating = ?, title = ?, body = ?, status = ?, updated_at = ? WHERE id = ?',
        [input.rating ?? review.rating, title, body, status, this.clock.now(), id],
        tx,
      );
      await this.refreshAggregates(review.product_id, tx);
    });
    return toReview((await this.row(id))!);
  }

  async remove(id: string, userId: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const review = await this.row(id, tx);
      if (!review || (userId !== null && review.user_id !== userId)) throw notFound('The review');
      await this.db.execute('DELETE FROM reviews WHERE id = ?', [id], tx);
      await this.refreshAggregates(review.product_id, tx);
    });
  }

  /** One vote per user; voting again changes nothing. */
  async markHelpful(id: string, userId: string): Promise<{ helpfulCount: number }> {
    return this.db.transaction(async (tx) => {
      const review = await this.db.one<{ status: string }>('SELECT status FROM reviews WHERE id = ? FOR UPDATE', [id], tx);
      if (!review || review.status !== 'published') throw notFound('The review');
      const { affectedRows } = await this.db.execute(
        'INSERT IGNORE INTO review_votes (review_id, user_id, created_at) VALUES (?, ?, ?)',
        [id, userId, this.clock.now()],
        tx,
      );
      if (affectedRows) await this.db.execute('UPDATE reviews SET helpful_count = helpful_count + 1 WHERE id = ?', [id], tx);
      const row = await this.db.one<{ helpful_count: number }>('SELECT helpful_count FROM reviews WHERE id = ?', [id], tx);
      return { helpfulCount: Number(row!.helpful_count) };
    });
  }

  /** A report counts once per user; enough of them send the review back to the moderation queue. */
  async report(id: string, userId: string, reason?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const review = await this.db.one<{ status: string; product_id: string }>(
        'SELECT status, product_id FROM reviews WHERE id = ? FOR UPDATE',
        [id],
        tx,
      );
      if (!review || review.status !== 'published') throw notFound('The review');
      const { affectedRows } = await this.db.execute(
        'INSERT IGNORE INTO review_reports (review_id, user_id, reason, created_at) VALUES (?, ?, ?, ?)',
        [id, userId, reason ?? null, this.clock.now()],
        tx,
      );
      if (!affectedRows) return;
      await this.db.execute('UPDATE reviews SET report_count = report_count + 1 WHERE id = ?', [id], tx);
      const row = await this.db.one<{ report_count: number }>('SELECT report_count FROM reviews WHERE id = ?', [id], tx);
      if (Number(row!.report_count) >= this.options.reportThreshold) {
        await this.db.execute("UPDATE reviews SET status = 'flagged' WHERE id = ?", [id], tx);
        await this.refreshAggregates(review.product_id, tx);
      }
    });
  }

  // --- moderation ----------------------------------------------------------------------

  async queue(status: ReviewStatus | undefined, page: number, limit: number) {
    const where = status ? 'WHERE r.status = ?' : "WHERE r.status IN ('pending','flagged')";
    const params = status ? [status] : [];
    const rows = await this.db.select<ReviewRow>(
      `SELECT r.*, u.name AS author, p.slug AS product_slug, p.title AS product_title FROM reviews r
         JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id ${where} ORDER BY r.created_at, r.id LIMIT ? OFFSET ?`,
      [...params, limit, (page - 1) * limit],
    );
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM reviews r ${where}`, params);
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
      total: Number(count?.n ?? 0),
    };
  }

  async moderate(id: string, status: 'published' | 'rejected', note?: string): Promise<Review> {
    await this.db.transaction(async (tx) => {
      const review = await this.row(id, tx);
      if (!review) throw notFound('The review');
      await this.db.execute(
        "UPDATE reviews SET status = ?, moderation_note = ?, report_count = IF(? = 'published', 0, report_count), updated_at = ? WHERE id = ?",
        [status, note ?? null, status, this.clock.now(), id],
        tx,
      );
      if (status === 'published') await this.db.execute('DELETE FROM review_reports WHERE review_id = ?', [id], tx);
      await this.refreshAggregates(review.product_id, tx);
    });
    return toReview((await this.row(id))!);
  }
}
