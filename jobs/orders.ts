import { CART_ABANDONED_AFTER_MS } from '../server/src/modules/analytics';
import type { JobDefinition } from '../server/src/modules/jobs';
import type { JobServices } from './index';

/** How old a pending payment must be before the provider is asked about it. */
const RECONCILE_AFTER_MS = 10 * 60_000;

export const orderJobs: JobDefinition<unknown, JobServices>[] = [
  {
    // Unpaid orders past their reservation: cancelled, stock and coupon released (unless payment succeeded).
    name: 'orders.expire-reservations',
    schedule: '* * * * *',
    run: async (_p, { services, logger }) => {
      const expired = await services.orders.expireReservations();
      if (expired) logger.info({ expired }, 'expired unpaid orders');
    },
  },
  {
    // Covers lost webhooks: the provider's view of stale pending payments goes through the same processor.
    name: 'payments.reconcile',
    schedule: '*/10 * * * *',
    run: async (_p, { services, logger }) => {
      const applied = await services.orders.reconcile(RECONCILE_AFTER_MS);
      if (applied) logger.warn({ applied }, 'reconciliation applied payment states a webhook had not delivered');
    },
  },
  {
    name: 'orders.prune-idempotency-keys',
    schedule: '40 3 * * *',
    run: async (_p, { services }) => {
      await services.idempotency.prune(new Date(services.clock.now().getTime() - 7 * 86_400_000));
    },
  },
  {
    // Carts untouched for a day are marked abandoned (analytics); after 30 days they are deleted.
    name: 'carts.mark-abandoned',
    schedule: '25 * * * *',
    run: async (_p, { services }) => {
      const now = services.clock.now().getTime();
      await services.db.execute('UPDATE carts SET abandoned_at = ? WHERE abandoned_at IS NULL AND updated_at < ?', [
        new Date(now),
        new Date(now - CART_ABANDONED_AFTER_MS),
      ]);
      await services.db.execute('DELETE FROM carts WHERE updated_at < ?', [new Date(now - 30 * 86_400_000)]);
    },
  },
];
