import { DraftOrderInput, IdParams, MarkPaidOffline, Order, SendInvoice } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import type { DraftOrderService } from './draft-orders.service';

/** Staff-built orders: drafts (listed with `GET /admin/orders?status=draft`), invoices, offline payments. */
export function registerDraftOrderRoutes(api: ApiRegistry, drafts: DraftOrderService): void {
  const tags = ['admin: orders'];
  api.route({
    method: 'post',
    path: '/admin/draft-orders',
    summary: 'Create a draft order for a customer (custom prices need orders:price-override)',
    tags,
    permission: 'orders:write',
    status: 201,
    request: { body: DraftOrderInput },
    response: Order,
    handler: ({ body }, req) => drafts.create(body, currentUser(req)),
  });
  api.route({
    method: 'put',
    path: '/admin/draft-orders/:id',
    summary: 'Replace a draft’s lines, customer, shipping and discount',
    tags,
    permission: 'orders:write',
    request: { params: IdParams, body: DraftOrderInput },
    response: Order,
    handler: ({ params, body }, req) => drafts.update(params.id, body, currentUser(req)),
  });
  api.route({
    method: 'post',
    path: '/admin/orders/:id/send-invoice',
    summary: 'Email the customer a signed link to pay the draft; optionally hold its stock from now on',
    tags,
    permission: 'orders:write',
    status: 200,
    request: { params: IdParams, body: SendInvoice },
    response: Order,
    handler: ({ params, body }, req) => drafts.sendInvoice(params.id, body, currentUser(req)),
  });
  api.route({
    method: 'post',
    path: '/admin/orders/:id/mark-paid',
    summary: 'Record a payment made outside the shop (bank transfer, cash); the order is paid',
    tags,
    permission: 'orders:refund',
    status: 200,
    request: { params: IdParams, body: MarkPaidOffline },
    response: Order,
    handler: ({ params, body }, req) => drafts.markPaidOffline(params.id, body, currentUser(req)),
  });
}
