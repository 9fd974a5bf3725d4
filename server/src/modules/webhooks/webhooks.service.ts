import { randomBytes } from 'node:crypto';
import type {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryListQuery,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
  WebhookPayloadType,
} from '@bazaar/shared';
import type { Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { conflict, notFound } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { SecretBox } from '../../lib/secret-box';
import { newId } from '../../lib/tokens';
import type { AuditService } from '../audit';
import { webhookDisabledMessage, type Mailer } from '../email';
import type { JobQueue } from '../jobs';
import { WEBHOOK_DELIVER_JOB, WEBHOOK_QUEUE, type WebhookPublisher } from './webhook-publisher';
import type { WebhookSender } from './webhook-sender';
import { signatureHeader } from './webhook-signature';
import { checkEndpointUrl } from './webhook-url';
import type { AttemptRow, DeliveryRow, EndpointRow, WebhooksRepository } from './webhooks.repository';

const HOUR = 3_600_000;
/** A delivery is retried for a day; an endpoint that has failed every attempt for a day is disabled. */
export const RETRY_WINDOW_MS = 24 * HOUR;
/** How long events and their delivery logs are kept (they hold order and customer data). */
export const EVENT_RETENTION_MS = 30 * 24 * HOUR;
/** After a rotation the previous secret signs too (a second `v1=`) for this long. */
export const PREVIOUS_SECRET_MS = 24 * HOUR;

/** The wait before attempt n+1: 30 s · 2^(n−1), at most an hour, ±20 % jitter (30 s, 1 min, 2 min … 1 h, 1 h …). */
export function retryDelay(attempt: number, random = Math.random()): number {
  const base = Math.min(HOUR, 30_000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + random * 0.4));
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export interface WebhooksDeps {
  db: Db;
  repo: WebhooksRepository;
  publisher: WebhookPublisher;
  jobs: JobQueue;
  sender: WebhookSender;
  secrets: SecretBox;
  clock: Clock;
  audit: AuditService;
  mailer: Mailer;
  /** Who is told when an endpoint is disabled: staff with `settings:write`. */
  staffEmails(): Promise<string[]>;
  /** WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  timeoutMs: number;
  adminUrl: string;
  logger: Logger;
}

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'waiting' | 'skipped';

/** Staff's endpoints and delivery log, and the delivery of each event (at least once, in order per endpoint). */
export class WebhooksService {
  constructor(private readonly d: WebhooksDeps) {}

  private toDto(e: EndpointRow): WebhookEndpoint {
    return {
      id: e.id,
      url: e.url,
      description: e.description,
      events: e.events,
      enabled: Boolean(e.enabled),
      disabledReason: e.disabledReason,
      failingSince: iso(e.failingSince),
      secretHint: e.secretHint,
      createdAt: iso(e.createdAt)!,
      updatedAt: iso(e.updatedAt)!,
    };
  }

  private async row(id: string): Promise<EndpointRow> {
    const e = await this.d.repo.endpoint(id);
    if (!e) throw notFound('The webhook endpoint');
    return e;
  }

  async list(): Promise<WebhookEndpoint[]> {
    return (await this.d.repo.endpoints()).map((e) => this.toDto(e));
  }

  async get(id: string): Promise<WebhookEndpoint> {
    return this.toDto(await this.row(id));
  }

  /** A new endpoint (URL refused with 400 if it is not https or reaches a private address); its secret is answered this once. */
  async create(input: WebhookEndpointInput, actorUserId: string | null): Promise<WebhookEndpointWithSecret> {
    await checkEndpointUrl(input.url, this.d.allowPrivate);
    const now = this.d.clock.now();
    const secret = newSecret();
    const id = newId();
    await this.d.db.transaction(async (tx) => {
      await this.d.repo.insertEndpoint(
        {
          id,
          url: input.url,
          description: input.description ?? '',
          events: [...new Set(input.events)],
          enabled: input.enabled ?? true,
          disabledReason: null,
          secretSealed: this.d.secrets.seal(secret),
          secretHint: secret.slice(-4),
          previousSecretSealed: null,
          previousSecretExpiresAt: null,
          failingSince: null,
          createdAt: now,
          updatedAt: now,
        },
        tx,
      );
      await this.d.audit.record('webhook_endpoint_created', { actorUserId }, { endpointId: id, url: input.url, events: input.events }, tx);
    });
    return { ...(await this.get(id)), secret };
  }

  async update(id: string, changes: WebhookEndpointUpdate, actorUserId: string | null): Promise<WebhookEndpoint> {
    const current = await this.row(id);
    if (changes.url !== undefined && changes.url !== current.url) await checkEndpointUrl(changes.url, this.d.allowPrivate);
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      await this.d.repo.updateEndpoint(
        id,
        {
          ...(changes.url !== undefined ? { url: changes.url } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.events ? { events: [...new Set(changes.events)] } : {}),
          ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
          // Enabled again by staff: it starts with a clean record.
          ...(changes.enabled && !current.enabled ? { disabledReason: null, failingSince: null } : {}),
          updatedAt: now,
        },
        tx,
      );
      // Turned off: what waited for it is given up (staff can redeliver it later).
      if (changes.enabled === false) await this.d.repo.failPending(id, tx);
      await this.d.audit.record('webhook_endpoint_changed', { actorUserId }, { endpointId: id, ...changes }, tx);
    });
    return this.get(id);
  }

  async remove(id: string, actorUserId: string | null): Promise<void> {
    const current = await this.row(id);
    await this.d.db.transaction(async (tx) => {
      await this.d.repo.deleteEndpoint(id, tx);
      await this.d.audit.record('webhook_endpoint_deleted', { actorUserId }, { endpointId: id, url: current.url }, tx);
    });
  }

  /** A new secret, answered this once; the previous one keeps signing alongside it for a day. */
  async rotateSecret(id: string, actorUserId: string | null): Promise<WebhookEndpointWithSecret> {
    const current = await this.row(id);
    const now = this.d.clock.now();
    const secret = newSecret();
    await this.d.db.transaction(async (tx) => {
      await this.d.repo.updateEndpoint(
        id,
        {
          secretSealed: this.d.secrets.seal(secret),
          secretHint: secret.slice(-4),
          previousSecretSealed: current.secretSealed,
          previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_MS),
          updatedAt: now,
        },
        tx,
      );
      await this.d.audit.record('webhook_secret_rotated', { actorUserId }, { endpointId: id }, tx);
    });
    return { ...(await this.get(id)), secret };
  }

  /** A `ping` event to this endpoint only, whatever it subscribes to (409 while it is disabled). */
  async ping(id: string): Promise<WebhookDelivery> {
    if (!(await this.row(id)).enabled) throw conflict('The endpoint is disabled: enable it before sending a test event.');
    const [deliveryId] = await this.d.publisher.write('ping', { message: 'A test event from Bazaar.' }, [id]);
    return this.deliveryDto(id, deliveryId!);
  }

  /** The event of this delivery once more to the same endpoint (same event id), behind whatever it is waiting for. */
  async redeliver(id: string, deliveryId: number): Promise<WebhookDelivery> {
    const endpoint = await this.row(id);
    const delivery = await this.d.repo.delivery(deliveryId);
    if (!delivery || delivery.endpointId !== id) throw notFound('The delivery');
    if (!endpoint.enabled) throw conflict('The endpoint is disabled: enable it before redelivering.');
    const [newDelivery] = await this.d.publisher.deliver(delivery.eventId, [id]);
    return this.deliveryDto(id, newDelivery!);
  }

  private toDelivery(d: DeliveryRow & { eventType: string; attemptRows: AttemptRow[] }): WebhookDelivery {
    return {
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType as WebhookPayloadType,
      status: d.status,
      attempts: d.attemptRows.map((a) => ({
        attempt: a.attempt,
        attemptedAt: iso(a.attemptedAt)!,
        requestBody: a.requestBody,
        responseStatus: a.responseStatus,
        responseBody: a.responseBody,
        durationMs: a.durationMs,
        error: a.error,
      })),
      nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
      createdAt: iso(d.createdAt)!,
      deliveredAt: iso(d.deliveredAt),
    };
  }

  private async deliveryDto(endpointId: string, deliveryId: number): Promise<WebhookDelivery> {
    const { items } = await this.d.repo.deliveries(endpointId, { page: 1, limit: 100 });
    const found = items.find((i) => i.id === deliveryId);
    if (!found) throw notFound('The delivery');
    return this.toDelivery(found);
  }

  /** The endpoint's delivery log, newest first, each delivery with every attempt. */
  async deliveries(id: string, q: WebhookDeliveryListQuery): Promise<WebhookDeliveryList> {
    await this.row(id);
    const { items, total } = await this.d.repo.deliveries(id, q);
    return { items: items.map((i) => this.toDelivery(i)), page: q.page, limit: q.limit, total };
  }

  // --- delivery (the `webhooks.deliver` job) ------------------------------------------

  /** The endpoint's next delivery gets a job (due when it may be tried). */
  private async kickNext(endpointId: string): Promise<void> {
    const head = await this.d.repo.head(endpointId);
    if (!head) return;
    const now = this.d.clock.now();
    const runAt = head.nextAttemptAt && head.nextAttemptAt > now ? head.nextAttemptAt : now;
    await this.d.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId: head.id }, { queue: WEBHOOK_QUEUE, runAt, maxAttempts: 5 });
  }

  /**
   * One attempt of a delivery. Only the endpoint's oldest pending delivery is sent (the others wait,
   * and each finished delivery starts the next), so an endpoint gets its events in order. A failure
   * is retried with backoff for a day; an endpoint failing for a day is disabled and staff are told.
   */
  async deliver(deliveryId: number): Promise<DeliveryOutcome> {
    const now = this.d.clock.now();
    const delivery = await this.d.repo.delivery(deliveryId);
    if (!delivery || delivery.status !== 'pending') return 'skipped';
    const endpoint = await this.d.repo.endpoint(delivery.endpointId);
    if (!endpoint) return 'skipped';
    if (!endpoint.enabled) {
      await this.d.repo.failPending(endpoint.id);
      return 'skipped';
    }
    if ((await this.d.repo.head(endpoint.id))?.id !== deliveryId) return 'waiting';
    if (delivery.nextAttemptAt && delivery.nextAttemptAt > now) return 'waiting';
    const attempt = await this.d.repo.claim(deliveryId, now, new Date(now.getTime() + this.d.timeoutMs + 60_000));
    if (!attempt) return 'skipped';
    const event = await this.d.repo.event(delivery.eventId);
    if (!event) return 'skipped';

    const secrets = [this.d.secrets.open(endpoint.secretSealed)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
      secrets.push(this.d.secrets.open(endpoint.previousSecretSealed));
    const timestamp = Math.floor(now.getTime() / 1000);
    const outcome = await this.d.sender.post(endpoint.url, event.body, {
      'Content-Type': 'application/json',
      'Bazaar-Event-Id': event.id,
      'Bazaar-Event-Type': event.type,
      'Bazaar-Signature': signatureHeader(secrets, timestamp, event.body),
    });
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    await this.d.repo.insertAttempt({
      deliveryId,
      attempt,
      attemptedAt: now,
      requestBody: event.body,
      responseStatus: outcome.status,
      responseBody: outcome.body,
      durationMs: outcome.durationMs,
      error: ok ? null : (outcome.error ?? `HTTP ${outcome.status}`).slice(0, 1000),
    });
    const after = this.d.clock.now();
    if (ok) {
      await this.d.repo.finish(deliveryId, { status: 'delivered', nextAttemptAt: null, deliveredAt: after });
      if (endpoint.failingSince) await this.d.repo.updateEndpoint(endpoint.id, { failingSince: null });
      await this.kickNext(endpoint.id);
      return 'delivered';
    }
    const failingSince = await this.d.repo.markFailing(endpoint.id, after);
    if (after.getTime() - new Date(failingSince).getTime() >= RETRY_WINDOW_MS) {
      await this.disable(endpoint, new Date(failingSince));
      return 'failed';
    }
    if (after.getTime() - new Date(delivery.createdAt).getTime() >= RETRY_WINDOW_MS) {
      await this.d.repo.finish(deliveryId, { status: 'failed', nextAttemptAt: null, deliveredAt: null });
      await this.kickNext(endpoint.id);
      return 'failed';
    }
    const next = new Date(after.getTime() + retryDelay(attempt));
    await this.d.repo.finish(deliveryId, { status: 'pending', nextAttemptAt: next, deliveredAt: null });
    await this.d.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId }, { queue: WEBHOOK_QUEUE, runAt: next, maxAttempts: 5 });
    return 'retrying';
  }

  /** A day of failures: off, its waiting deliveries given up, staff with settings:write emailed (once). */
  private async disable(endpoint: EndpointRow, failingSince: Date): Promise<void> {
    const now = this.d.clock.now();
    await this.d.db.transaction(async (tx) => {
      if (!(await this.d.repo.disableFailing(endpoint.id, now, tx))) return;
      await this.d.repo.failPending(endpoint.id, tx);
      await this.d.audit.record('webhook_endpoint_disabled', {}, { endpointId: endpoint.id, url: endpoint.url, failingSince }, tx);
      for (const to of await this.d.staffEmails())
        await this.d.mailer.send(webhookDisabledMessage(to, { url: endpoint.url, failingSince }, this.d.adminUrl), tx);
    });
    this.d.logger.warn({ endpointId: endpoint.id, url: endpoint.url }, 'webhook endpoint disabled after a day of failures');
  }

  /** Events older than the retention go, with their deliveries and attempts (none still pending); resolves to how many. */
  prune(): Promise<number> {
    return this.d.repo.pruneEventsBefore(new Date(this.d.clock.now().getTime() - EVENT_RETENTION_MS));
  }

  /** Safety net (every few minutes): each endpoint's due head gets a job, in case its job was lost. */
  async sweep(): Promise<number> {
    const heads = await this.d.repo.dueHeads(this.d.clock.now());
    for (const deliveryId of heads)
      await this.d.jobs.enqueue(WEBHOOK_DELIVER_JOB, { deliveryId }, { queue: WEBHOOK_QUEUE, maxAttempts: 5 });
    return heads.length;
  }
}
