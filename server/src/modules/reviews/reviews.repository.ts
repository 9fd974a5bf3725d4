import type { ReviewListQuery, ReviewStatus } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';

export interface ReviewRow {
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

/** A review as it is written (new ones, and the demo data's in bulk). */
export interface NewReview {
  id: string;
  productId: string;
  userId: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  verifiedPurchase: boolean;
  helpfulCount?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A product's rating aggregates as `products` keeps them. */
export interface RatingAggregates {
  productId: string;
  average: number;
  count: number;
  /** Published reviews per star, 1 to 5. */
  histogram: number[];
}

const SORT: Record<ReviewListQuery['sort'], string> = {
  newest: 'r.created_at DESC, r.id DESC',
  highest: 'r.rating DESC, r.created_at DESC, r.id DESC',
  lowest: 'r.rating ASC, r.created_at DESC, r.id DESC',
  helpful: 'r.helpful_count DESC, r.created_at DESC, r.id DESC',
};

const CHUNK = 400;
const chunks = <T>(rows: T[]): T[][] =>
  Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Reviews, their votes and reports, and the rating aggregates they feed on `products`. */
export class ReviewRepository {
  constructor(private readonly db: Db) {}

  async activeProductId(slug: string): Promise<string | undefined> {
    return (await this.db.one<{ id: string }>("SELECT id FROM products WHERE slug = ? AND status = 'active'", [slug]))?.id;
  }

  async findWithAuthor(id: string, tx?: Transaction): Promise<ReviewRow | undefined> {
    return this.db.one<ReviewRow>('SELECT r.*, u.name AS author FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.id = ?', [id], tx);
  }

  async lockForUpdate(id: string, tx: Transaction): Promise<{ status: ReviewStatus; product_id: string } | undefined> {
    return this.db.one('SELECT status, product_id FROM reviews WHERE id = ? FOR UPDATE', [id], tx);
  }

  /** A paid (or later) order of this user containing the product. */
  async hasPurchased(userId: string, productId: string, tx?: Transaction): Promise<boolean> {
    return !!(await this.db.one(
      `SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE o.user_id = ? AND i.product_id = ? AND o.status IN ('paid','fulfilled','delivered','partially_refunded') LIMIT 1`,
      [userId, productId],
      tx,
    ));
  }

  /** Multi-row INSERTs (in chunks); a second review of a product by the same user is a duplicate-key error. */
  async insert(reviews: NewReview[], tx?: Transaction): Promise<void> {
    for (const chunk of chunks(reviews)) {
      await this.db.execute(
        `INSERT INTO reviews (id, product_id, user_id, rating, title, body, status, verified_purchase, helpful_count, created_at, updated_at)
         VALUES ${chunk.map(() => `(${marks(11)})`).join(', ')}`,
        chunk.flatMap((r) => [
          r.id,
          r.productId,
          r.userId,
          r.rating,
          r.title,
          r.body,
          r.status,
          r.verifiedPurchase ? 1 : 0,
          r.helpfulCount ?? 0,
          r.createdAt,
          r.updatedAt,
        ]),
        tx,
      );
    }
  }

  async update(id: string, changes: { rating: number; title: string; body: string; status: ReviewStatus }, now: Date, tx: Transaction) {
    await this.db.execute(
      'UPDATE reviews SET rating = ?, title = ?, body = ?, status = ?, updated_at = ? WHERE id = ?',
      [changes.rating, changes.title, changes.body, changes.status, now, id],
      tx,
    );
  }

  async delete(id: string, tx: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM reviews WHERE id = ?', [id], tx);
  }

  /** One page of a product's published reviews. */
  async listPublished(productId: string, sort: ReviewListQuery['sort'], limit: number, offset: number): Promise<ReviewRow[]> {
    return this.db.select<ReviewRow>(
      `SELECT r.*, u.name AS author FROM reviews r JOIN users u ON u.id = r.user_id
        WHERE r.product_id = ? AND r.status = 'published' ORDER BY ${SORT[sort]} LIMIT ? OFFSET ?`,
      [productId, limit, offset],
    );
  }

  /** The size of the collection `listPublished` pages through. */
  async countPublished(productId: string): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      "SELECT COUNT(*) AS n FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.product_id = ? AND r.status = 'published'",
      [productId],
    );
    return Number(row?.n ?? 0);
  }

  // --- aggregates ------------------------------------------------------------------------

  /** Locks the products' rows (in id order, so two writers never deadlock on them). */
  async lockProducts(productIds: string[], tx: Transaction): Promise<void> {
    for (const ids of chunks([...productIds].sort())) {
      await this.db.select(`SELECT id FROM products WHERE id IN (${marks(ids.length)}) ORDER BY id FOR UPDATE`, ids, tx);
    }
  }

  /** Published reviews per product and star (products without any are absent). */
  async publishedStars(productIds: string[], tx: Transaction): Promise<{ product_id: string; rating: number; n: number }[]> {
    const rows: { product_id: string; rating: number; n: number }[] = [];
    for (const ids of chunks(productIds)) {
      rows.push(
        ...(await this.db.select<{ product_id: string; rating: number; n: number }>(
          `SELECT product_id, rating, COUNT(*) AS n FROM reviews WHERE product_id IN (${marks(ids.length)}) AND status = 'published'
            GROUP BY product_id, rating`,
          ids,
          tx,
        )),
      );
    }
    return rows;
  }

  async storedAggregates(productId: string): Promise<RatingAggregates | undefined> {
    const row = await this.db.one<{ rating_avg: number | string; rating_count: number; rating_histogram: string | number[] }>(
      'SELECT rating_avg, rating_count, rating_histogram FROM products WHERE id = ?',
      [productId],
    );
    if (!row) return undefined;
    return {
      productId,
      average: Number(row.rating_avg),
      count: Number(row.rating_count),
      histogram: typeof row.rating_histogram === 'string' ? (JSON.parse(row.rating_histogram) as number[]) : row.rating_histogram,
    };
  }

  /** Writes the aggregates the service computed: one UPDATE per chunk of products. */
  async saveAggregates(aggregates: RatingAggregates[], tx: Transaction): Promise<void> {
    for (const chunk of chunks(aggregates)) {
      const values = chunk.map(() => 'SELECT ? AS id, ? AS avg, ? AS n, ? AS histogram').join(' UNION ALL ');
      await this.db.execute(
        `UPDATE products p JOIN (${values}) v ON v.id = p.id
            SET p.rating_avg = v.avg, p.rating_count = v.n, p.rating_histogram = v.histogram`,
        chunk.flatMap((a) => [a.productId, a.average, a.count, JSON.stringify(a.histogram)]),
        tx,
      );
    }
  }

  // --- votes and reports -----------------------------------------------------------------

  /** True when this user had not voted for the review before (the vote is then counted). */
  async addHelpfulVote(id: string, userId: string, now: Date, tx: Transaction): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      'INSERT IGNORE INTO review_votes (review_id, user_id, created_at) VALUES (?, ?, ?)',
      [id, userId, now],
      tx,
    );
    if (affectedRows) await this.db.execute('UPDATE reviews SET helpful_count = helpful_count + 1 WHERE id = ?', [id], tx);
    return affectedRows > 0;
  }

  async helpfulCount(id: string, tx: Transaction): Promise<number> {
    const row = await this.db.one<{ helpful_count: number }>('SELECT helpful_count FROM reviews WHERE id = ?', [id], tx);
    return Number(row?.helpful_count ?? 0);
  }

  /** The review's report count after this report, or undefined when this user had already reported it. */
  async addReport(id: string, userId: string, reason: string | null, now: Date, tx: Transaction): Promise<number | undefined> {
    const { affectedRows } = await this.db.execute(
      'INSERT IGNORE INTO review_reports (review_id, user_id, reason, created_at) VALUES (?, ?, ?, ?)',
      [id, userId, reason, now],
      tx,
    );
    if (!affectedRows) return undefined;
    await this.db.execute('UPDATE reviews SET report_count = report_count + 1 WHERE id = ?', [id], tx);
    const row = await this.db.one<{ report_count: number }>('SELECT report_count FROM reviews WHERE id = ?', [id], tx);
    return Number(row!.report_count);
  }

  async flag(id: string, tx: Transaction): Promise<void> {
    await this.db.execute("UPDATE reviews SET status = 'flagged' WHERE id = ?", [id], tx);
  }

  // --- moderation ------------------------------------------------------------------------

  async queue(status: ReviewStatus | undefined, limit: number, offset: number): Promise<{ rows: ReviewRow[]; total: number }> {
    const where = status ? 'WHERE r.status = ?' : "WHERE r.status IN ('pending','flagged')";
    const params = status ? [status] : [];
    const rows = await this.db.select<ReviewRow>(
      `SELECT r.*, u.name AS author, p.slug AS product_slug, p.title AS product_title FROM reviews r
         JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id ${where} ORDER BY r.created_at, r.id LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    const count = await this.db.one<{ n: number }>(`SELECT COUNT(*) AS n FROM reviews r ${where}`, params);
    return { rows, total: Number(count?.n ?? 0) };
  }

  /** Publishing clears the reports (and their count); rejecting keeps them. */
  async moderate(id: string, status: 'published' | 'rejected', note: string | null, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute(
      "UPDATE reviews SET status = ?, moderation_note = ?, report_count = IF(? = 'published', 0, report_count), updated_at = ? WHERE id = ?",
      [status, note, status, now, id],
      tx,
    );
    if (status === 'published') await this.db.execute('DELETE FROM review_reports WHERE review_id = ?', [id], tx);
  }
}
