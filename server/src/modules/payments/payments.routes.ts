import { ConfirmManualPayment, IdParams, Order, OrderAccessQuery } from '@bazaar/shared';
import { z } from 'zod';
import type { ApiRegistry } from '../../lib/api-registry';
import { orderViewer, type OrderService } from '../orders';
import type { PaymentProcessor } from './payment-processor';
import type { PaymentProvider } from './payment-provider';

export interface PaymentRouteDeps {
  orders: OrderService;
  processor: PaymentProcessor;
  provider: PaymentProvider;
}

export function registerPaymentRoutes(api: ApiRegistry, d: PaymentRouteDeps): void {
  api.route({
    method: 'post',
    path: '/payments/:id/confirm',
    summary: 'Manual test provider only: simulate the customer paying or being declined (?token= for an order’s signed link)',
    tags: ['payments'],
    auth: 'optional',
    status: 200,
    request: { params: IdParams, query: OrderAccessQuery, body: ConfirmManualPayment },
    response: Order,
    handler: ({ params, query, body }, req) => d.orders.confirmManualPayment(params.id, body.outcome, orderViewer(req, query.token)),
  });

  api.route({
    method: 'post',
    path: '/webhooks/stripe',
    summary: "Stripe's webhook: signature-verified, each event applied once",
    tags: ['payments'],
    csrfExempt: true,
    status: 200,
    response: z.object({ received: z.literal(true), outcome: z.string() }),
    handler: async (_i, req) => ({
      received: true as const,
      outcome: await d.processor.receiveWebhook(d.provider, req.rawBody, req.headers),
    }),
  });
}
