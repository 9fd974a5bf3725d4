import { chosenAmountRange, type GiftCardRecipient } from '@bazaar/shared';
import type { Db, Transaction } from '../../db/db';

export interface CartRow {
  id: string;
  user_id: string | null;
  coupon_code: string | null;
  market_code: string | null;
  /** Promotion codes entered (a JSON array as stored; read it with `promotionCodesOf`). */
  promotion_codes: string[] | string | null;
}

/** The cart row's promotion codes as a list. */
export const promotionCodesOf = (row: Pick<CartRow, 'promotion_codes'>): string[] =>
  row.promotion_codes == null
    ? []
    : typeof row.promotion_codes === 'string'
      ? (JSON.parse(row.promotion_codes) as string[])
      : row.promotion_codes;

export interface CartLineRow {
  id: string;
  variant_id: string;
  quantity: number;
  seen_unit_price: number;
  /** Who the card is for, on a gift-card line (JSON as stored, or parsed). */
  gift_card: string | GiftCardRecipient | null;
  line_key: string;
  /** A chosen-amount gift card's amount; null on every other line. */
  chosen_price: number | null;
  sku: string;
  variant_title: string;
  /** The line's unit price: the chosen amount of a chosen-amount gift card, else the variant's price. */
  price_amount: number;
  currency: string;
  product_id: string;
  slug: string;
  title: string;
  status: string;
  /** The product is a gift card. */
  is_gift_card: number;
  /** A chosen-amount gift card product's range (minor units), null for fixed amounts. */
  gift_card_min: number | null;
  gift_card_max: number | null;
  available: number;
  allow_backorder: number;
  category_ids: string | string[] | null;
  image: string | null;
}

/** A line's gift-card recipient, parsed; null when it has none. */
export const lineGiftCard = (line: Pick<CartLineRow, 'gift_card'>): GiftCardRecipient | null =>
  line.gift_card ? (typeof line.gift_card === 'string' ? (JSON.parse(line.gift_card) as GiftCardRecipient) : line.gift_card) : null;

/**
 * Why a gift-card line cannot be bought as it is, or undefined: a product that became a gift card
 * (or changed between fixed and chosen amounts, or narrowed its range) after the line was added.
 */
export function giftCardLineProblem(
  line: Pick<CartLineRow, 'gift_card' | 'is_gift_card' | 'chosen_price' | 'gift_card_min' | 'gift_card_max'>,
): string | undefined {
  if (!line.is_gift_card) return undefined;
  if (!lineGiftCard(line)) return 'needs a recipient';
  const range = chosenAmountRange(line.gift_card_min, line.gift_card_max);
  const chosen = line.chosen_price === null ? null : Number(line.chosen_price);
  if (range && (chosen === null || chosen < range.min || chosen > range.max)) return 'needs an amount the shop offers';
  if (!range && chosen !== null) return 'now comes in fixed amounts';
  return undefined;
}

export class CartRepository {
  constructor(private readonly db: Db) {}

  byId(id: string, tx?: Transaction, forUpdate = false) {
    return this.db.one<CartRow>(
      `SELECT id, user_id, coupon_code, market_code, promotion_codes FROM carts WHERE id = ?${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
      tx,
    );
  }

  byUser(userId: string, tx?: Transaction, forUpdate = false) {
    return this.db.one<CartRow>(
      `SELECT id, user_id, coupon_code, market_code, promotion_codes FROM carts WHERE user_id = ?${forUpdate ? ' FOR UPDATE' : ''}`,
      [userId],
      tx,
    );
  }

  async create(id: string, userId: string | null, now: Date, tx?: Transaction) {
    await this.db.execute('INSERT INTO carts (id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?)', [id, userId, now, now], tx);
  }

  async touch(id: string, now: Date, tx?: Transaction) {
    await this.db.execute('UPDATE carts SET updated_at = ?, abandoned_at = NULL WHERE id = ?', [now, id], tx);
  }

  /** Carts not changed since `idleSince` and not yet marked: abandoned as of `now`. */
  async markAbandoned(idleSince: Date, now: Date): Promise<number> {
    return (await this.db.execute('UPDATE carts SET abandoned_at = ? WHERE abandoned_at IS NULL AND updated_at < ?', [now, idleSince]))
      .affectedRows;
  }

  /** Carts (and their lines) not changed since `idleSince`. */
  async deleteIdle(idleSince: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM carts WHERE updated_at < ?', [idleSince])).affectedRows;
  }

  lines(cartId: string, tx?: Transaction): Promise<CartLineRow[]> {
    return this.db.select<CartLineRow>(
      `SELECT ci.id, ci.variant_id, ci.quantity, ci.seen_unit_price, ci.gift_card, ci.line_key, ci.chosen_price, v.sku, v.title AS variant_title,
              COALESCE(ci.chosen_price, v.price_amount) AS price_amount, v.currency,
              p.id AS product_id, p.slug, p.title, p.status, p.gift_card AS is_gift_card, p.gift_card_min, p.gift_card_max, il.on_hand - il.reserved AS available, il.allow_backorder,
              (SELECT JSON_ARRAYAGG(pc.category_id) FROM product_categories pc WHERE pc.product_id = p.id) AS category_ids,
              (SELECT JSON_UNQUOTE(JSON_EXTRACT(pi.sizes, '$[0].url')) FROM product_images pi WHERE pi.product_id = p.id ORDER BY pi.position, pi.id LIMIT 1) AS image
         FROM cart_items ci
         JOIN variants v ON v.id = ci.variant_id
         JOIN products p ON p.id = v.product_id
         JOIN inventory_levels il ON il.variant_id = v.id
        WHERE ci.cart_id = ? ORDER BY ci.seq`,
      [cartId],
      tx,
    );
  }

  line(cartId: string, itemId: string, tx?: Transaction) {
    return this.db.one<{ id: string; variant_id: string; quantity: number; chosen_price: number | null }>(
      'SELECT id, variant_id, quantity, chosen_price FROM cart_items WHERE id = ? AND cart_id = ?',
      [itemId, cartId],
      tx,
    );
  }

  /** The cart's line of this variant with this key ('' but for gift cards, whose key is their recipient's). */
  lineByVariant(cartId: string, variantId: string, lineKey: string, tx?: Transaction) {
    // No FOR UPDATE: the cart row is locked already, and locking a missing row takes gap locks that deadlock other carts.
    return this.db.one<{ id: string; quantity: number }>(
      'SELECT id, quantity FROM cart_items WHERE cart_id = ? AND variant_id = ? AND line_key = ?',
      [cartId, variantId, lineKey],
      tx,
    );
  }

  async insertLine(
    row: {
      id: string;
      cartId: string;
      variantId: string;
      quantity: number;
      seenUnitPrice: number;
      chosenPrice: number | null;
      giftCard: GiftCardRecipient | null;
      lineKey: string;
      now: Date;
    },
    tx?: Transaction,
  ) {
    await this.db.execute(
      'INSERT INTO cart_items (id, cart_id, variant_id, quantity, seen_unit_price, chosen_price, gift_card, line_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        row.id,
        row.cartId,
        row.variantId,
        row.quantity,
        row.seenUnitPrice,
        row.chosenPrice,
        row.giftCard && JSON.stringify(row.giftCard),
        row.lineKey,
        row.now,
      ],
      tx,
    );
  }

  async setLine(itemId: string, quantity: number, seenUnitPrice: number, tx?: Transaction) {
    await this.db.execute('UPDATE cart_items SET quantity = ?, seen_unit_price = ? WHERE id = ?', [quantity, seenUnitPrice, itemId], tx);
  }

  async deleteLine(cartId: string, itemId: string, tx?: Transaction) {
    return (await this.db.execute('DELETE FROM cart_items WHERE id = ? AND cart_id = ?', [itemId, cartId], tx)).affectedRows === 1;
  }

  async setCoupon(cartId: string, code: string | null, tx?: Transaction) {
    await this.db.execute('UPDATE carts SET coupon_code = ? WHERE id = ?', [code, cartId], tx);
  }

  async setPromotionCodes(cartId: string, codes: string[], tx?: Transaction) {
    await this.db.execute('UPDATE carts SET promotion_codes = ? WHERE id = ?', [codes.length ? JSON.stringify(codes) : null, cartId], tx);
  }

  async setMarket(cartId: string, code: string | null, tx?: Transaction) {
    await this.db.execute('UPDATE carts SET market_code = ? WHERE id = ?', [code, cartId], tx);
  }

  async delete(id: string, tx?: Transaction) {
    await this.db.execute('DELETE FROM carts WHERE id = ?', [id], tx);
  }

  async assignToUser(cartId: string, userId: string, tx?: Transaction) {
    await this.db.execute('UPDATE carts SET user_id = ? WHERE id = ?', [userId, cartId], tx);
  }

  variantForCart(variantId: string, tx?: Transaction) {
    return this.db.one<{
      id: string;
      price_amount: number;
      status: string;
      is_gift_card: number;
      gift_card_min: number | null;
      gift_card_max: number | null;
      currency: string;
      available: number;
      allow_backorder: number;
      sku: string;
    }>(
      `SELECT v.id, v.price_amount, v.currency, v.sku, p.status, p.gift_card AS is_gift_card, p.gift_card_min, p.gift_card_max, il.on_hand - il.reserved AS available, il.allow_backorder
         FROM variants v JOIN products p ON p.id = v.product_id JOIN inventory_levels il ON il.variant_id = v.id WHERE v.id = ?`,
      [variantId],
      tx,
    );
  }
}
