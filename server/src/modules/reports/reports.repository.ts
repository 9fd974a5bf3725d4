import { currencyDigits, type Funnel, type SearchTerm, type TopProduct } from '@bazaar/shared';
import type { Db } from '../../db/db';

/** Orders that brought money in: paid, and whatever came after (refunds are subtracted, not excluded). */
export const PAID_OR_LATER = ['paid', 'fulfilled', 'delivered', 'partially_refunded', 'refunded'] as const;

export interface DaySales {
  day: string;
  revenue: number;
  orders: number;
}

export interface AnalyticsTotals extends Funnel {
  cartsAbandoned: number;
  cartsConverted: number;
}

const num = (v: unknown) => Number(v ?? 0);

/** Read-only SQL for the admin dashboard: orders for money, the daily roll-up tables for behaviour. */
export class ReportsRepository {
  constructor(private readonly db: Db) {}

  /**
   * An order amount in the base currency's minor units: divided by the exchange rate the order was
   * priced at (null for base-currency orders), moved between the currencies' minor-unit scales
   * (JPY has none, KWD three), rounded per order. Orders in another currency without a rate do not count.
   */
  private async inBase(amount: string, base: string) {
    const foreign = await this.db.select<{ currency: string }>('SELECT DISTINCT currency FROM orders WHERE exchange_rate IS NOT NULL');
    const scales = foreign
      .map((r) => [r.currency, 10 ** (currencyDigits(base) - currencyDigits(r.currency))] as const)
      .filter(([, scale]) => scale !== 1);
    const scale = scales.length ? ` * CASE o.currency ${scales.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 1 END` : '';
    return {
      sql: `ROUND((${amount}) / COALESCE(o.exchange_rate, 1)${scale})`,
      params: scales.flat(),
      where: '(o.currency = ? OR o.exchange_rate IS NOT NULL)',
    };
  }

  /** Net revenue and order count per UTC paid day, for days that have any (every market's orders, in the base currency). */
  async salesByDay(currency: string, [start, end]: [Date, Date]): Promise<DaySales[]> {
    const net = await this.inBase('o.total - o.refunded_amount', currency);
    const rows = await this.db.select<{ day: string | Date; revenue: unknown; orders: unknown }>(
      `SELECT DATE_FORMAT(o.paid_at, '%Y-%m-%d') AS day, SUM(${net.sql}) AS revenue, SUM(o.status <> 'refunded') AS orders
         FROM orders o
        WHERE o.paid_at >= ? AND o.paid_at < ? AND ${net.where} AND o.status IN (?)
        GROUP BY day`,
      [...net.params, start, end, currency, [...PAID_OR_LATER]],
    );
    return rows.map((r) => ({ day: String(r.day), revenue: num(r.revenue), orders: num(r.orders) }));
  }

  /** Sums of the daily roll-ups over a day range. */
  async analyticsTotals(from: string, to: string): Promise<AnalyticsTotals> {
    const row = await this.db.one<Record<string, unknown>>(
      `SELECT SUM(visitors) AS visitors, SUM(product_view_visitors) AS productViews, SUM(add_to_cart_visitors) AS addToCart,
              SUM(checkout_started_visitors) AS checkoutStarted, SUM(purchase_visitors) AS purchases,
              SUM(carts_abandoned) AS cartsAbandoned, SUM(carts_converted) AS cartsConverted
         FROM analytics_daily WHERE day BETWEEN ? AND ?`,
      [from, to],
    );
    return {
      visitors: num(row?.visitors),
      productViews: num(row?.productViews),
      addToCart: num(row?.addToCart),
      checkoutStarted: num(row?.checkoutStarted),
      purchases: num(row?.purchases),
      cartsAbandoned: num(row?.cartsAbandoned),
      cartsConverted: num(row?.cartsConverted),
    };
  }

  /**
   * Best sellers by revenue: each line's price less its discount (tax excluded), scaled to the units
   * not refunded; fully refunded orders do not count. Lines of deleted products are left out (they
   * have no page to link to).
   */
  async topProducts(currency: string, [start, end]: [Date, Date], limit: number): Promise<TopProduct[]> {
    const line = await this.inBase('ROUND((oi.line_total - oi.discount) * (oi.quantity - oi.refunded_quantity) / oi.quantity)', currency);
    const rows = await this.db.select<{ product_id: string; title: string; slug: string; units: unknown; revenue: unknown }>(
      `SELECT oi.product_id, p.title, p.slug,
              SUM(oi.quantity - oi.refunded_quantity) AS units,
              SUM(${line.sql}) AS revenue
         FROM orders o
         JOIN order_items oi ON oi.order_id = o.id
         JOIN products p ON p.id = oi.product_id
        WHERE o.paid_at >= ? AND o.paid_at < ? AND ${line.where} AND o.status IN (?) AND o.status <> 'refunded'
        GROUP BY oi.product_id, p.title, p.slug
       HAVING units > 0
        ORDER BY revenue DESC, units DESC, p.title
        LIMIT ?`,
      [...line.params, start, end, currency, [...PAID_OR_LATER], limit],
    );
    return rows.map((r) => ({ productId: r.product_id, title: r.title, slug: r.slug, unitsSold: num(r.units), revenue: num(r.revenue) }));
  }

  /** The most frequent searches (or those that most often found nothing) over a day range. */
  async searchTerms(from: string, to: string, which: 'all' | 'zero_results', limit: number): Promise<SearchTerm[]> {
    const measure = which === 'all' ? 'searches' : 'zero_results';
    const rows = await this.db.select<{ query: string; n: unknown }>(
      `SELECT query, SUM(${measure}) AS n FROM analytics_daily_searches WHERE day BETWEEN ? AND ?
        GROUP BY query HAVING n > 0 ORDER BY n DESC, query LIMIT ?`,
      [from, to, limit],
    );
    return rows.map((r) => ({ query: r.query, count: num(r.n) }));
  }
}
