import { z } from 'zod';
import type { CheckoutRequest, CheckoutResponse, PayOrderResponse } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Db } from '../../db/db';
import { isDatabaseUnavailable } from '../../db/db';
import { AppError, notFound, serviceUnavailable, validationFailed } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { newId } from '../../lib/tokens';
import type { InventoryService } from '../inventory';
import type { PaymentProvider } from '../payments';
import { giftCardLineProblem, lineGiftCard, type CartRef, type CartRepository, type CartService } from '../cart';
import {
  newOrderRow,
  toOrderDto,
  type OrderItemRow,
  type OrderRepository,
  type OrderRow,
  type OrderService,
  type OrderViewer,
  type OrderWorkflow,
} from '../orders';
import type { PricingRepository } from '../pricing';
import type { CouponService, PromotionService } from '../promotions';
import type { BalancesService } from '../balances';
import { IdempotencyStore, type IdempotencyClaim } from './idempotency';

/**
 * Checkout: revalidate the cart at current prices, create the order with line snapshots, reserve
 * every line's stock (all or nothing) and hold a coupon use, in one transaction; then create the
 * payment with the provider. If the provider fails, the order is cancelled again (compensation).
 * The Idempotency-Key's answer commits in the order's transaction (see IdempotencyStore).
 */
const IdempotencyKey = z.string().min(1).max(255);

export class CheckoutService {
  constructor(
    private readonly db: Db,
    private readonly carts: CartService,
    private readonly cartRepo: CartRepository,
    private readonly pricing: PricingRepository,
    private readonly coupons: CouponService,
    private readonly promotions: PromotionService,
    private readonly balances: BalancesService,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    private readonly inventory: InventoryService,
    private readonly provider: PaymentProvider,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly idempotency: IdempotencyStore,
    private readonly orderAccess: Pick<OrderService, 'canView'>,
  ) {}

  /**
   * Paying an order from its page: a sent invoice, or a checkout left unpaid. The open payment is
   * answered again (a retry after a decline uses it too); otherwise a new one is made for what is
   * due. A provider that is down is a 503 and the order stays as it is, payable later.
   */
  async payOrder(orderId: string, viewer: OrderViewer): Promise<PayOrderResponse> {
    const found = await this.orders.byId(orderId);
    if (!found || !this.orderAccess.canView(found, viewer)) throw notFound('The order');
    const { order, payment, fresh } = await this.db.transaction(async (tx) => {
      const order = (await this.orders.byId(orderId, tx, true))!;
      const owedAfterEdit = Number(order.amount_due ?? 0) > 0;
      if (!owedAfterEdit && (order.status !== 'pending_payment' || order.payment_status === 'paid'))
        throw new AppError('INVALID_TRANSITION', 'Nothing is due on this order.');
      const open = (await this.orders.payments(orderId, tx)).filter((p) => !['cancelled', 'succeeded'].includes(p.status)).at(-1);
      if (open?.provider_ref) return { order, payment: open, fresh: false };
      const id = open?.id ?? newId();
      if (!open)
        await this.orders.insertPayment(
          {
            id,
            orderId,
            provider: this.provider.name,
            amount: owedAfterEdit ? Number(order.amount_due) : Number(order.total) - Number(order.balance_amount),
            currency: order.currency,
            now: this.clock.now(),
          },
          tx,
        );
      return { order, payment: (await this.orders.payment(id, tx))!, fresh: true };
    });
    let clientSecret = payment.client_secret ?? undefined;
    if (fresh) {
      try {
        const created = await this.provider.createPayment({
          id: order.id,
          number: order.number,
          total: Number(payment.amount),
          currency: order.currency,
          email: order.email,
        });
        await this.orders.setPaymentCreated(payment.id, created, this.clock.now());
        clientSecret = (await this.orders.payment(payment.id))?.client_secret ?? undefined;
      } catch (err) {
        if (err instanceof AppError || isDatabaseUnavailable(err)) throw err;
        this.logger.error({ err, order: order.number }, 'the payment provider failed: the order stays payable');
        throw serviceUnavailable('Payments are unavailable right now; nothing was charged. Please try again shortly.', 30);
      }
    }
    const items = await this.orders.items(orderId);
    return {
      order: toOrderDto(order, items),
      payment: {
        id: payment.id,
        provider: this.provider.name,
        status: fresh ? 'requires_payment' : payment.status,
        amount: { amount: Number(payment.amount), currency: order.currency },
        refunded: { amount: 0, currency: order.currency },
        ...(clientSecret ? { clientSecret } : {}),
      },
    };
  }

  /** Checkout under an Idempotency-Key: one order per key and body, whatever crashed in between. */
  /**
   * Checkout under an Idempotency-Key (API.md): the same key and body answer the same order. Keys
   * are scoped to the shopper (account, or else browser session), so two shoppers cannot collide.
   */
  checkoutOnce(ref: CartRef, input: CheckoutRequest, idempotency: { key: string | undefined; sessionId: string }) {
    const key = IdempotencyKey.safeParse(idempotency.key);
    if (!key.success)
      throw new AppError('VALIDATION_FAILED', 'Send an Idempotency-Key header (1–255 characters).', [
        { path: 'headers.idempotency-key', message: 'Required, 1–255 characters' },
      ]);
    const scope = ref.userId ? `user:${ref.userId}` : `session:${idempotency.sessionId}`;
    return this.idempotency.run(scope, key.data, IdempotencyStore.hash(input), {
      work: (claim) => this.checkout(ref, input, claim),
      replay: (answer, claim) => this.resume(answer.resourceId, ref, claim),
    });
  }

  async checkout(ref: CartRef, input: CheckoutRequest, claim?: IdempotencyClaim): Promise<CheckoutResponse> {
    const cartRow = ref.userId
      ? await this.cartRepo.byUser(ref.userId)
      : ref.guestCartId
        ? await this.cartRepo.byId(ref.guestCartId)
        : undefined;
    if (!cartRow || (!ref.userId && cartRow.user_id))
      throw validationFailed([{ path: 'cart', message: 'The cart is empty' }], 'The cart is empty.');
    const country = input.shippingAddress.country;
    const method = await this.pricing.shippingMethod(input.shippingMethodId);
    if (!method || (method.countries && !method.countries.includes(country))) {
      throw validationFailed([{ path: 'shippingMethodId', message: `This shipping method does not deliver to ${country}` }]);
    }
    const tax = await this.pricing.taxRate(country, input.shippingAddress.region);
    const now = this.clock.now();
    const orderId = newId();
    const paymentId = newId();

    // The order and its items as written: checkout answers from them instead of reading them back.
    const { order, items } = await this.db.transaction(async (tx) => {
      const priced = await this.carts.compute(cartRow, { shipping: method.rule, tax, shippingMethodId: method.id, locking: true }, tx, {
        userId: ref.userId,
        email: input.email,
      });
      if (!priced.lines.length)
        throw validationFailed([{ path: 'cart', message: 'The cart has nothing that can be bought' }], 'The cart is empty.');
      const market = priced.marketContext;
      if (market.shippingMethodIds && !market.shippingMethodIds.includes(method.id))
        throw validationFailed([{ path: 'shippingMethodId', message: `This shipping method is not offered in ${market.name}` }]);
      const foreignCurrency = market.currency !== this.config.shop.currency;
      if (foreignCurrency && (input.giftCardCodes?.length || input.useStoreCredit))
        throw validationFailed(
          [{ path: input.useStoreCredit ? 'useStoreCredit' : 'giftCardCodes', message: `Only for orders in ${this.config.shop.currency}` }],
          `Gift cards and store credit are spent in ${this.config.shop.currency} only.`,
        );
      const unavailable = priced.items.filter((i) => i.warnings.some((w) => w.code === 'UNAVAILABLE'));
      if (unavailable.length)
        throw new AppError(
          'CONFLICT',
          'Some items are no longer sold: remove them first.',
          unavailable.map((i) => ({ path: `items.${i.id}`, message: `${i.title} is no longer sold` })),
        );
      // A product that became a gift card after it was added has no recipient yet; one whose amounts changed, no amount it sells.
      const unfit = priced.lines.flatMap((l) => {
        const problem = giftCardLineProblem(l);
        return problem ? [{ path: `items.${l.id}`, message: `${l.title} ${problem}` }] : [];
      });
      if (unfit.length)
        throw new AppError('CONFLICT', 'Say who each gift card is for, and for how much: remove it from the cart and add it again.', unfit);
      if (priced.warnings.some((w) => w.code === 'COUPON_NOT_APPLICABLE') && cartRow.coupon_code) {
        const problem = priced.warnings.find((w) => w.code === 'COUPON_NOT_APPLICABLE')!.message;
        throw new AppError('CONFLICT', `The coupon cannot be used: ${problem}`, [{ path: 'coupon', message: problem }]);
      }

      // Promotions were judged under their locks; one the shopper saw that ran out meanwhile stops the order.
      const lost = priced.promotionsPrepared?.lost() ?? [];
      if (lost.length)
        throw new AppError(
          'CONFLICT',
          `${lost.map((n) => `“${n}”`).join(', ')} ran out while you were checking out: review your cart, whose total has changed.`,
          lost.map((n) => ({ path: 'promotions', message: `${n} ran out` })),
        );

      // The coupon's limits are judged again under its lock: this is where a use is taken.
      const couponId = priced.couponRow
        ? await this.coupons.redeem(priced.couponRow.code, { id: orderId, userId: ref.userId ?? null, email: input.email }, tx)
        : null;

      const p = priced.pricing;
      // Gift cards, then store credit, each under its lock; the provider is asked for the rest.
      const balancePaid =
        input.giftCardCodes?.length || input.useStoreCredit
          ? await this.balances.payOrder({ id: orderId, userId: ref.userId ?? null, currency: market.currency, total: p.total }, input, tx)
          : 0;
      const order = newOrderRow({
        id: orderId,
        number: await this.orders.nextNumber(tx),
        user_id: ref.userId ?? null,
        email: input.email,
        status: 'pending_payment',
        currency: market.currency,
        totals: p,
        balance_amount: balancePaid,
        cart_id: cartRow.id,
        coupon_id: couponId,
        coupon_code: priced.couponRow?.code ?? null,
        shipping_method_id: method.id,
        shipping_method_name: method.name,
        shippingAddress: input.shippingAddress,
        billing_address: input.billingAddress ? JSON.stringify(input.billingAddress) : null,
        reservation_expires_at: new Date(now.getTime() + this.config.shop.reservationMinutes * 60_000),
        created_at: now,
      });
      await this.orders.insert(order, now, tx);
      if (!market.isDefault) await this.orders.setMarket(orderId, market.code, market.rate, tx);
      await this.promotions.redeem(
        priced.promotionsPrepared?.outcome(),
        { id: orderId, userId: ref.userId ?? null, email: input.email, currency: market.currency },
        priced.toBase,
        tx,
      );
      const items = priced.lines.map((line): OrderItemRow => {
        const result = p.lines.find((l) => l.key === line.id)!;
        return {
          id: newId(),
          order_id: orderId,
          variant_id: line.variant_id,
          product_id: line.product_id,
          sku: line.sku,
          title: line.title,
          variant_title: line.variant_title,
          quantity: Number(line.quantity),
          refunded_quantity: 0,
          unit_price: Number(line.price_amount),
          discount: result.discount,
          tax: result.tax,
          line_total: result.lineTotal,
          gift_card: line.is_gift_card ? lineGiftCard(line) : null,
        };
      });
      await this.orders.insertItems(items, tx);
      // All lines or none: one shortage rolls the whole order back (409 INSUFFICIENT_STOCK). Gift cards are not stock.
      await this.inventory.apply(
        priced.lines
          .filter((l) => !l.is_gift_card)
          .map((l) => ({ variantId: l.variant_id, delta: 0, reservedDelta: Number(l.quantity), reason: 'reservation' as const })),
        { referenceType: 'order', referenceId: orderId },
        tx,
      );
      await this.orders.event(orderId, { type: 'created', to: 'pending_payment', actorUserId: ref.userId ?? null }, now, tx);
      await this.workflow.publish('order.created', order, tx, items);
      const paidInFull = balancePaid === p.total;
      if (paidInFull) await this.workflow.markPaid(order, 'paid with gift cards and store credit', tx);
      else
        await this.orders.insertPayment(
          { id: paymentId, orderId, provider: this.provider.name, amount: p.total - balancePaid, currency: order.currency, now },
          tx,
        );
      // Last, so the key's row lock is held for the shortest time; a stalled holder that lost its lease fails here.
      await claim?.complete(tx, { status: 201, resourceId: orderId });
      this.workflow.announce(tx, 'created', order);
      return {
        order: paidInFull ? { ...order, status: 'paid' as const, payment_status: 'paid' as const } : order,
        items,
      };
    });
    if (order.status === 'paid') return this.answer(ref, order, items, null);

    const created = await this.startPayment(order, paymentId, claim);
    // The order, its items and the payment row are what was just written: no re-reads.
    return this.answer(ref, order, items, { id: paymentId, status: 'requires_payment', ...created });
  }

  /**
   * A replayed checkout: the committed order as it is now. If the first request died between the
   * order's commit and the provider's answer, the payment is created now (Stripe's own idempotency
   * key is derived from the order, so this never makes a second PaymentIntent).
   */
  private async resume(orderId: string, ref: CartRef, claim: IdempotencyClaim): Promise<CheckoutResponse> {
    const order = await this.orders.byId(orderId);
    if (!order) throw new AppError('CONFLICT', 'The order this Idempotency-Key created no longer exists; use a new key.');
    const [items, payments] = await Promise.all([this.orders.items(orderId), this.orders.payments(orderId)]);
    const payment = payments[payments.length - 1];
    // Paid in full by gift cards and store credit: there is no provider payment.
    if (!payment) return this.answer(ref, order, items, null);
    if (payment.status === 'creating' && order.status === 'pending_payment') {
      const created = await this.startPayment(order, payment.id, claim);
      return this.answer(ref, order, items, { id: payment.id, status: 'requires_payment', ...created });
    }
    return this.answer(ref, order, items, {
      id: payment.id,
      status: payment.status,
      refunded: Number(payment.refunded_amount),
      clientSecret: payment.client_secret ?? undefined,
    });
  }

  /** The provider is called outside the transaction (no locks held over the network). */
  private async startPayment(order: OrderRow, paymentId: string, claim?: IdempotencyClaim) {
    try {
      const created = await this.provider.createPayment({
        id: order.id,
        number: order.number,
        total: Number(order.total) - Number(order.balance_amount),
        currency: order.currency,
        email: order.email,
      });
      // Conditional: of two replays racing to finish one payment, the first one's reference stands.
      const { affectedRows } = await this.orders.setPaymentCreated(paymentId, created, this.clock.now());
      if (affectedRows) return { clientSecret: created.clientSecret };
      return { clientSecret: (await this.orders.payment(paymentId))?.client_secret ?? undefined };
    } catch (err) {
      if (err instanceof AppError || isDatabaseUnavailable(err)) throw err;
      this.logger.error({ err, order: order.number }, 'the payment provider failed: cancelling the order');
      await this.db.transaction(async (tx) => {
        await this.workflow.cancelUnpaid(
          (await this.orders.byId(order.id, tx, true))!,
          'payment_cancelled',
          null,
          'the payment provider could not be reached',
          tx,
        );
        // The order is undone, so the key is free: the shopper's retry places a new one.
        await claim?.release(tx);
      });
      throw serviceUnavailable('Payments are unavailable right now; nothing was charged. Please try again shortly.', 30);
    }
  }

  private async answer(
    ref: CartRef,
    order: OrderRow,
    items: OrderItemRow[],
    payment: { id: string; status: string; refunded?: number; clientSecret?: string } | null,
  ): Promise<CheckoutResponse> {
    return {
      order: toOrderDto(order, items),
      payment: payment && {
        id: payment.id,
        provider: this.provider.name,
        status: payment.status,
        amount: { amount: Number(order.total) - Number(order.balance_amount), currency: order.currency },
        refunded: { amount: payment.refunded ?? 0, currency: order.currency },
        ...(payment.clientSecret ? { clientSecret: payment.clientSecret } : {}),
      },
      ...(ref.userId ? {} : { accessToken: this.workflow.accessToken(order.id) }),
    };
  }
}
