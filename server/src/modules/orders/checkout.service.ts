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
import type { OrderRepository } from './order.repository';
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
    const cartRow = ref.userId ? await this.cartRepo.byUser(ref.userId) : ref.guestCartId ? await this.cartRepo.byId(ref.guestCartId) : undefined;
    if (!cartRow || (!ref.userId && cartRow.user_id)) throw validationFailed([{ path: 'cart', message: 'The cart is empty' }], 'The cart is empty.');
    const country = input.shippingAddress.country;
    const method = await this.pricing.shippingMethod(input.shippingMethodId);
    if (!method || (method.countries && !method.countries.includes(country))) {
      throw validationFailed([{ path: 'shippingMethodId', message: `This shipping method does not deliver to ${country}` }]);
    }
    const tax = await this.pricing.taxRate(country, input.shippingAddress.region);
    const now = this.clock.now();
    const orderId = newId();
    const paymentId = newId();

    await this.db.transaction(async (tx) => {
      const priced = await this.carts.compute(cartRow.id, cartRow.coupon_code, { shipping: method.rule, tax }, tx);
      if (!priced.lines.length) throw validationFailed([{ path: 'cart', message: 'The cart has nothing that can be bought' }], 'The cart is empty.');
      const unavailable = priced.items.filter((i) => i.warnings.some((w) => w.code === 'UNAVAILABLE'));
      if (unavailable.length) throw new AppError('CONFLICT', 'Some items are no longer sold: remove them first.', unavailable.map((i) => ({ path: `items.${i.id}`, message: `${i.title} is no longer sold` })));
      if (priced.warnings.some((w) => w.code === 'COUPON_NOT_APPLICABLE') && cartRow.coupon_code) {
        const problem = priced.warnings.find((w) => w.code === 'COUPON_NOT_APPLICABLE')!.message;
        throw new AppError('CONFLICT', `The coupon cannot be used: ${problem}`, [{ path: 'coupon', message: problem }]);
      }

      let couponId: string | null = null;
      if (priced.couponRow) {
        const coupon = (await this.pricing.couponByCode(priced.couponRow.code, tx, true))!;
        const problem = couponProblem(coupon, now);
        if (problem) throw new AppError('CONFLICT', problem, [{ path: 'coupon', message: problem }]);
        if (coupon.per_customer_limit !== null && (await this.pricing.customerUses(coupon.id, input.email, tx)) >= Number(coupon.per_customer_limit)) {
          throw new AppError('CONFLICT', 'You have already used this coupon.', [{ path: 'coupon', message: 'Already used' }]);
        }
        if (!(await this.pricing.takeCouponUse(coupon.id, tx))) throw new AppError('CONFLICT', 'This coupon has been used up.', [{ path: 'coupon', message: 'Used up' }]);
        couponId = coupon.id;
      }

      const p = priced.pricing;
      await this.db.execute(
        `INSERT INTO orders (id, number, user_id, email, status, payment_status, currency, subtotal, discount, shipping, tax, total, cart_id, coupon_id, coupon_code,
           shipping_method_id, shipping_method_name, shipping_address, billing_address, reservation_expires_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending_payment', 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          orderId, await this.orders.nextNumber(tx), ref.userId ?? null, input.email, this.config.shop.currency,
          p.subtotal, p.discount, p.shipping, p.tax, p.total, cartRow.id, couponId, priced.couponRow?.code ?? null,
          method.id, method.name, JSON.stringify(input.shippingAddress), input.billingAddress ? JSON.stringify(input.billingAddress) : null,
          new Date(now.getTime() + this.config.shop.reservationMinutes * 60_000), now, now,
        ],
        tx,
      );
      for (const [position, line] of priced.lines.entries()) {
        const result = p.lines.find((l) => l.key === line.id)!;
        await this.db.execute(
          `INSERT INTO order_items (id, order_id, variant_id, product_id, sku, title, variant_title, quantity, unit_price, discount, tax, line_total, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [newId(), orderId, line.variant_id, line.product_id, line.sku, line.title, line.variant_title, Number(line.quantity), Number(line.price_amount), result.discount, result.tax, result.lineTotal, position],
          tx,
        );
      }
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
      this.workflow.announce(tx, 'created', orderId);
    });

    // The provider is called outside the transaction (no locks held over the network).
    const order = (await this.orders.byId(orderId))!;
    let created;
    try {
      created = await this.provider.createPayment({ id: order.id, number: order.number, total: Number(order.total), currency: order.currency, email: order.email });
      await this.db.execute("UPDATE payments SET provider_ref = ?, client_secret = ?, status = 'requires_payment', updated_at = ? WHERE id = ?", [created.providerRef, created.clientSecret ?? null, this.clock.now(), paymentId]);
    } catch (err) {
      this.logger.error({ err, order: order.number }, 'the payment provider failed: cancelling the order');
      await this.db.transaction(async (tx) => this.workflow.cancelUnpaid((await this.orders.byId(orderId, tx, true))!, 'payment_cancelled', null, 'the payment provider could not be reached', tx));
      throw serviceUnavailable('Payments are unavailable right now; nothing was charged. Please try again shortly.', 30);
    }
    // The payment row is what was just written (the order row is not touched by it): no re-reads.
    return {
      order: await this.orders.toDto(order),
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
