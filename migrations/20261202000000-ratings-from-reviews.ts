import type { MigrationContext } from '../server/src/db/migrator';

/**
 * Ratings are only ever aggregates of published reviews. Older demo data wrote rating figures
 * straight onto products with no reviews behind them; this recomputes every product's average,
 * count and per-star histogram from its published reviews, as ReviewService.refreshAggregates
 * does (the average to two decimals, rounded half up in integer arithmetic). Where the figures
 * already came from reviews, nothing changes.
 */
export async function up({ context: { sequelize } }: { context: MigrationContext }) {
  const star = (n: number) => `CAST(SUM(rating = ${n}) AS UNSIGNED)`;
  await sequelize.query(`
    UPDATE products p
      LEFT JOIN (
        SELECT product_id, COUNT(*) AS n, SUM(rating) AS total, ${[1, 2, 3, 4, 5].map((n) => `${star(n)} AS s${n}`).join(', ')}
          FROM reviews WHERE status = 'published' GROUP BY product_id
      ) r ON r.product_id = p.id
       SET p.rating_count = COALESCE(r.n, 0),
           p.rating_avg = IF(r.n IS NULL, 0, ((r.total * 200 + r.n) DIV (2 * r.n)) / 100),
           p.rating_histogram = IF(r.n IS NULL, '[0,0,0,0,0]', JSON_ARRAY(r.s1, r.s2, r.s3, r.s4, r.s5))`);
}

/** Nothing to undo: the figures it replaced had no reviews behind them. */
export async function down() {}
