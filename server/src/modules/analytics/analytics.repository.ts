import type { AnalyticsEvent, AnalyticsEventType } from '@bazaar/shared';
import { Op } from 'sequelize';
import type { Db, Transaction } from '../../db/db';
import { AnalyticsEventRecord } from './analytics.models';

/** An event as stored: its typed columns plus the few extras in `properties`. */
export interface StoredEvent {
  visitorId: string;
  userId: string | null;
  type: AnalyticsEventType;
  productId: string | null;
  query: string | null;
  resultCount: number | null;
  properties: Record<string, unknown> | null;
  occurredAt: Date;
}

/**
 * Rows that belong to a person: written while signed in (user_id), or by a browser they used
 * (visitor_id), since a visitor's events before sign-in are theirs too.
 */
export const ofPerson = (userId: string, visitorIds: string[]) =>
  visitorIds.length
    ? { where: 'user_id = ? OR visitor_id IN (?)', params: [userId, visitorIds] }
    : { where: 'user_id = ?', params: [userId] };

/** Search text as counted: NFKC, lower case, single spaces (so "Red  Shoes" and "red shoes" are one search). */
export const normaliseSearch = (q: string) => q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);

/** The row for one incoming event. */
export function toStoredEvent(e: AnalyticsEvent, who: { visitorId: string; userId: string | null }, occurredAt: Date): StoredEvent {
  const base = { ...who, type: e.type, productId: null, query: null, resultCount: null, properties: null, occurredAt };
  switch (e.type) {
    case 'page_view':
      return { ...base, properties: { path: e.path } };
    case 'product_view':
      return { ...base, productId: e.productId };
    case 'add_to_cart':
      return {
        ...base,
        productId: e.productId,
        properties: e.variantId || e.quantity ? { variantId: e.variantId, quantity: e.quantity } : null,
      };
    case 'checkout_started':
      return base;
    case 'purchase':
      return { ...base, properties: e.orderId ? { orderId: e.orderId } : null };
    case 'search':
      return { ...base, query: normaliseSearch(e.query), resultCount: e.resultCount };
  }
}

/** The event as the API describes it (for a shopper's data export). */
export function toApiEvent(s: StoredEvent): AnalyticsEvent {
  const p = (s.properties ?? {}) as { path?: string; variantId?: string; quantity?: number; orderId?: string };
  switch (s.type) {
    case 'page_view':
      return { type: s.type, path: p.path ?? '/' };
    case 'product_view':
      return { type: s.type, productId: s.productId! };
    case 'add_to_cart':
      return {
        type: s.type,
        productId: s.productId!,
        ...(p.variantId ? { variantId: p.variantId } : {}),
        ...(p.quantity ? { quantity: p.quantity } : {}),
      };
    case 'checkout_started':
      return { type: s.type };
    case 'purchase':
      return { type: s.type, ...(p.orderId ? { orderId: p.orderId } : {}) };
    case 'search':
      return { type: s.type, query: s.query ?? '', resultCount: s.resultCount ?? 0 };
  }
}

const fromRecord = (r: AnalyticsEventRecord): StoredEvent => ({
  visitorId: r.visitorId,
  userId: r.userId,
  type: r.type,
  productId: r.productId,
  query: r.query,
  resultCount: r.resultCount === null ? null : Number(r.resultCount),
  properties: r.properties,
  occurredAt: new Date(r.occurredAt),
});

export class AnalyticsRepository {
  constructor(private readonly db: Db) {}

  /** One multi-row INSERT per batch. */
  async insert(events: StoredEvent[], tx?: Transaction): Promise<void> {
    if (!events.length) return;
    await this.db.execute(
      `INSERT INTO analytics_events (visitor_id, user_id, type, product_id, query, result_count, properties, occurred_at) VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      events.flatMap((e) => [
        e.visitorId,
        e.userId,
        e.type,
        e.productId,
        e.query,
        e.resultCount,
        e.properties ? JSON.stringify(e.properties) : null,
        e.occurredAt,
      ]),
      tx,
    );
  }

  /** The browsers an account has used: visitor ids seen with its user id (events or consents). */
  async visitorIdsOfUser(userId: string, tx?: Transaction): Promise<string[]> {
    const rows = await this.db.select<{ visitor_id: string }>(
      'SELECT visitor_id FROM analytics_events WHERE user_id = ? UNION SELECT visitor_id FROM consents WHERE user_id = ?',
      [userId, userId],
      tx,
    );
    return rows.map((r) => r.visitor_id);
  }

  /** A person's events: recorded while signed in, or by a browser they signed in on. */
  async eventsOf(userId: string, visitorIds: string[], tx?: Transaction): Promise<StoredEvent[]> {
    const rows = await AnalyticsEventRecord.findAll({
      where: visitorIds.length ? { [Op.or]: [{ userId }, { visitorId: visitorIds }] } : { userId },
      order: [['id', 'ASC']],
      transaction: tx,
    });
    return rows.map(fromRecord);
  }

  async deleteEventsOf(userId: string, visitorIds: string[], tx?: Transaction): Promise<number> {
    const person = ofPerson(userId, visitorIds);
    return (await this.db.execute(`DELETE FROM analytics_events WHERE ${person.where}`, person.params, tx)).affectedRows;
  }
}
