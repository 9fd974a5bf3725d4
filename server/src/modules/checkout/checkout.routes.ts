import { CheckoutRequest, CheckoutResponse } from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { AppError } from '../../lib/errors';
import { cartRef } from '../cart';
import type { CheckoutService } from './checkout.service';

// The session's guestOrderIds is declared by orders/, which reads it.
const IdempotencyKey = z.string().min(1).max(255);

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
      const key = IdempotencyKey.safeParse(req.get('idempotency-key'));
      if (!key.success)
        throw new AppError('VALIDATION_FAILED', 'Send an Idempotency-Key header (1–255 characters).', [
          { path: 'headers.idempotency-key', message: 'Required, 1–255 characters' },
        ]);
      // Keys are scoped to the shopper, so two shoppers cannot collide on the same key.
      const scope = req.user ? `user:${req.user.id}` : `session:${req.sessionID}`;
      const result = await checkout.checkoutOnce(cartRef(req), body, { scope, key: key.data });
      if (!req.user) req.session.guestOrderIds = [...new Set([...(req.session.guestOrderIds ?? []), result.value.order.id])].slice(-20);
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      res.status(201).json(result.value);
    },
  });
}
