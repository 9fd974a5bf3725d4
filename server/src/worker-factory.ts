import { allJobs, type JobServices } from '@bazaar/jobs';
import type { Container } from './container';
import { CART_ABANDONED_AFTER_MS } from './modules/analytics';
import { Worker, type WorkerOptions } from './modules/jobs';

/** Each job family's services, taken from the container: a family gets what it declares and nothing else. */
export function jobServices(c: Container): JobServices {
  return {
    email: { email: c.email },
    cleanup: { sessions: c.sessions, accounts: c.accounts, emailDeliveries: c.emailDeliveries, jobs: c.jobs, clock: c.clock },
    inventory: { lowStockAlerts: c.lowStockAlerts },
    catalog: { catalog: c.catalog },
    orders: {
      orders: c.orders,
      idempotency: c.idempotency,
      // Analytics counts a cart as abandoned after the same idle time.
      carts: { sweepIdle: () => c.carts.sweepIdle(CART_ABANDONED_AFTER_MS) },
      clock: c.clock,
    },
    search: { search: c.search },
    analytics: { analyticsRollup: c.analyticsRollup },
    giftCards: { giftCards: { deliver: (delivery) => c.balances.deliverGiftCard(delivery) } },
    webhooks: { webhooks: c.webhooks },
  };
}

/** A queue worker running every job family of `@bazaar/jobs`, each bound to its own services from the container. */
export function createWorker(container: Container, options: WorkerOptions = {}): Worker {
  return new Worker(
    container.db,
    allJobs(jobServices(container)),
    undefined,
    container.logger.child({ component: 'worker' }),
    container.clock,
    options,
  );
}
