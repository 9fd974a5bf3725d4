import { IdParams, Order, OrderEditInput, OrderEditPreview } from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import type { OrderEdits } from './order-edits.service';

/** Editing a paid order before it ships: preview first, then confirm. */
export function registerOrderEditRoutes(api: ApiRegistry, edits: OrderEdits): void {
  const tags = ['admin: orders'];
  api.route({
    method: 'post',
    path: '/admin/orders/:id/edit-preview',
    summary: 'The totals and difference an edit would make (nothing is changed)',
    tags,
    permission: 'orders:write',
    status: 200,
    request: { params: IdParams, body: OrderEditInput },
    response: OrderEditPreview,
    handler: ({ params, body }) => edits.preview(params.id, body),
  });
  api.route({
    method: 'post',
    path: '/admin/orders/:id/edit',
    summary: 'Apply an edit: stock through the ledger, a lower total refunded, a higher one asked of the customer',
    tags,
    permission: 'orders:refund',
    status: 200,
    request: { params: IdParams, body: OrderEditInput },
    response: Order,
    handler: ({ params, body }, req) => edits.confirm(params.id, body, currentUser(req)),
  });
}
