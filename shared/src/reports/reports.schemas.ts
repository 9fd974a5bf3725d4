import { z } from 'zod';
import { CurrencyCode } from '../common/money.schemas';
import { Id } from '../common/ids.schemas';

export const REPORT_DEFAULT_DAYS = 30;
export const REPORT_MAX_DAYS = 366;

const DAY_MS = 86_400_000;
/** Inclusive number of days from one YYYY-MM-DD to another. */
export const daysBetweenInclusive = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

const Day = z.iso.date('Must be a date as YYYY-MM-DD');

/**
 * `from` and `to` are inclusive UTC days. Without `to` the period ends today; without `from` it is
 * the 30 days up to `to`. At most 366 days.
 */
export const DashboardQuery = z
  .object({ from: Day.optional(), to: Day.optional() })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    const days = daysBetweenInclusive(q.from, q.to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
    else if (days > REPORT_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['from'], message: `At most ${REPORT_MAX_DAYS} days` });
  })
  .meta({ id: 'DashboardQuery' });
export type DashboardQuery = z.infer<typeof DashboardQuery>;

const Rate = z.number().min(0).max(1);
const MinorUnits = z.number().int();

/**
 * Headline figures of one period.
 * - revenue: Σ (order total − refunded) over orders paid in the period (by paid day, UTC) whose
 *   status is paid or later (paid, fulfilled, delivered, partially_refunded, refunded), in the shop
 *   currency; a refund lowers the revenue of the day the order was paid.
 * - orders: those orders, less the fully refunded ones.
 * - averageOrderValue: round(revenue / orders), 0 without orders.
 * - visitors: Σ daily unique visitors (consented analytics; a visitor seen on two days counts twice).
 * - conversionRate: Σ daily purchasing visitors / visitors.
 * - cartAbandonmentRate: abandoned carts / (abandoned + converted carts); a cart is abandoned when
 *   it holds items and has been idle a day without becoming a paid order.
 */
export const Kpis = z
  .object({
    revenue: MinorUnits,
    orders: z.number().int().min(0),
    averageOrderValue: MinorUnits,
    visitors: z.number().int().min(0),
    conversionRate: Rate,
    cartAbandonmentRate: Rate,
  })
  .meta({ id: 'Kpis' });
export type Kpis = z.infer<typeof Kpis>;

export const DateRange = z.object({ from: Day, to: Day });
export type DateRange = z.infer<typeof DateRange>;

export const SalesDay = z.object({
  date: Day,
  revenue: MinorUnits,
  orders: z.number().int().min(0),
  /** The same day of the comparison period (the n-th day of each period side by side). */
  previousRevenue: MinorUnits,
  previousOrders: z.number().int().min(0),
});
export type SalesDay = z.infer<typeof SalesDay>;

/** Units sold net of refunded units; revenue is the lines' price less discount (tax excluded), net of refunded units; fully refunded orders do not count. */
export const TopProduct = z.object({
  productId: Id,
  title: z.string(),
  slug: z.string(),
  unitsSold: z.number().int(),
  revenue: MinorUnits,
});
export type TopProduct = z.infer<typeof TopProduct>;

export const LowStockVariant = z.object({
  variantId: Id,
  sku: z.string(),
  productTitle: z.string(),
  available: z.number().int(),
  threshold: z.number().int(),
});
export type LowStockVariant = z.infer<typeof LowStockVariant>;

/** Each step is Σ daily distinct visitors who did it (steps are counted independently). */
export const Funnel = z.object({
  visitors: z.number().int().min(0),
  productViews: z.number().int().min(0),
  addToCart: z.number().int().min(0),
  checkoutStarted: z.number().int().min(0),
  purchases: z.number().int().min(0),
});
export type Funnel = z.infer<typeof Funnel>;

export const SearchTerm = z.object({ query: z.string(), count: z.number().int().min(1) });
export type SearchTerm = z.infer<typeof SearchTerm>;

export const DashboardReport = z
  .object({
    currency: CurrencyCode,
    period: DateRange,
    comparison: DateRange,
    current: Kpis,
    previous: Kpis,
    salesByDay: z.array(SalesDay),
    topProducts: z.array(TopProduct),
    lowStock: z.array(LowStockVariant),
    funnel: Funnel,
    topSearches: z.array(SearchTerm),
    zeroResultSearches: z.array(SearchTerm),
  })
  .meta({ id: 'DashboardReport' });
export type DashboardReport = z.infer<typeof DashboardReport>;
