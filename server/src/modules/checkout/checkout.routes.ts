import { CheckoutRequest, CheckoutResponse, IdParams, OrderAccessQuery, PayOrderResponse } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import { cartRef } from '../cart';
import { orderViewer } from '../orders';
import type { CheckoutService } from './checkout.service';

// The session's guestOrderIds is declared by orders/, which reads it.

export function registerCheckoutRoutes(api: ApiRegistry, checkout: CheckoutService): void {
  const tags = ['cart & checkout'];
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
      const result = await checkout.checkoutOnce(cartRef(req), body, { key: req.get('idempotency-key'), sessionId: req.sessionID });
      if (!req.user) req.session.guestOrderIds = [...new Set([...(req.session.guestOrderIds ?? []), result.value.order.id])].slice(-20);
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).json(result.value);
    },
  });
  api.route({
    method: 'post',
    path: '/orders/:id/pay',
    summary: 'Pay an unpaid order from its page (a sent invoice, or a checkout left unpaid): the payment to complete',
    tags,
    auth: 'optional',
    status: 200,
    request: { params: IdParams, query: OrderAccessQuery },
    response: PayOrderResponse,
    responses: {
      409: { description: 'INVALID_TRANSITION (nothing is due)' },
      503: { description: 'SERVICE_UNAVAILABLE (payment provider down)' },
    },
    handler: ({ params, query }, req) => checkout.payOrder(params.id, orderViewer(req, query.token)),
  });
}
