import type { CheckoutRequest, CheckoutResponse } from '@bazaar/shared';
import type { Config } from '../../config/config';
import type { Db } from '../../db/db';
import { AppError, serviceUnavailable, validationFailed } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { newId } from '../../lib/tokens';
import type { InventoryService } from '../inventory';
import type { PaymentProvider } from '../payments/payment-provider';
import { couponProblem, type CartRef, type CartService } from './cart.service';
import type { CartRepository } from './cart.repository';
import type { OrderItemRow, OrderRepository, OrderRow } from './order.repository';
import type { OrderWorkflow } from './order-workflow';
import type { PricingRepository } from './pricing.repository';

/**
 * Checkout: revalidate the cart at current prices, create the order with line snapshots, reserve
 * every line's stock (all or nothing) and hold a coupon use, in one transaction; then create the
 * payment with the provider. If the provider fails, the order is cancelled again (compensation).
 */
export class CheckoutService {
  constructor(
    private readonly db: Db,
    private readonly carts: CartService,
    private readonly cartRepo: CartRepository,
    private readonly pricing: PricingRepository,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    private readonly inventory: InventoryService,
    private readonly provider: PaymentProvider,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly logger: Logger,
  ) {}

  async checkout(ref: CartRef, input: CheckoutRequest): Promise<CheckoutResponse> {
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
      const priced = await this.carts.compute(cartRow.id, cartRow.coupon_code, { shipping: method.rule, tax }, tx);
      if (!priced.lines.length)
        throw validationFailed([{ path: 'cart', message: 'The cart has nothing that can be bought' }], 'The cart is empty.');
      const unavailable = priced.items.filter((i) => i.warnings.some((w) => w.code === 'UNAVAILABLE'));
      if (unavailable.length)
        throw new AppError(
          'CONFLICT',
          'Some items are no longer sold: remove them first.',
          unavailable.map((i) => ({ path: `items.${i.id}`, message: `${i.title} is no longer sold` })),
        );
      if (priced.warnings.some((w) => w.code === 'COUPON_NOT_APPLICABLE') && cartRow.coupon_code) {
        const problem = priced.warnings.find((w) => w.code === 'COUPON_NOT_APPLICABLE')!.message;
        throw new AppError('CONFLICT', `The coupon cannot be used: ${problem}`, [{ path: 'coupon', message: problem }]);
      }

      let couponId: string | null = null;
      if (priced.couponRow) {
        const coupon = (await this.pricing.couponByCode(priced.couponRow.code, tx, true))!;
        const problem = couponProblem(coupon, now);
        if (problem) throw new AppError('CONFLICT', problem, [{ path: 'coupon', message: problem }]);
        if (
          coupon.per_customer_limit !== null &&
          (await this.pricing.customerUses(coupon.id, input.email, tx)) >= Number(coupon.per_customer_limit)
        ) {
          throw new AppError('CONFLICT', 'You have already used this coupon.', [{ path: 'coupon', message: 'Already used' }]);
        }
        if (!(await this.pricing.takeCouponUse(coupon.id, tx)))
          throw new AppError('CONFLICT', 'This coupon has been used up.', [{ path: 'coupon', message: 'Used up' }]);
        couponId = coupon.id;
      }

      const p = priced.pricing;
      const order: OrderRow = {
        id: orderId,
        number: await this.orders.nextNumber(tx),
        user_id: ref.userId ?? null,
        email: input.email,
        status: 'pending_payment',
        payment_status: 'pending',
        currency: this.config.shop.currency,
        subtotal: p.subtotal,
        discount: p.discount,
        shipping: p.shipping,
        tax: p.tax,
        total: p.total,
        refunded_amount: 0,
        cart_id: cartRow.id,
        coupon_id: couponId,
        coupon_code: priced.couponRow?.code ?? null,
        shipping_method_id: method.id,
        shipping_method_name: method.name,
        shipping_address: JSON.stringify(input.shippingAddress),
        billing_address: input.billingAddress ? JSON.stringify(input.billingAddress) : null,
        carrier: null,
        tracking_number: null,
        reservation_expires_at: new Date(now.getTime() + this.config.shop.reservationMinutes * 60_000),
        flag: null,
        created_at: now,
      };
      await this.orders.insert(order, now, tx);
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
        };
      });
      await this.orders.insertItems(items, tx);
      // All lines or none: one shortage rolls the whole order back (409 INSUFFICIENT_STOCK).
      await this.inventory.apply(
        priced.lines.map((l) => ({ variantId: l.variant_id, delta: 0, reservedDelta: Number(l.quantity), reason: 'reservation' as const })),
        { referenceType: 'order', referenceId: orderId },
        tx,
      );
      await this.orders.event(orderId, { type: 'created', to: 'pending_payment', actorUserId: ref.userId ?? null }, now, tx);
      await this.db.execute(
        "INSERT INTO payments (id, order_id, provider, amount, currency, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'creating', ?, ?)",
        [paymentId, orderId, this.provider.name, p.total, this.config.shop.currency, now, now],
        tx,
      );
      this.workflow.announce(tx, 'created', order);
      return { order, items };
    });

    // The provider is called outside the transaction (no locks held over the network).
    let created;
    try {
      created = await this.provider.createPayment({
        id: order.id,
        number: order.number,
        total: Number(order.total),
        currency: order.currency,
        email: order.email,
      });
      await this.db.execute(
        "UPDATE payments SET provider_ref = ?, client_secret = ?, status = 'requires_payment', updated_at = ? WHERE id = ?",
        [created.providerRef, created.clientSecret ?? null, this.clock.now(), paymentId],
      );
    } catch (err) {
      this.logger.error({ err, order: order.number }, 'the payment provider failed: cancelling the order');
      await this.db.transaction(async (tx) =>
        this.workflow.cancelUnpaid(
          (await this.orders.byId(orderId, tx, true))!,
          'payment_cancelled',
          null,
          'the payment provider could not be reached',
          tx,
        ),
      );
      throw serviceUnavailable('Payments are unavailable right now; nothing was charged. Please try again shortly.', 30);
    }
    // The order, its items and the payment row are what was just written: no re-reads.
    return {
      order: await this.orders.toDto(order, {}, undefined, items),
      payment: {
        id: paymentId,
        provider: this.provider.name,
        status: 'requires_payment',
        amount: { amount: Number(order.total), currency: order.currency },
        refunded: { amount: 0, currency: order.currency },
        ...(created.clientSecret ? { clientSecret: created.clientSecret } : {}),
      },
      ...(ref.userId ? {} : { accessToken: this.workflow.accessToken(orderId) }),
    };
  }
}
