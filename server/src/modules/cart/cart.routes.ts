import type { Request, RequestHandler } from 'express';
import { AddCartItem, ApplyCoupon, Cart, IdParams, PromotionCodeParams, SetCartMarket, UpdateCartItem } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import type { CartRef, CartResult, CartService } from './cart.service';

declare module 'express-session' {
  interface SessionData {
    cartId?: string;
  }
}

export interface CartRouteDeps {
  carts: CartService;
  cartRateLimit: RequestHandler;
}

/** Whose cart a request works on: the signed-in user's, or the one this guest session remembers. */
export const cartRef = (req: Request): CartRef => (req.user ? { userId: req.user.id } : { guestCartId: req.session.cartId });

export function registerCartRoutes(api: ApiRegistry, d: CartRouteDeps): void {
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
    handler: async ({ body }, req) => keep(req, await d.carts.addItem(cartRef(req), body.variantId, body.quantity, body.giftCard)),
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
    summary: "Apply a coupon or a promotion's code (a code the cart does not meet yet stays, with a warning saying why)",
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
    method: 'delete',
    path: '/cart/promotion-codes/:code',
    summary: 'Remove a promotion code',
    tags,
    auth: 'optional',
    guards: [d.cartRateLimit],
    request: { params: PromotionCodeParams },
    response: Cart,
    handler: async ({ params }, req) => keep(req, await d.carts.removePromotionCode(cartRef(req), params.code)),
  });
  api.route({
    method: 'put',
    path: '/cart/market',
    summary: 'Price the cart in another market (its currency); the answer warns once that prices changed',
    tags,
    auth: 'optional',
    guards: [d.cartRateLimit],
    request: { body: SetCartMarket },
    response: Cart,
    handler: async ({ body }, req) => keep(req, await d.carts.setMarket(cartRef(req), body.market)),
  });
}
