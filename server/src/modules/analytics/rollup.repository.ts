import type { Db, Transaction } from '../../db/db';

/**
 * The daily roll-up tables, each rebuilt for one day by DELETE + INSERT … SELECT over the raw
 * events of that UTC day ([start, end)).
 */
export class RollupRepository {
  constructor(private readonly db: Db) {}

  async replaceDaily(day: string, [start, end]: [Date, Date], abandonedIdleBefore: Date, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM analytics_daily WHERE day = ?', [day], tx);
    await this.db.execute(
      `INSERT INTO analytics_daily (day, visitors, page_views, product_views, product_view_visitors, add_to_carts, add_to_cart_visitors,
                                    checkout_started_visitors, purchases, purchase_visitors, searches, zero_result_searches,
                                    carts_converted, carts_abandoned, computed_at)
       SELECT :day,
              COUNT(DISTINCT e.visitor_id),
              COALESCE(SUM(e.type = 'page_view'), 0),
              COALESCE(SUM(e.type = 'product_view'), 0),
              COUNT(DISTINCT IF(e.type = 'product_view', e.visitor_id, NULL)),
              COALESCE(SUM(e.type = 'add_to_cart'), 0),
              COUNT(DISTINCT IF(e.type = 'add_to_cart', e.visitor_id, NULL)),
              COUNT(DISTINCT IF(e.type = 'checkout_started', e.visitor_id, NULL)),
              COALESCE(SUM(e.type = 'purchase'), 0),
              COUNT(DISTINCT IF(e.type = 'purchase', e.visitor_id, NULL)),
              COALESCE(SUM(e.type = 'search'), 0),
              COALESCE(SUM(e.type = 'search' AND e.result_count = 0), 0),
              -- Carts that became a paid order that day (the order keeps the cart id).
              (SELECT COUNT(DISTINCT o.cart_id) FROM orders o WHERE o.paid_at >= :start AND o.paid_at < :end AND o.cart_id IS NOT NULL),
              -- Carts last touched that day that still hold items and have been idle long enough to count as
              -- abandoned (a paid order deletes its cart, so a cart still here was not converted).
              (SELECT COUNT(*) FROM carts c
                WHERE c.updated_at >= :start AND c.updated_at < :end AND c.updated_at < :idleBefore
                  AND EXISTS (SELECT 1 FROM cart_items ci WHERE ci.cart_id = c.id)),
              :now
         FROM analytics_events e
        WHERE e.occurred_at >= :start AND e.occurred_at < :end`,
      { day, start, end, idleBefore: abandonedIdleBefore, now },
      tx,
    );
    // Rates from the stored counts (0 when there is nothing to divide by).
    await this.db.execute(
      `UPDATE analytics_daily
          SET add_to_cart_rate = IF(visitors = 0, 0, add_to_cart_visitors / visitors),
              cart_abandonment_rate = IF(carts_abandoned + carts_converted = 0, 0, carts_abandoned / (carts_abandoned + carts_converted))
        WHERE day = ?`,
      [day],
      tx,
    );
  }

  async replaceProducts(day: string, [start, end]: [Date, Date], tx: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM analytics_daily_products WHERE day = ?', [day], tx);
    await this.db.execute(
      `INSERT INTO analytics_daily_products (day, product_id, views, add_to_carts)
       SELECT :day, product_id, SUM(type = 'product_view'), SUM(type = 'add_to_cart')
         FROM analytics_events
        WHERE occurred_at >= :start AND occurred_at < :end AND type IN ('product_view', 'add_to_cart') AND product_id IS NOT NULL
        GROUP BY product_id`,
      { day, start, end },
      tx,
    );
  }

  async replaceSearches(day: string, [start, end]: [Date, Date], tx: Transaction): Promise<void> {
    await this.db.execute('DELETE FROM analytics_daily_searches WHERE day = ?', [day], tx);
    await this.db.execute(
      `INSERT INTO analytics_daily_searches (day, query, searches, zero_results)
       SELECT :day, query, COUNT(*), SUM(result_count = 0)
         FROM analytics_events
        WHERE occurred_at >= :start AND occurred_at < :end AND type = 'search'
        GROUP BY query`,
      { day, start, end },
      tx,
    );
  }
}
