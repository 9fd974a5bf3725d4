import type { DataExport, PostalAddress, ReviewStatus } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';
import type { OrderRow } from '../orders';
import { EMAIL_JOB } from '../email';
import { ERASED_GIFT_CARD_SENDER, GIFT_CARD_DELIVERY_JOB } from '../balances';

type When = Date | string;
const iso = (d: When) => new Date(d).toISOString();

/**
 * What stays of an address on a kept order: the country and region (the tax on the order depends
 * on them and the books must show why); name, street, city, postcode and phone go.
 */
export function scrubAddress(stored: string | object | null): PostalAddress | null {
  if (stored === null) return null;
  const a = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Partial<PostalAddress>;
  return { name: '', line1: '', city: '', postalCode: '', country: a.country ?? '', ...(a.region ? { region: a.region } : {}) };
}

/** The unique, non-routable address an erased account (and its orders) is left with (RFC 2606 .invalid). */
export const erasedEmail = (userId: string) => `erased-${userId}@erased.invalid`;

/** SQL for the data export and the erasure, across the tables that hold a person's data. */
export class PrivacyRepository {
  constructor(private readonly db: Db) {}

  async profileTimes(userId: string): Promise<{ updatedAt: string; passwordChangedAt: string | null }> {
    const row = await this.db.one<{ updated_at: When; password_changed_at: When | null }>(
      'SELECT updated_at, password_changed_at FROM users WHERE id = ?',
      [userId],
    );
    return { updatedAt: iso(row!.updated_at), passwordChangedAt: row?.password_changed_at ? iso(row.password_changed_at) : null };
  }

  ordersOf(userId: string, tx?: Transaction): Promise<OrderRow[]> {
    return this.db.select<OrderRow>('SELECT * FROM orders WHERE user_id = ? ORDER BY created_at, id', [userId], tx);
  }

  /** The gift cards the user bought (orders placed signed in), one per card, with who each is for; no code, nor any part of one. */
  async giftCardsBoughtBy(userId: string): Promise<DataExport['giftCardsBought']> {
    const rows = await this.db.select<{
      order_id: string;
      number: string;
      recipient_email: string | null;
      gift_card: string | { recipientName?: string; message?: string } | null;
      currency: string;
      issued: number | string;
      send_at: When | null;
      code_hash: string | null;
      revoked_at: When | null;
    }>(
      `SELECT a.order_id, o.number, a.recipient_email, oi.gift_card, a.currency, a.send_at, a.code_hash, a.revoked_at,
              (SELECT COALESCE(SUM(l.delta), 0) FROM balance_ledger l WHERE l.account_id = a.id AND l.reason = 'issued') AS issued
         FROM balance_accounts a JOIN orders o ON o.id = a.order_id LEFT JOIN order_items oi ON oi.id = a.order_item_id
        WHERE o.user_id = ? AND a.kind = 'gift_card' ORDER BY o.created_at, o.id, oi.position, a.id`,
      [userId],
    );
    return rows.map((r) => {
      const line = (typeof r.gift_card === 'string' ? JSON.parse(r.gift_card) : r.gift_card) as {
        recipientName?: string;
        message?: string;
      } | null;
      return {
        orderId: r.order_id,
        orderNumber: r.number,
        recipientEmail: r.recipient_email,
        recipientName: line?.recipientName ?? null,
        message: line?.message ?? null,
        value: { amount: Number(r.issued), currency: r.currency },
        sendAt: r.send_at ? iso(r.send_at) : null,
        status: r.revoked_at ? 'refunded' : r.code_hash ? 'sent' : 'waiting',
      };
    });
  }

  async reviewsOf(userId: string): Promise<DataExport['reviews']> {
    const rows = await this.db.select<{
      id: string;
      product_id: string;
      slug: string | null;
      product_title: string | null;
      rating: number;
      title: string;
      body: string;
      status: ReviewStatus;
      created_at: When;
      updated_at: When;
    }>(
      'SELECT r.*, p.slug, p.title AS product_title FROM reviews r LEFT JOIN products p ON p.id = r.product_id WHERE r.user_id = ? ORDER BY r.created_at, r.id',
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      productId: r.product_id,
      productSlug: r.slug,
      productTitle: r.product_title,
      rating: Number(r.rating),
      title: r.title,
      body: r.body,
      status: r.status,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }));
  }

  async wishlistOf(userId: string): Promise<DataExport['wishlist']> {
    const rows = await this.db.select<{
      product_id: string;
      slug: string | null;
      title: string | null;
      variant_id: string | null;
      created_at: When;
    }>(
      'SELECT w.product_id, p.slug, p.title, w.variant_id, w.created_at FROM wishlist_items w LEFT JOIN products p ON p.id = w.product_id WHERE w.user_id = ? ORDER BY w.created_at, w.id',
      [userId],
    );
    return rows.map((r) => ({
      productId: r.product_id,
      productSlug: r.slug,
      productTitle: r.title,
      variantId: r.variant_id,
      addedAt: iso(r.created_at),
    }));
  }

  async securityEventsOf(userId: string): Promise<DataExport['securityEvents']> {
    const rows = await this.db.select<{ event: string; ip: string | null; user_agent: string | null; created_at: When }>(
      'SELECT event, ip, user_agent, created_at FROM audit_logs WHERE target_user_id = ? ORDER BY id',
      [userId],
    );
    return rows.map((r) => ({ event: r.event, ip: r.ip, userAgent: r.user_agent, createdAt: iso(r.created_at) }));
  }

  /** Rows that exist only for the person: deleted outright. */
  async deleteOwnedRows(userId: string, tx: Transaction): Promise<void> {
    for (const table of [
      'addresses',
      'refresh_tokens',
      'user_tokens',
      'mfa_recovery_codes',
      'passkeys',
      'wishlist_items',
      'carts',
      'user_identities',
      'known_devices',
    ]) {
      await this.db.execute(`DELETE FROM ${table} WHERE user_id = ?`, [userId], tx);
    }
    // Stored checkout answers hold the order as it was (email and addresses included).
    await this.db.execute('DELETE FROM idempotency_keys WHERE scope = ?', [`user:${userId}`], tx);
    // A report's free-text reason is the reporter's words; the report itself still counts.
    await this.db.execute('UPDATE review_reports SET reason = NULL WHERE user_id = ?', [userId], tx);
  }

  /** Emails to the address still waiting in (or kept by) the queue. A running one is left to finish. */
  async deleteQueuedEmailsTo(email: string, tx: Transaction): Promise<void> {
    await this.db.execute(
      "DELETE FROM jobs WHERE name = ? AND status <> 'running' AND JSON_VALUE(payload, '$.to') = ?",
      [EMAIL_JOB, email],
      tx,
    );
  }

  /** Orders stay for the books (totals, lines, payments); who they were for does not. */
  async anonymiseOrders(userId: string, placeholder: string, tx: Transaction): Promise<number> {
    const orders = await this.db.select<{
      id: string;
      email: string;
      shipping_address: string | object;
      billing_address: string | object | null;
    }>('SELECT id, email, shipping_address, billing_address FROM orders WHERE user_id = ? FOR UPDATE', [userId], tx);
    // Before the scrub: who the gift cards bought were from, as their recipients' emails said it.
    await this.scrubGiftCardRecipients(
      orders.map((o) => ({
        id: o.id,
        from: (typeof o.shipping_address === 'string' ? JSON.parse(o.shipping_address) : o.shipping_address).name || o.email,
      })),
      tx,
    );
    for (const o of orders) {
      const billing = scrubAddress(o.billing_address);
      await this.db.execute(
        'UPDATE orders SET email = ?, shipping_address = ?, billing_address = ?, tracking_number = NULL, updated_at = UTC_TIMESTAMP(3) WHERE id = ?',
        [placeholder, JSON.stringify(scrubAddress(o.shipping_address)), billing ? JSON.stringify(billing) : null, o.id],
        tx,
      );
    }
    if (orders.length) {
      const ids = orders.map((o) => o.id);
      await this.db.execute('UPDATE coupon_redemptions SET email = ? WHERE order_id IN (?)', [placeholder, ids], tx);
      await this.scrubOrderHistory(ids, tx);
    }
    return orders.length;
  }

  /**
   * The free text an order keeps beside its own columns. Event notes keep only what the shop wrote
   * itself: `fulfilled` ("UPS 1Z… — note") keeps the carrier, `refund_requested` ("2500 — reason")
   * the amount, any other note a person wrote (the event has an actor) goes; notes the system writes
   * (no actor: "paid via stripe", provider outcomes) hold no personal data and stay; return and claim
   * events keep the return's number. Refund reasons
   * go, and so does each payment's last provider event (a provider's payload carries the card
   * holder's name, email and address). Amounts, statuses and times stay for the books.
   */
  private async scrubOrderHistory(orderIds: string[], tx: Transaction): Promise<void> {
    await this.db.execute(
      `UPDATE order_events e JOIN orders o ON o.id = e.order_id
          SET e.note = CASE
                WHEN e.type = 'fulfilled' THEN o.carrier
                WHEN e.type = 'refund_requested' OR e.type LIKE 'return\\_%' OR e.type LIKE 'claim\\_%' THEN SUBSTRING_INDEX(e.note, ' — ', 1)
                WHEN e.actor_user_id IS NOT NULL THEN NULL
                ELSE e.note END
        WHERE e.order_id IN (?) AND e.note IS NOT NULL`,
      [orderIds],
      tx,
    );
    await this.db.execute('UPDATE refunds SET reason = NULL WHERE order_id IN (?)', [orderIds], tx);
    // A return keeps its number, lines, states and amounts; what the shopper and staff wrote, and photos, go.
    await this.db.execute('UPDATE returns SET note = NULL, staff_note = NULL, photos = NULL WHERE order_id IN (?)', [orderIds], tx);
    await this.db.execute('UPDATE payments SET last_event = NULL WHERE order_id IN (?)', [orderIds], tx);
  }

  /**
   * Who the gift cards these orders bought were for, and what the buyer wrote them, goes: the order
   * lines keep only the send day, the cards drop the recipient's address, and the sent copies of the
   * recipients' emails (they carry the buyer's name and message) leave the queue. A card still
   * waiting for its day keeps the address until it is sent (the recipient is owed it); its delivery
   * no longer carries the buyer's name or message, and once sent it forgets the address too.
   */
  private async scrubGiftCardRecipients(orders: { id: string; from: string }[], tx: Transaction): Promise<void> {
    if (!orders.length) return;
    const orderIds = orders.map((o) => o.id);
    const cards = await this.db.select<{ id: string; order_id: string; recipient_email: string | null; waiting: number }>(
      `SELECT id, order_id, recipient_email, (code_hash IS NULL AND revoked_at IS NULL AND balance > 0) AS waiting
         FROM balance_accounts WHERE order_id IN (?) AND kind = 'gift_card'`,
      [orderIds],
      tx,
    );
    if (!cards.length) return;
    for (const o of orders) {
      const to = [...new Set(cards.filter((c) => c.order_id === o.id && c.recipient_email).map((c) => c.recipient_email))];
      if (to.length)
        await this.db.execute(
          `DELETE FROM jobs WHERE name = ? AND status = 'done' AND JSON_VALUE(payload, '$.to') IN (?)
              AND LEFT(JSON_VALUE(payload, '$.subject'), CHAR_LENGTH(?) + 11) = CONCAT(?, ' sent you a')`,
          [EMAIL_JOB, to, o.from, o.from],
          tx,
        );
    }
    await this.db.execute(
      `UPDATE order_items SET gift_card = IF(JSON_VALUE(gift_card, '$.sendDate') IS NULL, JSON_OBJECT('recipientEmail', ''),
              JSON_OBJECT('recipientEmail', '', 'sendDate', JSON_VALUE(gift_card, '$.sendDate')))
        WHERE order_id IN (?) AND gift_card IS NOT NULL`,
      [orderIds],
      tx,
    );
    // "2 gift cards for ana@…, bo@…": the count stays.
    await this.db.execute(
      "UPDATE order_events SET note = SUBSTRING_INDEX(note, ' for ', 1) WHERE order_id IN (?) AND type = 'gift_cards_issued'",
      [orderIds],
      tx,
    );
    const done = cards.filter((c) => !Number(c.waiting)).map((c) => c.id);
    if (done.length) await this.db.execute('UPDATE balance_accounts SET recipient_email = NULL WHERE id IN (?)', [done], tx);
    // The deliveries, waiting or kept by the queue, carry the buyer's name and message too.
    await this.db.execute(
      `UPDATE jobs SET payload = JSON_SET(JSON_REMOVE(payload, '$.recipientName', '$.message'), '$.from', ?, '$.forgetRecipient', true)
        WHERE name = ? AND status <> 'running' AND JSON_VALUE(payload, '$.giftCardId') IN (?)`,
      [ERASED_GIFT_CARD_SENDER, GIFT_CARD_DELIVERY_JOB, cards.map((c) => c.id)],
      tx,
    );
  }

  async countReviews(userId: string, tx: Transaction): Promise<number> {
    const row = await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM reviews WHERE user_id = ?', [userId], tx);
    return Number(row?.n ?? 0);
  }

  /**
   * The account row stays (orders and reviews point at it) but says nothing about the person: a
   * placeholder email, no name, a password hash no password can match, no MFA, disabled and erased.
   * Reviews keep their text and rating and show as "A shopper" once the name is gone.
   */
  async anonymiseUser(userId: string, placeholder: string, now: Date, tx: Transaction): Promise<void> {
    await this.db.execute(
      `UPDATE users SET email = ?, name = '', password_hash = '!erased', email_verified_at = NULL,
              mfa_secret_enc = NULL, mfa_pending_secret_enc = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL,
              failed_login_count = 0, lockout_count = 0, locked_until = NULL,
              disabled_at = ?, erased_at = ?, password_changed_at = ?, updated_at = ?
        WHERE id = ?`,
      [placeholder, now, now, now, now, userId],
      tx,
    );
  }
}
