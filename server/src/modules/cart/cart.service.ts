import { createHash } from 'node:crypto';
import {
  chosenAmountRange,
  chosenAmountSchema,
  formatMoney,
  giftCardSendDateProblem,
  type Cart,
  type CartPromotion,
  type CartItem,
  type CartWarning,
  type GiftCardRecipient,
  type GiftCardRecipientInput,
} from '@bazaar/shared';
import type { Config } from '../../config/config';
import { isDuplicateKey, type Db, type Transaction } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { AppError, notFound, validationFailed } from '../../lib/errors';
import { newId } from '../../lib/tokens';
import { lineGiftCard, promotionCodesOf, type CartLineRow, type CartRepository, type CartRow } from './cart.repository';
import { priceOrder, type PriceResult, type ShippingRule, type TaxRule } from '../pricing';
import {
  couponRule,
  type CouponCustomer,
  type CouponRecord,
  type CouponService,
  type PreparedPromotions,
  type PromotionService,
} from '../promotions';
import { DEFAULT_MARKET_CODE, type MarketContext, type MarketsService, type MemberPrices } from '../markets';

/** Whose cart: a signed-in user's (one across devices) or the guest session's. */
export interface CartRef {
  userId?: string;
  guestCartId?: string;
}

export interface CartResult {
  cart: Cart;
  /** Set when a guest cart was created (the route keeps it in the session). */
  cartId: string | null;
}

/** What pricing needs of the cart row: callers pass the row they already read. */
export type CartHead = Pick<CartRow, 'id' | 'coupon_code' | 'market_code' | 'promotion_codes'>;

/** Promotion codes one cart may hold. */
const MAX_PROMOTION_CODES = 5;

export type CartListener = (userId: string, cart: Cart) => void;

/** A cart untouched this long is deleted (analytics can only rebuild the days whose carts are still here). */
export const CART_RETENTION_MS = 30 * 86_400_000;

/**
 * Lines of one gift-card variant for different recipients (or messages, days or chosen amounts)
 * stay apart; all others have key ''. A fixed-amount card's key is what it was before amounts could be chosen.
 */
const giftCardLineKey = (r: GiftCardRecipient, chosenPrice: number | null) =>
  createHash('sha256')
    .update(
      JSON.stringify([r.recipientEmail, r.recipientName ?? '', r.message ?? '', r.sendDate ?? '', ...(chosenPrice ? [chosenPrice] : [])]),
    )
    .digest('hex');

/** What a cart line of a variant is: its gift-card recipient and chosen amount (if any) and the key that keeps it apart. */
interface LineSpec {
  recipient: GiftCardRecipient | null;
  chosenPrice: number | null;
  lineKey: string;
}

const EMPTY_TOTALS = (currency: string) => {
  const zero = { amount: 0, currency };
  return { subtotal: zero, discount: zero, shipping: zero, tax: zero, total: zero };
};

/**
 * Carts are recomputed on every read from current prices and stock: totals in minor units, and
 * warnings when a price moved since the shopper added the item or stock fell below the quantity.
 * Shipping and tax are worked out at checkout, once the address is known.
 */
export class CartService {
  private readonly listeners: CartListener[] = [];
  constructor(
    private readonly db: Db,
    private readonly carts: CartRepository,
    private readonly coupons: CouponService,
    private readonly promotions: PromotionService,
    private readonly markets: MarketsService,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly maxLineQuantity: number,
    private readonly memberPrices?: MemberPrices,
  ) {}

  onChange(listener: CartListener): void {
    this.listeners.push(listener);
  }

  private async find(ref: CartRef, tx?: Transaction, forUpdate = false) {
    if (ref.userId) return this.carts.byUser(ref.userId, tx, forUpdate);
    if (ref.guestCartId) {
      const cart = await this.carts.byId(ref.guestCartId, tx, forUpdate);
      return cart && !cart.user_id ? cart : undefined;
    }
    return undefined;
  }

  async view(ref: CartRef): Promise<Cart> {
    const cart = await this.find(ref);
    return cart
      ? this.compute(cart, {}, undefined, { userId: ref.userId })
      : { id: null, items: [], itemCount: 0, totals: EMPTY_TOTALS(this.config.shop.currency), warnings: [], market: DEFAULT_MARKET_CODE };
  }

  /**
   * Prices the cart in another market from now on (its currency, its explicit or converted prices).
   * The answer carries a MARKET_CHANGED warning, once. Gift cards are sold and spent in the shop's
   * own currency only, so a cart holding one cannot move to a market in another currency (409).
   */
  async setMarket(ref: CartRef, code: string): Promise<CartResult> {
    const market = await this.markets.resolve(code);
    const now = this.clock.now();
    const known = (await this.find(ref)) ?? (await this.createCart(ref, now));
    const cartRef = ref.userId ? ref : { guestCartId: known.id };
    const before = await this.db.transaction(async (tx) => {
      const locked = (await this.find(cartRef, tx, true)) ?? (await this.createCart(ref, now, tx));
      if (market.currency !== this.markets.baseCurrency && (await this.carts.lines(locked.id, tx)).some((l) => l.is_gift_card))
        throw new AppError(
          'CONFLICT',
          `Gift cards are sold in ${this.markets.baseCurrency} only: remove them before shopping in ${market.currency}.`,
          [{ path: 'market', message: 'The cart holds a gift card' }],
        );
      await this.carts.setMarket(locked.id, market.isDefault ? null : market.code, tx);
      await this.carts.touch(locked.id, now, tx);
      return { id: locked.id, market: (await this.markets.resolveStored(locked.market_code)).code };
    });
    const result = await this.changed(ref, before.id);
    if (before.market === market.code || !result.cart.items.length) return result;
    const warning: CartWarning = {
      code: 'MARKET_CHANGED',
      message: `Your cart is now priced for ${market.name} in ${market.currency}: prices may differ from what you saw.`,
    };
    return { ...result, cart: { ...result.cart, warnings: [warning, ...result.cart.warnings] } };
  }

  /** The cart with its pricing, for checkout too (with shipping and tax rules once known). */
  async compute(
    head: CartHead,
    rules: { shipping?: ShippingRule | null; tax?: TaxRule | null; shippingMethodId?: string; locking?: boolean } = {},
    tx?: Transaction,
    customer: CouponCustomer = {},
  ): Promise<
    Cart & {
      pricing: PriceResult;
      lines: CartLineRow[];
      coupon?: { code: string };
      couponRow?: CouponRecord;
      marketContext: MarketContext;
      promotionsPrepared?: PreparedPromotions;
      toBase: (amount: number) => number;
    }
  > {
    const cartId = head.id;
    const couponCode = head.coupon_code;
    const baseRows = await this.carts.lines(cartId, tx);
    const market = await this.markets.resolveStored(head.market_code);
    const currency = market.currency;
    const rows = await this.inMarket(baseRows, market, customer.userId);
    const warnings: CartWarning[] = [];
    const sellable = rows.filter((r) => r.status === 'active');
    // Gift cards are emailed: a cart of nothing else ships nothing.
    const shipsNothing = sellable.length > 0 && sellable.every((r) => r.is_gift_card);
    let coupon: CouponRecord | undefined;
    if (couponCode) {
      const checked = await this.coupons.check(couponCode, customer, tx);
      if (checked.problem) warnings.push({ code: 'COUPON_NOT_APPLICABLE', message: checked.problem });
      else coupon = checked.coupon;
    }
    const priceLines = sellable.map((r) => ({
      key: r.id,
      unitPrice: Number(r.price_amount),
      quantity: Number(r.quantity),
      productId: r.product_id,
      variantId: r.variant_id,
      categoryIds:
        r.category_ids === null ? [] : typeof r.category_ids === 'string' ? (JSON.parse(r.category_ids) as string[]) : r.category_ids,
      giftCard: Boolean(r.is_gift_card),
    }));
    const codes = promotionCodesOf(head);
    const toBase = (amount: number) => this.markets.toBase(amount, market);
    const promotions = await this.promotions.prepare({
      lines: priceLines,
      codes,
      customer,
      market: {
        code: market.code,
        currency,
        toMarket: (amount) => this.markets.convert(amount, market),
        toBase,
        format: (amount) => formatMoney({ amount, currency }),
      },
      shippingMethodId: rules.shippingMethodId ?? null,
      tx,
      locking: rules.locking ?? false,
    });
    const pricing = priceOrder({
      lines: priceLines,
      promotions: promotions.apply,
      coupon: coupon ? this.convertRule(couponRule(coupon), market) : null,
      shipping: shipsNothing || !rules.shipping ? null : this.convertRule(rules.shipping, market),
      tax: rules.tax,
      pricesIncludeTax: market.pricesIncludeTax,
    });
    if (coupon && pricing.couponProblem) warnings.push({ code: 'COUPON_NOT_APPLICABLE', message: pricing.couponProblem });
    const outcome = promotions.outcome();
    for (const code of promotions.unknownCodes)
      warnings.push({ code: 'PROMOTION_NOT_APPLICABLE', message: `${code}: this code no longer exists.` });
    for (const r of outcome?.rejected ?? [])
      if (r.candidate.code) warnings.push({ code: 'PROMOTION_NOT_APPLICABLE', message: `${r.candidate.code.code}: ${r.reason}` });
    const money = (amount: number) => ({ amount, currency });
    const cartPromotions: CartPromotion[] = (outcome?.applied ?? []).map((a) => ({
      id: a.candidate.promotion.id,
      name: a.candidate.promotion.name,
      ...(a.candidate.code ? { code: a.candidate.code.code } : {}),
      discount: money(a.amount),
      freeShipping: a.freeShipping,
      items: priceLines.flatMap((l, i) => (a.discounts[i] ? [{ itemId: l.key, discount: money(a.discounts[i]!) }] : [])),
    }));
    const items: CartItem[] = rows.map((r) => {
      const line = pricing.lines.find((l) => l.key === r.id);
      const lineWarnings: CartWarning[] = [];
      const price = Number(r.price_amount);
      const giftCard = r.is_gift_card ? lineGiftCard(r) : null;
      if (r.status !== 'active') lineWarnings.push({ code: 'UNAVAILABLE', message: 'This item is no longer sold.' });
      else {
        if (Number(r.base_price) !== Number(r.seen_unit_price)) {
          lineWarnings.push({
            code: 'PRICE_CHANGED',
            message: `The price changed from ${(Number(r.seen_unit_price) / 100).toFixed(2)} to ${(Number(r.base_price) / 100).toFixed(2)}.`,
          });
        }
        if (!r.allow_backorder && Number(r.available) < Number(r.quantity)) {
          lineWarnings.push({ code: 'INSUFFICIENT_STOCK', message: `Only ${Math.max(0, Number(r.available))} left.` });
        }
      }
      return {
        id: r.id,
        variantId: r.variant_id,
        productSlug: r.slug,
        title: r.title,
        variantTitle: r.variant_title,
        sku: r.sku,
        ...(r.image ? { image: r.image } : {}),
        quantity: Number(r.quantity),
        unitPrice: money(price),
        lineTotal: money(line?.lineTotal ?? 0),
        discount: money(line?.discount ?? 0),
        warnings: lineWarnings,
        ...(giftCard ? { giftCard } : {}),
      };
    });
    return {
      id: cartId,
      items,
      itemCount: items.reduce((n, i) => n + i.quantity, 0),
      ...(coupon ? { coupon: { code: coupon.code } } : {}),
      promotions: cartPromotions,
      promotionCodes: codes,
      totals: {
        subtotal: money(pricing.subtotal),
        discount: money(pricing.discount),
        shipping: money(pricing.shipping),
        tax: money(pricing.tax),
        total: money(pricing.total),
      },
      warnings,
      market: market.code,
      pricing,
      lines: sellable,
      couponRow: coupon,
      marketContext: market,
      promotionsPrepared: promotions,
      toBase,
    };
  }

  /** Lines priced in the market: `price_amount` becomes the market's price, `base_price` keeps the shop's. */
  private async inMarket(
    rows: CartLineRow[],
    market: MarketContext,
    userId?: string | null,
  ): Promise<(CartLineRow & { base_price: number })[]> {
    const inMarket = await this.markets.priceIn(
      market,
      rows.map((r) => ({ variantId: r.variant_id, amount: Number(r.price_amount), compareAtAmount: null })),
    );
    // A member pays their price list's price (the lowest that applies); a chosen gift-card amount is never changed.
    const own =
      userId && this.memberPrices && (await this.memberPrices.applies(userId, market.code))
        ? await this.memberPrices.prices(
            userId,
            market,
            rows.map((r, i) => ({ variantId: r.variant_id, amount: inMarket[i]!.amount, compareAtAmount: null })),
          )
        : undefined;
    return rows.map((r, i) => ({
      ...r,
      base_price: Number(r.price_amount),
      price_amount: r.is_gift_card || !own ? inMarket[i]!.amount : own[i]!.amount,
    }));
  }

  /** A coupon's or shipping method's fixed amounts (base currency) in the market's currency, converted exactly. */
  private convertRule<R extends { value?: number; amount?: number; minSubtotal?: number | null; freeOver?: number | null; type?: string }>(
    rule: R,
    market: MarketContext,
  ): R {
    if (market.currency === this.markets.baseCurrency) return rule;
    const convert = (n: number | null | undefined) => (n == null ? n : this.markets.convert(n, market));
    return {
      ...rule,
      ...(rule.type === 'fixed' ? { value: convert(rule.value) } : {}),
      ...('amount' in rule ? { amount: convert(rule.amount) } : {}),
      ...('minSubtotal' in rule ? { minSubtotal: convert(rule.minSubtotal) } : {}),
      ...('freeOver' in rule ? { freeOver: convert(rule.freeOver) } : {}),
    };
  }

  /** The cart as shoppers see it; the cart row itself when the caller has just read it. */
  private async publicView(cart: string | CartHead, customer: CouponCustomer): Promise<Cart> {
    const head = typeof cart === 'string' ? await this.carts.byId(cart) : cart;
    if (!head) throw notFound('The cart');
    const {
      pricing: _p,
      lines: _l,
      couponRow: _c,
      marketContext: _m,
      promotionsPrepared: _pp,
      toBase: _tb,
      ...view
    } = await this.compute(head, {}, undefined, customer);
    return view;
  }

  private async changed(ref: CartRef, cart: string | CartHead): Promise<CartResult> {
    const view = await this.publicView(cart, { userId: ref.userId });
    if (ref.userId) for (const l of this.listeners) l(ref.userId, view);
    return { cart: view, cartId: typeof cart === 'string' ? cart : cart.id };
  }

  /** A new cart for this shopper (or the one a concurrent request just made for the same user). */
  private async createCart(ref: CartRef, now: Date, tx?: Transaction) {
    const made = { id: newId(), user_id: ref.userId ?? null, coupon_code: null, market_code: null, promotion_codes: null };
    try {
      await this.carts.create(made.id, made.user_id, now, tx);
      return made;
    } catch (err) {
      // The user's cart was made by a concurrent request: use that one.
      const existing = isDuplicateKey(err) && ref.userId ? await this.find(ref, tx, !!tx) : undefined;
      if (!existing) throw err;
      return existing;
    }
  }

  /**
   * Who a gift card is for: required for a gift-card product (with a send day from today to a year
   * ahead), refused for any other. Empty optional fields are left out. A chosen-amount card needs
   * its amount within the product's range (the shared schema's rule); a fixed-amount card takes none.
   */
  private lineSpec(
    variant: { is_gift_card: number; gift_card_min: number | null; gift_card_max: number | null; currency: string },
    given: GiftCardRecipientInput | undefined,
  ): LineSpec {
    if (!variant.is_gift_card) {
      if (given)
        throw validationFailed([{ path: 'giftCard', message: 'This product is not a gift card' }], 'Only gift cards have a recipient.');
      return { recipient: null, chosenPrice: null, lineKey: '' };
    }
    if (!given)
      throw validationFailed(
        [{ path: 'giftCard.recipientEmail', message: 'Say who the gift card is for' }],
        'Say who the gift card is for.',
      );
    const problem = given.sendDate ? giftCardSendDateProblem(given.sendDate, this.clock.now()) : undefined;
    if (problem) throw validationFailed([{ path: 'giftCard.sendDate', message: problem }], `${problem}.`);
    const range = chosenAmountRange(variant.gift_card_min, variant.gift_card_max);
    if (!range && given.amount !== undefined)
      throw validationFailed(
        [{ path: 'giftCard.amount', message: 'This gift card comes in fixed amounts' }],
        'This gift card comes in fixed amounts: choose one of them.',
      );
    let chosenPrice: number | null = null;
    if (range) {
      const amount = chosenAmountSchema(range, variant.currency).safeParse(given.amount);
      if (!amount.success) {
        const message = given.amount === undefined ? 'Enter an amount' : amount.error.issues[0]!.message;
        throw validationFailed([{ path: 'giftCard.amount', message }], `${message}: choose the gift card's amount within its range.`);
      }
      chosenPrice = amount.data;
    }
    const recipient = {
      recipientEmail: given.recipientEmail,
      ...(given.recipientName ? { recipientName: given.recipientName } : {}),
      ...(given.message ? { message: given.message } : {}),
      ...(given.sendDate ? { sendDate: given.sendDate } : {}),
    };
    return { recipient, chosenPrice, lineKey: giftCardLineKey(recipient, chosenPrice) };
  }

  async addItem(ref: CartRef, variantId: string, quantity: number, giftCard?: GiftCardRecipientInput): Promise<CartResult> {
    const now = this.clock.now();
    // A missing cart is created first, by a statement of its own. Created inside the transaction,
    // it came after a locking read of the missing row, which takes a gap lock on carts_user; shoppers
    // whose carts fell in the same gap then deadlocked on their inserts (seen in the load test).
    const known = (await this.find(ref)) ?? (await this.createCart(ref, now));
    const cartRef = ref.userId ? ref : { guestCartId: known.id };
    const cart = await this.db.transaction(async (tx) => {
      const variant = await this.carts.variantForCart(variantId, tx);
      if (!variant || variant.status !== 'active') throw notFound('The product');
      const { recipient, chosenPrice, lineKey } = this.lineSpec(variant, giftCard);
      const price = chosenPrice ?? Number(variant.price_amount);
      // Locks an existing row only, unless the cart went meanwhile (an order was paid).
      const locked = (await this.find(cartRef, tx, true)) ?? (await this.createCart(ref, now, tx));
      if (recipient && (await this.markets.resolveStored(locked.market_code)).currency !== this.markets.baseCurrency)
        throw new AppError('CONFLICT', `Gift cards are sold in ${this.markets.baseCurrency} only.`, [
          { path: 'variantId', message: 'Gift cards cannot be bought in this market' },
        ]);
      const existing = await this.carts.lineByVariant(locked.id, variantId, lineKey, tx);
      const wanted = (existing ? Number(existing.quantity) : 0) + quantity;
      this.checkQuantity(wanted, variant);
      if (existing) await this.carts.setLine(existing.id, wanted, price, tx);
      else
        await this.carts.insertLine(
          {
            id: newId(),
            cartId: locked.id,
            variantId,
            quantity,
            seenUnitPrice: price,
            chosenPrice,
            giftCard: recipient,
            lineKey,
            now,
          },
          tx,
        );
      await this.carts.touch(locked.id, now, tx);
      return locked;
    });
    return this.changed(ref, cart);
  }

  private checkQuantity(quantity: number, variant: { available: number; allow_backorder: number; sku: string }) {
    if (quantity > this.maxLineQuantity) {
      throw validationFailed(
        [{ path: 'quantity', message: `At most ${this.maxLineQuantity} of one item per order` }],
        `At most ${this.maxLineQuantity} of one item per order.`,
      );
    }
    if (!variant.allow_backorder && quantity > Number(variant.available)) {
      throw new AppError('INSUFFICIENT_STOCK', `Only ${Math.max(0, Number(variant.available))} of this item are available.`, [
        { path: 'quantity', message: `Only ${Math.max(0, Number(variant.available))} available` },
      ]);
    }
  }

  async updateItem(ref: CartRef, itemId: string, quantity: number): Promise<CartResult> {
    const cart = await this.find(ref);
    if (!cart) throw notFound('The cart item');
    await this.db.transaction(async (tx) => {
      const line = await this.carts.line(cart.id, itemId, tx);
      if (!line) throw notFound('The cart item');
      const variant = (await this.carts.variantForCart(line.variant_id, tx))!;
      this.checkQuantity(quantity, variant);
      // Changing the quantity acknowledges the current price (a chosen amount stays what was chosen).
      await this.carts.setLine(itemId, quantity, line.chosen_price === null ? Number(variant.price_amount) : Number(line.chosen_price), tx);
      await this.carts.touch(cart.id, this.clock.now(), tx);
    });
    return this.changed(ref, cart.id);
  }

  async removeItem(ref: CartRef, itemId: string): Promise<CartResult> {
    const cart = await this.find(ref);
    if (!cart || !(await this.carts.deleteLine(cart.id, itemId))) throw notFound('The cart item');
    await this.carts.touch(cart.id, this.clock.now());
    return this.changed(ref, cart.id);
  }

  async applyCoupon(ref: CartRef, code: string): Promise<CartResult> {
    const cart = await this.find(ref);
    if (!cart) throw validationFailed([{ path: 'code', message: 'Add something to the cart first' }], 'Add something to the cart first.');
    const { coupon, problem } = await this.coupons.check(code, { userId: ref.userId });
    if (coupon || !problem) {
      if (problem) throw validationFailed([{ path: 'code', message: problem }], problem);
      await this.carts.setCoupon(cart.id, coupon!.code);
      return this.changed(ref, cart.id);
    }
    // Not a coupon: a promotion's code. One the cart does not meet yet stays, and the cart says why.
    const normalised = code.trim().toUpperCase();
    const promotion = await this.promotions.checkCode(normalised, { userId: ref.userId });
    if (!promotion.exists) throw validationFailed([{ path: 'code', message: 'This code does not exist.' }], 'This code does not exist.');
    if (promotion.problem) throw validationFailed([{ path: 'code', message: promotion.problem }], promotion.problem);
    const codes = promotionCodesOf(cart);
    if (!codes.includes(normalised)) {
      if (codes.length >= MAX_PROMOTION_CODES)
        throw validationFailed(
          [{ path: 'code', message: `At most ${MAX_PROMOTION_CODES} codes` }],
          `A cart holds at most ${MAX_PROMOTION_CODES} codes.`,
        );
      await this.carts.setPromotionCodes(cart.id, [...codes, normalised]);
    }
    return this.changed(ref, cart.id);
  }

  async removePromotionCode(ref: CartRef, code: string): Promise<CartResult> {
    const cart = await this.find(ref);
    if (!cart) throw notFound('The cart');
    const codes = promotionCodesOf(cart);
    const normalised = code.trim().toUpperCase();
    if (!codes.includes(normalised)) throw notFound('The code');
    await this.carts.setPromotionCodes(
      cart.id,
      codes.filter((c) => c !== normalised),
    );
    return this.changed(ref, cart.id);
  }

  async removeCoupon(ref: CartRef): Promise<CartResult> {
    const cart = await this.find(ref);
    if (!cart) throw notFound('The cart');
    await this.carts.setCoupon(cart.id, null);
    return this.changed(ref, cart.id);
  }

  /**
   * At sign-in the guest cart joins the user's: quantities add up, capped by what is available
   * and the per-line limit; the guest's coupon is kept when the user's cart has none.
   */
  async mergeGuestCart(guestCartId: string | undefined, userId: string): Promise<void> {
    if (!guestCartId) return;
    const now = this.clock.now();
    const merged = await this.db.transaction(async (tx) => {
      const guest = await this.carts.byId(guestCartId, tx, true);
      if (!guest || guest.user_id) return false;
      const mine = await this.carts.byUser(userId, tx, true);
      if (!mine) {
        await this.carts.assignToUser(guest.id, userId, tx);
        await this.carts.touch(guest.id, now, tx);
        return true;
      }
      for (const line of await this.carts.lines(guest.id, tx)) {
        const variant = await this.carts.variantForCart(line.variant_id, tx);
        if (!variant || variant.status !== 'active') continue;
        const existing = await this.carts.lineByVariant(mine.id, line.variant_id, line.line_key, tx);
        const cap = Math.min(this.maxLineQuantity, variant.allow_backorder ? Infinity : Math.max(0, Number(variant.available)));
        const quantity = Math.min(cap, (existing ? Number(existing.quantity) : 0) + Number(line.quantity));
        if (quantity <= 0) continue;
        // The key includes a chosen amount: the line found has the same price as this one.
        if (existing) await this.carts.setLine(existing.id, quantity, Number(line.price_amount), tx);
        else
          await this.carts.insertLine(
            {
              id: newId(),
              cartId: mine.id,
              variantId: line.variant_id,
              quantity,
              seenUnitPrice: Number(line.seen_unit_price),
              chosenPrice: line.chosen_price === null ? null : Number(line.chosen_price),
              giftCard: lineGiftCard(line),
              lineKey: line.line_key,
              now,
            },
            tx,
          );
      }
      if (!mine.coupon_code && guest.coupon_code) await this.carts.setCoupon(mine.id, guest.coupon_code, tx);
      if (!mine.market_code && guest.market_code) await this.carts.setMarket(mine.id, guest.market_code, tx);
      const codes = [...new Set([...promotionCodesOf(mine), ...promotionCodesOf(guest)])].slice(0, MAX_PROMOTION_CODES);
      if (codes.length !== promotionCodesOf(mine).length) await this.carts.setPromotionCodes(mine.id, codes, tx);
      await this.carts.delete(guest.id, tx);
      await this.carts.touch(mine.id, now, tx);
      return true;
    });
    if (merged) {
      const cart = await this.carts.byUser(userId);
      if (cart) await this.changed({ userId }, cart.id);
    }
  }

  /** After a paid order the cart it came from is emptied. */
  /**
   * Idle carts: those untouched for `abandonedAfterMs` are marked abandoned (a later change clears
   * the mark), those untouched for CART_RETENTION_MS are deleted. Running it twice changes nothing more.
   */
  async sweepIdle(abandonedAfterMs: number): Promise<{ abandoned: number; deleted: number }> {
    const now = this.clock.now();
    const abandoned = await this.carts.markAbandoned(new Date(now.getTime() - abandonedAfterMs), now);
    const deleted = await this.carts.deleteIdle(new Date(now.getTime() - CART_RETENTION_MS));
    return { abandoned, deleted };
  }

  async clear(cartId: string, tx?: Transaction): Promise<void> {
    await this.carts.delete(cartId, tx);
  }
}
