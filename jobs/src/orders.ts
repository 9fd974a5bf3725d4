import type { JobClock, JobDefinition } from './job.types';

/** How old a pending payment must be before the provider is asked about it. */
const RECONCILE_AFTER_MS = 10 * 60_000;
/** How long Idempotency-Key records are kept. */
const IDEMPOTENCY_KEEP_MS = 7 * 86_400_000;

export interface OrderJobServices {
  orders: {
    expireReservations(): Promise<number>;
    reconcile(olderThanMs: number): Promise<number>;
  };
  idempotency: { prune(olderThan: Date): Promise<number> };
  /** Idle carts: marked abandoned after a day (analytics), deleted after 30 days. */
  carts: { sweepIdle(): Promise<{ abandoned: number; deleted: number }> };
  clock: JobClock;
}

export const orderJobs: JobDefinition<unknown, OrderJobServices>[] = [
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
      await services.idempotency.prune(new Date(services.clock.now().getTime() - IDEMPOTENCY_KEEP_MS));
    },
  },
  {
    name: 'carts.mark-abandoned',
    schedule: '25 * * * *',
    run: async (_p, { services, logger }) => {
      const swept = await services.carts.sweepIdle();
      if (swept.abandoned || swept.deleted) logger.info(swept, 'idle carts swept');
    },
  },
];
