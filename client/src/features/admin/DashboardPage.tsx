import { formatMoney } from '@bazaar/shared';
import type { DashboardReport, Kpis } from '@bazaar/shared';
import { Link, Navigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useUrlFilters } from '../../components/useUrlFilters';
import { useDashboardQuery } from './admin.api';
import { DataTable, Field, PageHeader, useCan } from './ui';

const PRESETS = [7, 30, 90] as const;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The last `days` days up to today (UTC), as the API counts them: inclusive. */
export const lastDays = (days: number, today = new Date()) => ({
  from: isoDay(new Date(today.getTime() - (days - 1) * 86_400_000)),
  to: isoDay(today),
});

/** The change against the comparison period: “+12.5 %”, or “new” when there was nothing before. */
export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? '±0 %' : 'new';
  const pct = ((now - before) / before) * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

function SearchTerms({ title, terms, empty }: { title: string; terms: DashboardReport['topSearches']; empty: string }) {
  return (
    <DataTable
      caption={title}
      rows={terms}
      rowKey={(s) => s.query}
      empty={empty}
      columns={[
        { header: title, cell: (s) => s.query },
        { header: 'Count', cell: (s) => s.count, className: 'text-right' },
      ]}
    />
  );
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

function Kpi({ label, now, before, format }: { label: string; now: number; before: number; format: (n: number) => string }) {
  const delta = change(now, before);
  return (
    <div className="rounded border p-3">
      <p className="text-xs uppercase text-gray-600">{label}</p>
      <p className="text-2xl font-semibold" data-testid={`kpi-${label}`}>
        {format(now)}
      </p>
      <p className={`text-xs ${delta.startsWith('-') ? 'text-red-700' : 'text-green-800'}`}>
        {delta} <span className="text-gray-500">vs {format(before)}</span>
      </p>
    </div>
  );
}

export default function DashboardPage() {
  // Support staff have no reports: their home is the orders list.
  return useCan()('reports:read') ? <Dashboard /> : <Navigate to="orders" replace />;
}

function Dashboard() {
  const f = useUrlFilters();
  const fallback = lastDays(30);
  const period = { from: f.get('from') ?? fallback.from, to: f.get('to') ?? fallback.to };
  const { data, error, isFetching } = useDashboardQuery(period);
  return (
    <>
      <PageHeader title="Dashboard">
        {PRESETS.map((days) => {
          const range = lastDays(days);
          const active = period.from === range.from && period.to === range.to;
          return (
            <button
              key={days}
              type="button"
              className={active ? 'btn-primary' : 'btn'}
              aria-pressed={active}
              onClick={() => f.setAll(range)}
            >
              {days} days
            </button>
          );
        })}
      </PageHeader>
      <form aria-label="Period" className="mb-4 flex gap-3" onSubmit={(e) => e.preventDefault()}>
        {(['from', 'to'] as const).map((key) => (
          <Field key={key} label={key === 'from' ? 'From' : 'To'}>
            <input
              type="date"
              className="input"
              value={period[key]}
              max={fallback.to}
              onChange={(e) => e.target.value && f.setAll({ ...period, [key]: e.target.value })}
            />
          </Field>
        ))}
        {isFetching && <span className="self-end text-sm text-gray-500">Refreshing…</span>}
      </form>
      {error ? <p role="alert">The report could not be loaded.</p> : data ? <Report report={data} /> : <p>Loading…</p>}
    </>
  );
}

function Report({ report }: { report: DashboardReport }) {
  const money = (amount: number) => formatMoney({ amount, currency: report.currency });
  const kpis: { label: string; key: keyof Kpis; format: (n: number) => string }[] = [
    { label: 'Revenue', key: 'revenue', format: money },
    { label: 'Orders', key: 'orders', format: String },
    { label: 'Average order', key: 'averageOrderValue', format: money },
    { label: 'Visitors', key: 'visitors', format: String },
    { label: 'Conversion', key: 'conversionRate', format: percent },
    { label: 'Cart abandonment', key: 'cartAbandonmentRate', format: percent },
  ];
  const sales = report.salesByDay.map((d) => ({ ...d, revenue: d.revenue / 100, previousRevenue: d.previousRevenue / 100 }));
  const funnel = [
    { step: 'Visitors', count: report.funnel.visitors },
    { step: 'Viewed a product', count: report.funnel.productViews },
    { step: 'Added to cart', count: report.funnel.addToCart },
    { step: 'Started checkout', count: report.funnel.checkoutStarted },
    { step: 'Purchased', count: report.funnel.purchases },
  ];
  return (
    <div className="space-y-6">
      <p className="text-sm text-gray-600">
        {report.period.from} to {report.period.to}, compared with {report.comparison.from} to {report.comparison.to}.
      </p>
      <section aria-label="Key figures" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {kpis.map((k) => (
          <Kpi key={k.key} label={k.label} now={report.current[k.key]} before={report.previous[k.key]} format={k.format} />
        ))}
      </section>
      <section aria-labelledby="sales-chart" className="rounded border p-3">
        <h2 id="sales-chart" className="mb-2 font-semibold">
          Sales over time ({report.currency})
        </h2>
        <div className="h-72" role="img" aria-label={`Revenue per day; ${report.current.orders} orders in the period`}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={sales}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="date" tick={{ fontSize: 11 }} />
              <YAxis tick={{ fontSize: 11 }} />
              <Tooltip />
              <Legend />
              <Line type="monotone" dataKey="revenue" name="This period" stroke="#111827" dot={false} isAnimationActive={false} />
              <Line
                type="monotone"
                dataKey="previousRevenue"
                name="Previous period"
                stroke="#9ca3af"
                strokeDasharray="4 4"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="funnel" className="rounded border p-3">
          <h2 id="funnel" className="mb-2 font-semibold">
            Conversion funnel
          </h2>
          <div className="h-56">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={funnel} layout="vertical" margin={{ left: 40 }}>
                <XAxis type="number" tick={{ fontSize: 11 }} />
                <YAxis type="category" dataKey="step" width={120} tick={{ fontSize: 11 }} />
                <Tooltip />
                <Bar dataKey="count" fill="#374151" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </section>
        <section aria-labelledby="top-products">
          <h2 id="top-products" className="mb-2 font-semibold">
            Top products
          </h2>
          <DataTable
            caption="Top products by revenue"
            rows={report.topProducts}
            rowKey={(p) => p.productId}
            empty="No sales in this period."
            columns={[
              {
                header: 'Product',
                cell: (p) => (
                  <Link className="underline" to={`/admin/products/${p.productId}`}>
                    {p.title}
                  </Link>
                ),
              },
              { header: 'Units', cell: (p) => p.unitsSold, className: 'text-right' },
              { header: 'Revenue', cell: (p) => money(p.revenue), className: 'text-right' },
            ]}
          />
        </section>
        <section aria-labelledby="low-stock">
          <h2 id="low-stock" className="mb-2 font-semibold">
            Low stock
          </h2>
          <DataTable
            caption="Variants at or under their low-stock threshold"
            rows={report.lowStock}
            rowKey={(v) => v.variantId}
            highlight={() => true}
            empty="Nothing is running low."
            columns={[
              {
                header: 'SKU',
                cell: (v) => (
                  <Link className="underline" to={`/admin/inventory?q=${encodeURIComponent(v.sku)}`}>
                    {v.sku}
                  </Link>
                ),
              },
              { header: 'Product', cell: (v) => v.productTitle },
              { header: 'Available', cell: (v) => `${v.available} / ${v.threshold}`, className: 'text-right' },
            ]}
          />
        </section>
        <section aria-labelledby="searches" className="grid grid-cols-2 gap-3">
          <h2 id="searches" className="col-span-2 font-semibold">
            Searches
          </h2>
          <SearchTerms title="Top searches" terms={report.topSearches} empty="No searches." />
          <SearchTerms title="No results" terms={report.zeroResultSearches} empty="None — good." />
        </section>
      </div>
    </div>
  );
}
