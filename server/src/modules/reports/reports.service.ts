import {
  REPORT_DEFAULT_DAYS,
  REPORT_MAX_DAYS,
  daysBetweenInclusive,
  type DashboardQuery,
  type DashboardReport,
  type Kpis,
} from '@bazaar/shared';
import type { Clock } from '../../lib/clock';
import { addDays, daysFrom, instantRange, utcDay } from '../../lib/days';
import { validationFailed } from '../../lib/errors';
import type { InventoryService } from '../inventory';
import type { AnalyticsTotals, DaySales, ReportsRepository } from './reports.repository';

const TOP_PRODUCTS = 10;
const LOW_STOCK = 20;
const TOP_SEARCHES = 10;

const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0);

function kpis(sales: DaySales[], a: AnalyticsTotals): Kpis {
  const revenue = sales.reduce((s, d) => s + d.revenue, 0);
  const orders = sales.reduce((s, d) => s + d.orders, 0);
  return {
    revenue,
    orders,
    averageOrderValue: orders > 0 ? Math.round(revenue / orders) : 0,
    visitors: a.visitors,
    conversionRate: ratio(a.purchases, a.visitors),
    cartAbandonmentRate: ratio(a.cartsAbandoned, a.cartsAbandoned + a.cartsConverted),
  };
}

/** The admin dashboard: money from orders, behaviour from the daily analytics roll-ups. */
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly inventory: InventoryService,
    private readonly clock: Clock,
    private readonly currency: string,
  ) {}

  /** Inclusive UTC days; defaults to the 30 days up to today; the comparison is the period just before, as long. */
  private period(q: DashboardQuery) {
    const to = q.to ?? utcDay(this.clock.now());
    const from = q.from ?? addDays(to, -(REPORT_DEFAULT_DAYS - 1));
    const length = daysBetweenInclusive(from, to);
    if (length < 1) throw validationFailed([{ path: 'from', message: 'from must not be after to' }]);
    if (length > REPORT_MAX_DAYS) throw validationFailed([{ path: 'from', message: `At most ${REPORT_MAX_DAYS} days` }]);
    const previousTo = addDays(from, -1);
    return { from, to, previousFrom: addDays(previousTo, -(length - 1)), previousTo };
  }

  async dashboard(q: DashboardQuery): Promise<DashboardReport> {
    const p = this.period(q);
    const current = instantRange(p.from, p.to);
    const [sales, analytics, previousAnalytics, topProducts, lowStock, topSearches, zeroResultSearches] = await Promise.all([
      this.reports.salesByDay(this.currency, instantRange(p.previousFrom, p.to)),
      this.reports.analyticsTotals(p.from, p.to),
      this.reports.analyticsTotals(p.previousFrom, p.previousTo),
      this.reports.topProducts(this.currency, current, TOP_PRODUCTS),
      this.inventory.lowStock(LOW_STOCK),
      this.reports.searchTerms(p.from, p.to, 'all', TOP_SEARCHES),
      this.reports.searchTerms(p.from, p.to, 'zero_results', TOP_SEARCHES),
    ]);
    const byDay = new Map(sales.map((s) => [s.day, s]));
    const zero = (day: string): DaySales => ({ day, revenue: 0, orders: 0 });
    const currentDays = daysFrom(p.from, p.to).map((d) => byDay.get(d) ?? zero(d));
    const previousDays = daysFrom(p.previousFrom, p.previousTo).map((d) => byDay.get(d) ?? zero(d));
    return {
      currency: this.currency,
      period: { from: p.from, to: p.to },
      comparison: { from: p.previousFrom, to: p.previousTo },
      current: kpis(currentDays, analytics),
      previous: kpis(previousDays, previousAnalytics),
      salesByDay: currentDays.map((d, i) => ({
        date: d.day,
        revenue: d.revenue,
        orders: d.orders,
        previousRevenue: previousDays[i]!.revenue,
        previousOrders: previousDays[i]!.orders,
      })),
      topProducts,
      lowStock: lowStock.map(({ variantId, sku, productTitle, available, threshold }) => ({
        variantId,
        sku,
        productTitle,
        available,
        threshold,
      })),
      funnel: {
        visitors: analytics.visitors,
        productViews: analytics.productViews,
        addToCart: analytics.addToCart,
        checkoutStarted: analytics.checkoutStarted,
        purchases: analytics.purchases,
      },
      topSearches,
      zeroResultSearches,
    };
  }
}
