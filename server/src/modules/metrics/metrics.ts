import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Container } from '../../container';
import { unauthenticated } from '../../lib/errors';

/**
 * Prometheus metrics. Counters and histograms are updated where things happen; gauges that
 * describe the database (queue depth, active sessions) are read when Prometheus scrapes.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'bazaar_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly ordersPaid = new Counter({ name: 'bazaar_orders_paid_total', help: 'Orders that became paid', registers: [this.registry] });
  readonly revenue = new Counter({
    name: 'bazaar_revenue_minor_units_total',
    help: 'Revenue of paid orders in minor units',
    labelNames: ['currency'] as const,
    registers: [this.registry],
  });
  readonly webhookOutcomes = new Counter({
    name: 'bazaar_payment_events_total',
    help: 'Payment events (Stripe webhooks, manual confirmations) by outcome',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly socketConnections = new Gauge({
    name: 'bazaar_socket_connections',
    help: 'Open socket.io connections in this process',
    registers: [this.registry],
  });

  constructor(container: Container) {
    collectDefaultMetrics({ register: this.registry, prefix: 'bazaar_' });
    const { catalogCache, sessionStore, sequelize } = container;

    new Gauge({
      name: 'bazaar_cache_hits_total',
      help: 'node-cache hits per cache (this process)',
      labelNames: ['cache'] as const,
      registers: [this.registry],
      collect() {
        for (const [name, s] of Object.entries(catalogCache.stats)) this.set({ cache: name }, s.hits);
        this.set({ cache: 'sessions' }, sessionStore.hits.hit);
      },
    });
    new Gauge({
      name: 'bazaar_cache_misses_total',
      help: 'node-cache misses per cache (this process)',
      labelNames: ['cache'] as const,
      registers: [this.registry],
      collect() {
        for (const [name, s] of Object.entries(catalogCache.stats)) this.set({ cache: name }, s.misses);
        this.set({ cache: 'sessions' }, sessionStore.hits.miss);
      },
    });
    new Gauge({
      name: 'bazaar_job_queue_jobs',
      help: 'Jobs per queue and status',
      labelNames: ['queue', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        // Without the database these series are left out of the scrape; the rest of it still answers.
        const rows = await container.jobs.stats().catch(() => []);
        for (const row of rows) this.set({ queue: row.queue, status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'bazaar_sessions_active',
      help: 'Sessions that have not expired (signed in or guest)',
      registers: [this.registry],
      async collect() {
        this.reset();
        // Left out of the scrape without the database, like the job series.
        const active = await container.sessions.countActive().catch(() => undefined);
        if (active !== undefined) this.set(active);
      },
    });
    new Gauge({
      name: 'bazaar_db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = (
          sequelize.connectionManager as unknown as { pool?: { size?: number; available?: number; using?: number; waiting?: number } }
        ).pool;
        this.set({ state: 'size' }, pool?.size ?? 0);
        this.set({ state: 'available' }, pool?.available ?? 0);
        this.set({ state: 'using' }, pool?.using ?? 0);
        this.set({ state: 'waiting' }, pool?.waiting ?? 0);
      },
    });

    container.orderWorkflow.onChange((event, order) => {
      if (event === 'status' && order.status === 'paid') {
        this.ordersPaid.inc();
        this.revenue.inc({ currency: order.currency }, Number(order.total));
      }
    });
    container.payments.onProcessed((provider, outcome) => this.webhookOutcomes.inc({ provider, outcome }));
  }

  /** Times every request, labelled by the route pattern (never the raw URL, which would explode the series). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        const route =
          req.matchedRoute ??
          (req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? 'unmatched' : req.baseUrl || 'other');
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  /** GET /metrics: only with the bearer token from METRICS_TOKEN (without one configured, metrics are off). */
  handler(token: string | undefined): RequestHandler {
    return async (req, res, next) => {
      const given = (req.get('authorization') ?? '').replace(/^Bearer\s+/i, '');
      const ok = !!token && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
      if (!ok) return next(unauthenticated('Metrics need the bearer token from METRICS_TOKEN.'));
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}
