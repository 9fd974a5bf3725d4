import type { AnalyticsEventType } from '@bazaar/shared';
import type { StoredEvent } from '../../../src/modules/analytics';
import { createWorker } from '../../../src/worker-factory';
import { FakeClock } from '../../support/fakes';
import { createProduct } from '../../support/shop';
import { createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
// 02:00 on the 24th: the nightly slot (01:30) and the hourly one (01:50) have passed.
const clock = new FakeClock(Date.UTC(2026, 10, 24, 2, 0));
beforeAll(async () => {
  t = await createTestApp({}, { clock });
});
afterAll(() => t.close());

const DAYS = ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
const TYPES: AnalyticsEventType[] = [
  'page_view',
  'page_view',
  'product_view',
  'product_view',
  'add_to_cart',
  'checkout_started',
  'purchase',
  'search',
  'search',
];
const PRODUCTS = Array.from({ length: 5 }, (_, i) => `aaaaaaaa-0000-4000-8000-00000000000${i}`);
const QUERIES = ['shoes', 'red shoes', 'hat', 'café', 'zzyzx'];
const VISITORS = Array.from({ length: 25 }, (_, i) => `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`);

/** A small seeded generator, so the "varied" events are the same every run. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function seedEvents(): StoredEvent[] {
  const rand = mulberry32(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const events: StoredEvent[] = [];
  DAYS.forEach((day, d) => {
    const start = Date.parse(`${day}T00:00:00.000Z`);
    // Busier days later in the week; the first and last instants of each day are used too.
    const n = 60 + d * 25;
    for (let i = 0; i < n; i++) {
      const at = i === 0 ? start : i === 1 ? start + 86_400_000 - 1 : start + Math.floor(rand() * 86_400_000);
      const type = pick(TYPES);
      const visitorId = pick(VISITORS.slice(0, 10 + d * 3));
      const base = {
        visitorId,
        userId: rand() < 0.2 ? '99999999-0000-4000-8000-000000000000' : null,
        type,
        productId: null,
        query: null,
        resultCount: null,
        properties: null,
        occurredAt: new Date(at),
      };
      if (type === 'product_view' || type === 'add_to_cart') events.push({ ...base, productId: pick(PRODUCTS) });
      else if (type === 'search') {
        const query = pick(QUERIES);
        events.push({ ...base, query, resultCount: query === 'zzyzx' ? 0 : rand() < 0.15 ? 0 : 1 + Math.floor(rand() * 40) });
      } else events.push(base);
    }
  });
  return events;
}

const dayOf = (e: StoredEvent) => e.occurredAt.toISOString().slice(0, 10);
const distinct = (xs: string[]) => new Set(xs).size;

/** The expected daily row computed in JavaScript from the seeded list (event columns only). */
function expectedFromList(events: StoredEvent[], day: string) {
  const es = events.filter((e) => dayOf(e) === day);
  const of = (type: AnalyticsEventType) => es.filter((e) => e.type === type);
  const visitors = distinct(es.map((e) => e.visitorId));
  const atcVisitors = distinct(of('add_to_cart').map((e) => e.visitorId));
  return {
    visitors,
    page_views: of('page_view').length,
    product_views: of('product_view').length,
    product_view_visitors: distinct(of('product_view').map((e) => e.visitorId)),
    add_to_carts: of('add_to_cart').length,
    add_to_cart_visitors: atcVisitors,
    checkout_started_visitors: distinct(of('checkout_started').map((e) => e.visitorId)),
    purchases: of('purchase').length,
    purchase_visitors: distinct(of('purchase').map((e) => e.visitorId)),
    searches: of('search').length,
    zero_result_searches: of('search').filter((e) => e.resultCount === 0).length,
    add_to_cart_rate: visitors ? atcVisitors / visitors : 0,
  };
}

const n = (v: unknown) => Number(v);
const ONE_DAY = 86_400_000;

/** Every roll-up column of one day, counted straight from the raw tables. */
async function directCounts(day: string) {
  const db = t.container.db;
  const count = async (sql: string, params: unknown[] = []) => n((await db.one<{ n: number }>(sql, [...params, day]))!.n);
  const events = (where: string) => count(`SELECT COUNT(*) AS n FROM analytics_events WHERE ${where} AND DATE(occurred_at) = ?`);
  const visitors = (where: string) =>
    count(`SELECT COUNT(DISTINCT visitor_id) AS n FROM analytics_events WHERE ${where} AND DATE(occurred_at) = ?`);
  const row = {
    visitors: await visitors('1 = 1'),
    page_views: await events("type = 'page_view'"),
    product_views: await events("type = 'product_view'"),
    product_view_visitors: await visitors("type = 'product_view'"),
    add_to_carts: await events("type = 'add_to_cart'"),
    add_to_cart_visitors: await visitors("type = 'add_to_cart'"),
    checkout_started_visitors: await visitors("type = 'checkout_started'"),
    purchases: await events("type = 'purchase'"),
    purchase_visitors: await visitors("type = 'purchase'"),
    searches: await events("type = 'search'"),
    zero_result_searches: await events("type = 'search' AND result_count = 0"),
    carts_converted: await count('SELECT COUNT(DISTINCT cart_id) AS n FROM orders WHERE cart_id IS NOT NULL AND DATE(paid_at) = ?'),
    carts_abandoned: await count(
      'SELECT COUNT(*) AS n FROM carts WHERE id IN (SELECT cart_id FROM cart_items) AND updated_at < ? AND DATE(updated_at) = ?',
      [new Date(clock.now().getTime() - ONE_DAY)],
    ),
  };
  return {
    ...row,
    add_to_cart_rate: row.visitors ? row.add_to_cart_visitors / row.visitors : 0,
    cart_abandonment_rate:
      row.carts_abandoned + row.carts_converted ? row.carts_abandoned / (row.carts_abandoned + row.carts_converted) : 0,
  };
}

async function rolledUpDay(day: string) {
  const row = await t.container.db.one<Record<string, unknown>>('SELECT * FROM analytics_daily WHERE day = ?', [day]);
  if (!row) return undefined;
  const { day: _day, computed_at: _at, ...columns } = row;
  return Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, n(v)]));
}

async function rollupTables() {
  const db = t.container.db;
  return {
    daily: await db.select(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, visitors, page_views, searches, carts_abandoned FROM analytics_daily ORDER BY day",
    ),
    products: await db.select(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, product_id, views, add_to_carts FROM analytics_daily_products ORDER BY day, product_id",
    ),
    searches: await db.select(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, query, searches, zero_results FROM analytics_daily_searches ORDER BY day, query",
    ),
  };
}

async function runRollup(days: string[]) {
  await t.container.jobs.enqueue('analytics.rollup-daily', { days });
  await t.runJobs();
}

async function seedCartsAndOrders() {
  const db = t.container.db;
  const variant = (await createProduct(t, { stock: 100 })).variants[0]!.id;
  const at = (iso: string) => new Date(iso);
  const carts: [string, string, boolean][] = [
    ['cccccccc-0000-4000-8000-000000000001', '2026-11-20T10:00:00Z', true], // abandoned on the 20th
    ['cccccccc-0000-4000-8000-000000000002', '2026-11-20T12:00:00Z', false], // emptied: not abandoned
    ['cccccccc-0000-4000-8000-000000000003', '2026-11-22T08:00:00Z', true], // abandoned on the 22nd
    ['cccccccc-0000-4000-8000-000000000004', '2026-11-22T23:59:59.999Z', true], // abandoned on the 22nd (last instant)
    ['cccccccc-0000-4000-8000-000000000005', '2026-11-23T00:30:00Z', true], // idle 25.5 h at 02:00 on the 24th: abandoned
    ['cccccccc-0000-4000-8000-000000000006', '2026-11-23T23:30:00Z', true], // idle 2.5 h: not yet abandoned
  ];
  for (const [id, updated, items] of carts) {
    await db.execute('INSERT INTO carts (id, user_id, created_at, updated_at) VALUES (?, NULL, ?, ?)', [id, at(updated), at(updated)]);
    if (items)
      await db.execute(
        'INSERT INTO cart_items (id, cart_id, variant_id, quantity, seen_unit_price, created_at) VALUES (UUID(), ?, ?, 1, 2500, ?)',
        [id, variant, at(updated)],
      );
  }
  // Converted carts: paid orders keep the (deleted) cart's id; an unpaid order converts nothing.
  const orders: [string | null, string | null][] = [
    ['dddddddd-0000-4000-8000-000000000001', '2026-11-21T09:00:00Z'],
    ['dddddddd-0000-4000-8000-000000000002', '2026-11-21T23:00:00Z'],
    ['dddddddd-0000-4000-8000-000000000003', '2026-11-22T00:00:00Z'],
    ['dddddddd-0000-4000-8000-000000000004', null],
    [null, '2026-11-21T10:00:00Z'],
  ];
  let number = 0;
  for (const [cartId, paidAt] of orders) {
    await db.execute(
      `INSERT INTO orders (id, number, email, status, payment_status, currency, subtotal, discount, shipping, tax, total, cart_id, shipping_method_name, shipping_address, created_at, updated_at, paid_at)
       VALUES (UUID(), ?, 'x@example.com', ?, ?, 'USD', 1000, 0, 0, 0, 1000, ?, 'Standard', '{}', ?, ?, ?)`,
      [
        `RU-${++number}`,
        paidAt ? 'paid' : 'pending_payment',
        paidAt ? 'paid' : 'pending',
        cartId,
        at(paidAt ?? '2026-11-21T12:00:00Z'),
        at(paidAt ?? '2026-11-21T12:00:00Z'),
        paidAt ? at(paidAt) : null,
      ],
    );
  }
}

describe('daily analytics roll-ups', () => {
  let events: StoredEvent[];
  beforeAll(async () => {
    events = seedEvents();
    const repo = t.container.analytics['events'];
    for (let i = 0; i < events.length; i += 200) await repo.insert(events.slice(i, i + 200));
    await seedCartsAndOrders();
  });

  it('equal direct counts on seeded events: every column of every day, and the per-product and per-search tables', async () => {
    await runRollup(DAYS);
    for (const day of DAYS) {
      const direct = await directCounts(day);
      const rolled = await rolledUpDay(day);
      expect({ day, ...rolled }).toEqual({
        day,
        ...direct,
        add_to_cart_rate: expect.closeTo(direct.add_to_cart_rate, 6),
        cart_abandonment_rate: expect.closeTo(direct.cart_abandonment_rate, 6),
      });
      // The event columns also match an independent count in JavaScript over the seeded list.
      const fromList = expectedFromList(events, day);
      expect(rolled).toMatchObject({ ...fromList, add_to_cart_rate: expect.closeTo(fromList.add_to_cart_rate, 6) });
    }
    // The cart fixtures: abandoned 1 on the 20th, 2 on the 22nd, 1 on the 23rd; converted 2 on the 21st, 1 on the 22nd.
    const carts = await t.container.db.select<{ day: string; carts_abandoned: number; carts_converted: number }>(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, carts_abandoned, carts_converted FROM analytics_daily ORDER BY day",
    );
    expect(carts.map((r) => [r.day, n(r.carts_abandoned), n(r.carts_converted)])).toEqual([
      ['2026-11-19', 0, 0],
      ['2026-11-20', 1, 0],
      ['2026-11-21', 0, 2],
      ['2026-11-22', 2, 1],
      ['2026-11-23', 1, 0],
    ]);

    const products = await t.container.db.select<Record<string, unknown>>(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, product_id, views, add_to_carts FROM analytics_daily_products ORDER BY day, product_id",
    );
    const directProducts = await t.container.db.select<Record<string, unknown>>(
      `SELECT DATE_FORMAT(occurred_at, '%Y-%m-%d') AS day, product_id, SUM(type = 'product_view') AS views, SUM(type = 'add_to_cart') AS add_to_carts
         FROM analytics_events WHERE product_id IS NOT NULL AND DATE(occurred_at) BETWEEN ? AND ? GROUP BY day, product_id ORDER BY day, product_id`,
      [DAYS[0], DAYS.at(-1)],
    );
    const norm = (rows: Record<string, unknown>[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : n(v)])));
    expect(norm(products)).toEqual(norm(directProducts));
    expect(products.length).toBeGreaterThan(DAYS.length);

    const searches = await t.container.db.select<Record<string, unknown>>(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day, query, searches, zero_results FROM analytics_daily_searches ORDER BY day, query",
    );
    const directSearches = await t.container.db.select<Record<string, unknown>>(
      `SELECT DATE_FORMAT(occurred_at, '%Y-%m-%d') AS day, query, COUNT(*) AS searches, SUM(result_count = 0) AS zero_results
         FROM analytics_events WHERE type = 'search' AND DATE(occurred_at) BETWEEN ? AND ? GROUP BY day, query ORDER BY day, query`,
      [DAYS[0], DAYS.at(-1)],
    );
    expect(norm(searches)).toEqual(norm(directSearches));
    expect(searches.some((s) => s.query === 'café')).toBe(true);
    expect(searches.filter((s) => s.query === 'zzyzx').every((s) => n(s.zero_results) === n(s.searches))).toBe(true);
  });

  it('is idempotent: running a day again replaces its rows, and follows the raw events when they change', async () => {
    await runRollup(DAYS);
    const once = await rollupTables();
    await runRollup(DAYS);
    expect(await rollupTables()).toEqual(once);

    // Every search of one query on the 21st goes away, and a new one arrives: the day is rebuilt whole.
    await t.container.db.execute(
      "DELETE FROM analytics_events WHERE type = 'search' AND query = 'hat' AND DATE(occurred_at) = '2026-11-21'",
    );
    await t.container.analytics['events'].insert([
      {
        visitorId: VISITORS[0]!,
        userId: null,
        type: 'search',
        productId: null,
        query: 'new query',
        resultCount: 0,
        properties: null,
        occurredAt: new Date('2026-11-21T13:00:00Z'),
      },
    ]);
    await runRollup(['2026-11-21']);
    const day21 = await t.container.db.select<{ query: string }>("SELECT query FROM analytics_daily_searches WHERE day = '2026-11-21'");
    expect(day21.map((r) => r.query)).toContain('new query');
    expect(day21.map((r) => r.query)).not.toContain('hat');
    expect(await rolledUpDay('2026-11-21')).toEqual({
      ...(await directCounts('2026-11-21')),
      add_to_cart_rate: expect.any(Number),
      cart_abandonment_rate: expect.any(Number),
    });
    const after = await rollupTables();
    expect(after.daily.filter((r) => (r as { day: string }).day !== '2026-11-21')).toEqual(
      once.daily.filter((r) => (r as { day: string }).day !== '2026-11-21'),
    );
  });

  it('runs on its schedules: nightly for yesterday and the day before, hourly for today', async () => {
    for (const table of ['analytics_daily', 'analytics_daily_products', 'analytics_daily_searches'])
      await t.container.db.execute(`DELETE FROM ${table}`);
    await createWorker(t.container, { schedules: true }).drain();
    const days = await t.container.db.select<{ day: string }>(
      "SELECT DATE_FORMAT(day, '%Y-%m-%d') AS day FROM analytics_daily ORDER BY day",
    );
    expect(days.map((d) => d.day)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(await rolledUpDay('2026-11-23')).toMatchObject({ visitors: (await directCounts('2026-11-23')).visitors });
  });
});
