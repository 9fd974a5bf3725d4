import { z } from 'zod';
import type { JobDefinition } from './job.types';

const WebhookDelivery = z.object({ deliveryId: z.number().int().min(1) });

export interface WebhookJobServices {
  webhooks: {
    /** One attempt of a delivery; HTTP failures are recorded and rescheduled by the service, not thrown. */
    deliver(deliveryId: number): Promise<string>;
    /** Gives each endpoint's due delivery a job again (in case one was lost); resolves to how many. */
    sweep(): Promise<number>;
    /** Deletes events (and their delivery logs) past the retention; resolves to how many. */
    prune(): Promise<number>;
  };
}

/** Outgoing webhooks: one job per delivery attempt, and a sweep that keeps no endpoint stalled. */
export const webhookJobs: JobDefinition<unknown, WebhookJobServices>[] = [
  {
    name: 'webhooks.deliver',
    queue: 'webhooks',
    maxAttempts: 5,
    run: async (payload, { services, logger }) => {
      const { deliveryId } = WebhookDelivery.parse(payload);
      const outcome = await services.webhooks.deliver(deliveryId);
      logger.debug({ deliveryId, outcome }, 'webhook delivery');
    },
  },
  {
    name: 'webhooks.sweep',
    queue: 'webhooks',
    schedule: '*/5 * * * *',
    run: async (_p, { services, logger }) => {
      const kicked = await services.webhooks.sweep();
      if (kicked) logger.info({ kicked }, 'webhook deliveries given their jobs again');
    },
  },
  {
    name: 'webhooks.prune',
    queue: 'webhooks',
    schedule: '40 3 * * *',
    run: async (_p, { services, logger }) => {
      const pruned = await services.webhooks.prune();
      if (pruned) logger.info({ pruned }, 'old webhook events deleted');
    },
  },
];
