import type { WebhookDeliveryStatus, WebhookEventType } from '@bazaar/shared';
import { Op } from 'sequelize';
import type { Db, Transaction } from '../../db/db';
import { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookEventRecord } from './webhooks.models';

export type EndpointRow = InstanceType<typeof WebhookEndpointRecord>['dataValues'];
export type EventRow = InstanceType<typeof WebhookEventRecord>['dataValues'];
export type DeliveryRow = InstanceType<typeof WebhookDeliveryRecord>['dataValues'];
export type AttemptRow = InstanceType<typeof WebhookAttemptRecord>['dataValues'];

const plain = <T extends { get(o: { plain: true }): unknown }>(r: T) => r.get({ plain: true }) as ReturnType<T['get']>;

/** Endpoints, events, deliveries and their attempts. */
export class WebhooksRepository {
  constructor(private readonly db: Db) {}

  // --- endpoints ---------------------------------------------------------------------

  async endpoints(): Promise<EndpointRow[]> {
    return (await WebhookEndpointRecord.findAll({ order: [['createdAt', 'ASC']] })).map((r) => plain(r) as EndpointRow);
  }

  async endpoint(id: string, tx?: Transaction): Promise<EndpointRow | undefined> {
    const row = await WebhookEndpointRecord.findByPk(id, { transaction: tx });
    return row ? (plain(row) as EndpointRow) : undefined;
  }

  /** The enabled endpoints subscribed to `type`, read in the publisher's transaction. */
  async subscribed(type: WebhookEventType, tx?: Transaction): Promise<{ id: string }[]> {
    return this.db.select<{ id: string }>(
      'SELECT id FROM webhook_endpoints WHERE enabled = 1 AND JSON_CONTAINS(events, JSON_QUOTE(?)) ORDER BY created_at, id',
      [type],
      tx,
    );
  }

  async insertEndpoint(row: EndpointRow, tx?: Transaction): Promise<void> {
    await WebhookEndpointRecord.create(row, { transaction: tx });
  }

  async updateEndpoint(id: string, changes: Partial<EndpointRow>, tx?: Transaction): Promise<boolean> {
    const [n] = await WebhookEndpointRecord.update(changes, { where: { id }, transaction: tx });
    return n > 0;
  }

  async deleteEndpoint(id: string, tx?: Transaction): Promise<boolean> {
    return (await WebhookEndpointRecord.destroy({ where: { id }, transaction: tx })) > 0;
  }

  /** A failure: the endpoint is failing since now unless it already was; answers since when. */
  async markFailing(id: string, now: Date): Promise<Date> {
    await this.db.execute('UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?', [now, id]);
    return (await this.endpoint(id))?.failingSince ?? now;
  }

  /** Turned off by the shop: answers false when it already was (only one run tells staff). */
  async disableFailing(id: string, now: Date, tx: Transaction): Promise<boolean> {
    const { affectedRows } = await this.db.execute(
      "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'failing', updated_at = ? WHERE id = ? AND enabled = 1",
      [now, id],
      tx,
    );
    return affectedRows > 0;
  }

  // --- events and deliveries ---------------------------------------------------------

  async insertEvent(row: EventRow, tx?: Transaction): Promise<void> {
    await WebhookEventRecord.create(row, { transaction: tx });
  }

  async event(id: string): Promise<EventRow | undefined> {
    const row = await WebhookEventRecord.findByPk(id);
    return row ? (plain(row) as EventRow) : undefined;
  }

  /** New pending deliveries; answers their ids in the order given. */
  async insertDeliveries(rows: { eventId: string; endpointId: string; createdAt: Date }[], tx?: Transaction): Promise<number[]> {
    const ids: number[] = [];
    // One by one: each needs its id for its job, and auto-increment order is the delivery order.
    for (const r of rows) {
      const created = await WebhookDeliveryRecord.create(
        { ...r, status: 'pending', attempts: 0, nextAttemptAt: r.createdAt, lockedUntil: null, deliveredAt: null },
        { transaction: tx },
      );
      ids.push(Number(created.id));
    }
    return ids;
  }

  async delivery(id: number): Promise<DeliveryRow | undefined> {
    const row = await WebhookDeliveryRecord.findByPk(id);
    return row ? { ...(plain(row) as DeliveryRow), id: Number(row.id) } : undefined;
  }

  /** The endpoint's oldest delivery still pending: the only one that may be sent (per-endpoint order). */
  async head(endpointId: string): Promise<DeliveryRow | undefined> {
    const row = await WebhookDeliveryRecord.findOne({
      where: { endpointId, status: 'pending' },
      order: [['id', 'ASC']],
    });
    return row ? { ...(plain(row) as DeliveryRow), id: Number(row.id) } : undefined;
  }

  /** Every endpoint's head that is due and not in flight (the sweep's safety net for a lost job). */
  async dueHeads(now: Date): Promise<number[]> {
    const rows = await this.db.select<{ id: number }>(
      `SELECT d.id FROM webhook_deliveries d
         JOIN (SELECT MIN(id) AS id FROM webhook_deliveries WHERE status = 'pending' GROUP BY endpoint_id) head ON head.id = d.id
        WHERE (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?) AND (d.locked_until IS NULL OR d.locked_until < ?)`,
      [now, now],
    );
    return rows.map((r) => Number(r.id));
  }

  /**
   * Takes the delivery for one attempt (counting it) unless another holds it or it is done;
   * the conditional UPDATE makes two jobs for one delivery send it once.
   */
  async claim(id: number, now: Date, lockedUntil: Date): Promise<number | undefined> {
    const { affectedRows } = await this.db.execute(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, locked_until = ?
        WHERE id = ? AND status = 'pending' AND (locked_until IS NULL OR locked_until < ?)`,
      [lockedUntil, id, now],
    );
    if (!affectedRows) return undefined;
    return (await this.delivery(id))?.attempts;
  }

  async finish(
    id: number,
    outcome: { status: WebhookDeliveryStatus; nextAttemptAt: Date | null; deliveredAt: Date | null },
    tx?: Transaction,
  ): Promise<void> {
    await WebhookDeliveryRecord.update({ ...outcome, lockedUntil: null }, { where: { id }, transaction: tx });
  }

  /** The endpoint's pending deliveries are given up (it was disabled). */
  async failPending(endpointId: string, tx?: Transaction): Promise<void> {
    await WebhookDeliveryRecord.update(
      { status: 'failed', nextAttemptAt: null, lockedUntil: null },
      { where: { endpointId, status: 'pending' }, transaction: tx },
    );
  }

  /** Up to 1 000 events written before `before` with nothing still pending (deliveries and attempts cascade). */
  async pruneEventsBefore(before: Date): Promise<number> {
    const { affectedRows } = await this.db.execute(
      `DELETE FROM webhook_events WHERE created_at < ?
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id AND d.status = 'pending')
        LIMIT 1000`,
      [before],
    );
    return affectedRows;
  }

  async insertAttempt(row: Omit<AttemptRow, 'id'>): Promise<void> {
    await WebhookAttemptRecord.create(row);
  }

  /** Newest first, with their events' types and attempts. */
  async deliveries(
    endpointId: string,
    f: { status?: WebhookDeliveryStatus; page: number; limit: number },
  ): Promise<{ items: (DeliveryRow & { eventType: string; attemptRows: AttemptRow[] })[]; total: number }> {
    const where = { endpointId, ...(f.status ? { status: f.status } : {}) };
    const { rows, count } = await WebhookDeliveryRecord.findAndCountAll({
      where,
      order: [['id', 'DESC']],
      limit: f.limit,
      offset: (f.page - 1) * f.limit,
    });
    const ids = rows.map((r) => Number(r.id));
    const events = await WebhookEventRecord.findAll({
      attributes: ['id', 'type'],
      where: { id: { [Op.in]: [...new Set(rows.map((r) => r.eventId))] } },
    });
    const typeOf = new Map(events.map((e) => [e.id, e.type]));
    const attempts = ids.length
      ? await WebhookAttemptRecord.findAll({ where: { deliveryId: { [Op.in]: ids } }, order: [['attempt', 'ASC']] })
      : [];
    return {
      total: count,
      items: rows.map((r) => ({
        ...(plain(r) as DeliveryRow),
        id: Number(r.id),
        eventType: typeOf.get(r.eventId) ?? 'unknown',
        attemptRows: attempts.filter((a) => Number(a.deliveryId) === Number(r.id)).map((a) => plain(a) as AttemptRow),
      })),
    };
  }
}
