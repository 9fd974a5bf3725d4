import { randomBytes } from 'node:crypto';
import {
  WEBHOOK_API_VERSION,
  type WebhookEventDataOf,
  type WebhookEventType,
  type WebhookPayload,
  type WebhookPayloadType,
} from '@bazaar/shared';
import type { Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import type { JobQueue } from '../jobs';
import type { WebhooksRepository } from './webhooks.repository';

/** The delivery job (top-level `jobs/src/webhooks.ts`), one per delivery, on its own queue. */
export const WEBHOOK_DELIVER_JOB = 'webhooks.deliver';
export const WEBHOOK_QUEUE = 'webhooks';

/**
 * What the modules that change things call: `publish` writes the event and its deliveries and
 * enqueues their jobs in the caller's transaction, so an event exists exactly when its change
 * committed. The container hands it to each module (they depend on this interface only).
 */
export interface WebhookEvents {
  /** `data` may be a loader: it runs (in the transaction) only when an endpoint listens, so an unheard event costs one read. */
  publish<T extends WebhookEventType>(
    type: T,
    data: WebhookEventDataOf<T> | (() => Promise<WebhookEventDataOf<T>>),
    tx: Transaction,
  ): Promise<void>;
}

/** Publishes nothing: for modules built without webhooks (tests of one module, tools). */
export const noWebhookEvents: WebhookEvents = { publish: async () => undefined };

export const newEventId = () => `evt_${randomBytes(16).toString('hex')}`;

export class WebhookPublisher implements WebhookEvents {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async publish<T extends WebhookEventType>(
    type: T,
    data: WebhookEventDataOf<T> | (() => Promise<WebhookEventDataOf<T>>),
    tx: Transaction,
  ): Promise<void> {
    // Read in the transaction: an endpoint subscribed before this change commits receives it.
    const endpoints = await this.repo.subscribed(type, tx);
    // Nobody listens: nothing is stored (an event is kept only to be delivered).
    if (!endpoints.length) return;
    await this.write(
      type,
      typeof data === 'function' ? await data() : data,
      endpoints.map((e) => e.id),
      tx,
    );
  }

  /** The event (its body fixed now, the same bytes on every attempt), one delivery per endpoint, and their jobs. */
  async write(type: WebhookPayloadType, data: object, endpointIds: string[], tx?: Transaction): Promise<number[]> {
    const now = this.clock.now();
    const payload: WebhookPayload = {
      id: newEventId(),
      type,
      apiVersion: WEBHOOK_API_VERSION,
      createdAt: now.toISOString(),
      data: { ...data },
    };
    await this.repo.insertEvent({ id: payload.id, type, body: JSON.stringify(payload), createdAt: now }, tx);
    return this.deliver(payload.id, endpointIds, tx);
  }

  /** New deliveries of a stored event (a publish, or staff redelivering it). */
  async deliver(eventId: string, endpointIds: string[], tx?: Transaction): Promise<number[]> {
    const now = this.clock.now();
    const ids = await this.repo.insertDeliveries(
      endpointIds.map((endpointId) => ({ eventId, endpointId, createdAt: now })),
      tx,
    );
    for (const deliveryId of ids)
      await this.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId }, { queue: WEBHOOK_QUEUE, maxAttempts: 5 }, tx);
    return ids;
  }
}
