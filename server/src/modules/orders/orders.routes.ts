import type { Request, RequestHandler } from 'express';
import {
  AddCartItem,
  AdminOrderListQuery,
  ApplyCoupon,
  Cart,
  CheckoutRequest,
  CheckoutResponse,
  ConfirmManualPayment,
  FulfilOrder,
  IdParams,
  Order,
  OrderAccessQuery,
  OrderList,
  OrderNote,
  PaginationQuery,
  RefundRequest,
  ShippingMethod,
  ShippingMethodsQuery,
  UpdateCartItem,
} from '@bazaar/shared';
import { z } from 'zod';
import type { Config } from '../../config/config';
import type { ApiRegistry } from '../../lib/api-registry';
import { AppError, serviceUnavailable } from '../../lib/errors';
import { currentUser } from '../accounts';
import { fromStripeEvent, type PaymentProcessor, type PaymentProvider, type StripePaymentProvider } from '../payments';
import type { CartRef, CartResult, CartService } from '../cart';
import type { CheckoutService } from '../checkout';
import type { PricingRepository } from '../pricing';
import type { OrderService, OrderViewer } from './order.service';

declare module 'express-session' {
  interface SessionData {
    cartId?: string;
    guestOrderIds?: string[];
  }
}

export interface OrderRouteDeps {
  config: Config;
  carts: CartService;
  checkout: CheckoutService;
  orders: OrderService;
  pricing: PricingRepository;
  processor: PaymentProcessor;
  provider: PaymentProvider;
  cartRateLimit: RequestHandler;
}

const cartRef = (req: Request): CartRef => (req.user ? { userId: req.user.id } : { guestCartId: req.session.cartId });
const viewer = (req: Request, token?: string): OrderViewer => ({ userId: req.user?.id, sessionOrderIds: req.session.guestOrderIds, token });
const IdempotencyKey = z.string().min(1).max(255);

export function registerOrderRoutes(api: ApiRegistry, d: OrderRouteDeps): void {
  const tags = ['cart & checkout'];
  /** A guest's new cart is remembered in the session (which this saves). */
  const keep = (req: Request, result: CartResult) => {
    if (!req.user && result.cartId) req.session.cartId = result.cartId;
    return result.cart;
  };

  api.route({
    method: 'get',
    path: '/cart',
    summary: 'The current cart, priced now',
    tags,
    auth: 'optional',
    response: Cart,
    handler: (_i, req) => d.carts.view(cartRef(req)),
  });
  api.route({
    method: 'post',
    path: '/cart/items',
    summary: 'Add a variant to the cart (quantities add up)',
    tags,
    auth: 'optional',
    guards: [d.cartRateLimit],
    status: 200,
    request: { body: AddCartItem },
    response: Cart,
    handler: async ({ body }, req) => keep(req, await d.carts.addItem(cartRef(req), body.variantId, body.quantity)),
  });
  api.route({
    method: 'patch',
    path: '/cart/items/:id',
    summary: 'Change a line quantity',
    tags,
    auth: 'optional',
    guards: [d.cartRateLimit],
    request: { params: IdParams, body: UpdateCartItem },
    response: Cart,
    handler: async ({ params, body }, req) => keep(req, await d.carts.updateItem(cartRef(req), params.id, body.quantity)),
  });
  api.route({
    method: 'delete',
    path: '/cart/items/:id',
    summary: 'Remove a line',
    tags,
    auth: 'optional',
    guards: [d.cartRateLimit],
    request: { params: IdParams },
    response: Cart,
    handler: async ({ params }, req) => keep(req, await d.carts.removeItem(cartRef(req), params.id)),
  });
  api.route({
    method: 'post',
    path: '/cart/coupon',
    summary: 'Apply a coupon',
    tags,
    auth: 'optional',
    guards: [d.cartRateLimit],
    status: 200,
    request: { body: ApplyCoupon },
    response: Cart,
    handler: async ({ body }, req) => keep(req, await d.carts.applyCoupon(cartRef(req), body.code)),
  });
  api.route({
    method: 'delete',
    path: '/cart/coupon',
    summary: 'Remove the coupon',
    tags,
    auth: 'optional',
    guards: [d.cartRateLimit],
    response: Cart,
    handler: async (_i, req) => keep(req, await d.carts.removeCoupon(cartRef(req))),
  });

  api.route({
    method: 'get',
    path: '/shipping-methods',
    summary: 'Shipping methods that deliver to a country',
    tags,
    request: { query: ShippingMethodsQuery },
    response: z.object({ items: z.array(ShippingMethod) }),
    handler: async ({ query }) => ({ items: (await d.pricing.shippingMethods(query.country)).map(({ rule: _rule, ...m }) => m) }),
  });

  api.route({
    method: 'post',
    path: '/checkout',
    summary: 'Place the order: reserves stock and creates the payment (needs an Idempotency-Key header)',
    tags,
    auth: 'optional',
    request: { body: CheckoutRequest },
    response: CheckoutResponse,
    responses: {
      409: { description: 'INSUFFICIENT_STOCK, CONFLICT or IDEMPOTENCY_MISMATCH' },
      503: { description: 'SERVICE_UNAVAILABLE (payment provider down; nothing charged)' },
    },
    handler: async ({ body }, req, res) => {
      const key = IdempotencyKey.safeParse(req.get('idempotency-key'));
      if (!key.success)
        throw new AppError('VALIDATION_FAILED', 'Send an Idempotency-Key header (1–255 characters).', [
          { path: 'headers.idempotency-key', message: 'Required, 1–255 characters' },
        ]);
      // Keys are scoped to the shopper, so two shoppers cannot collide on the same key.
      const scope = req.user ? `user:${req.user.id}` : `session:${req.sessionID}`;
      const result = await d.checkout.checkoutOnce(cartRef(req), body, { scope, key: key.data });
      if (!req.user) req.session.guestOrderIds = [...new Set([...(req.session.guestOrderIds ?? []), result.value.order.id])].slice(-20);
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).json(result.value);
    },
  });

  api.route({
    method: 'post',
    path: '/payments/:id/confirm',
    summary: 'Manual test provider only: simulate the customer paying or being declined',
    tags: ['payments'],
    auth: 'optional',
    status: 200,
    request: { params: IdParams, body: ConfirmManualPayment },
    response: Order,
    handler: ({ params, body }, req) => d.orders.confirmManualPayment(params.id, body.outcome, viewer(req)),
  });

  api.route({
    method: 'get',
    path: '/orders',
    summary: 'My orders',
    tags: ['orders'],
    auth: 'user',
    request: { query: PaginationQuery.strict() },
    response: OrderList,
    handler: ({ query }, req) => d.orders.listMine(currentUser(req).id, query.page, query.limit),
  });
  api.route({
    method: 'get',
    path: '/orders/:id',
    summary: 'One order: its owner, the guest session that placed it, or the signed link (?token=)',
    tags: ['orders'],
    auth: 'optional',
    request: { params: IdParams, query: OrderAccessQuery },
    response: Order,
    handler: ({ params, query }, req) => d.orders.getForViewer(params.id, viewer(req, query.token)),
  });

  api.route({
    method: 'post',
    path: '/webhooks/stripe',
    summary: "Stripe's webhook: signature-verified, each event applied once",
    tags: ['payments'],
    csrfExempt: true,
    status: 200,
    response: z.object({ received: z.literal(true), outcome: z.string() }),
    handler: async (_i, req) => {
      if (d.provider.name !== 'stripe' || !d.config.stripe.webhookSecret)
        throw serviceUnavailable('Stripe is not configured on this shop.');
      const signature = req.get('stripe-signature');
      if (!signature || !req.rawBody) throw new AppError('BAD_REQUEST', 'Missing Stripe signature.');
      let event;
      try {
        // Stripe's default five-minute tolerance against replayed deliveries.
        event = (d.provider as StripePaymentProvider).stripe.webhooks.constructEvent(
          req.rawBody,
          signature,
          d.config.stripe.webhookSecret,
          300,
        );
      } catch {
        throw new AppError('BAD_REQUEST', 'The Stripe signature does not verify.');
      }
      const outcome = await d.processor.process(fromStripeEvent(event as never), event);
      return { received: true as const, outcome };
    },
  });

  // --- staff -------------------------------------------------------------------------------
  const admin = ['admin: orders'];
  api.route({
    method: 'get',
    path: '/admin/orders',
    summary: 'Orders with filters',
    tags: admin,
    permission: 'orders:read',
    request: { query: AdminOrderListQuery },
    response: OrderList,
    handler: ({ query }) => d.orders.adminList(query),
  });
  api.route({
    method: 'get',
    path: '/admin/orders/:id',
    summary: 'An order with its events and payments',
    tags: admin,
    permission: 'orders:read',
    request: { params: IdParams },
    response: Order,
    handler: ({ params }) => d.orders.adminGet(params.id),
  });
  api.route({
    method: 'post',
    path: '/admin/orders/:id/fulfil',
    summary: 'Mark shipped, with carrier and tracking number',
    tags: admin,
    permission: 'orders:write',
    status: 200,
    request: { params: IdParams, body: FulfilOrder },
    response: Order,
    handler: ({ params, body }, req) => d.orders.fulfil(params.id, body, currentUser(req).id),
  });
  api.route({
    method: 'post',
    path: '/admin/orders/:id/deliver',
    summary: 'Mark delivered',
    tags: admin,
    permission: 'orders:write',
    status: 200,
    request: { params: IdParams, body: OrderNote },
    response: Order,
    handler: ({ params, body }, req) => d.orders.deliver(params.id, currentUser(req).id, body.note),
  });
  api.route({
    method: 'post',
    path: '/admin/orders/:id/cancel',
    summary: 'Cancel: releases the reservation, or restocks and refunds a paid order',
    tags: admin,
    permission: 'orders:refund',
    status: 200,
    request: { params: IdParams, body: OrderNote },
    response: Order,
    handler: ({ params, body }, req) => d.orders.cancel(params.id, currentUser(req).id, body.note),
  });
  api.route({
    method: 'post',
    path: '/admin/orders/:id/refunds',
    summary: 'Refund in full, by amount or by lines',
    tags: admin,
    permission: 'orders:refund',
    status: 200,
    request: { params: IdParams, body: RefundRequest },
    response: Order,
    handler: ({ params, body }, req) => d.orders.refund(params.id, body, currentUser(req).id),
  });
}
