import {
  AdminReturnListQuery,
  CompleteExchange,
  IdParams,
  OrderAccessQuery,
  ReceiveReturn,
  RefundReturn,
  Return,
  Returnability,
  ReturnList,
  ReturnNote,
  ReturnRefundPreview,
  ReturnRequest,
} from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import { imageUpload } from '../media';
import { orderViewer } from '../orders';
import type { ReturnsService } from './returns.service';

/** Shoppers ask to return or claim lines of their own orders (a guest through the order's signed link); staff work the queue. */
export function registerReturnRoutes(api: ApiRegistry, returns: ReturnsService): void {
  const shop = ['returns'];
  api.route({
    method: 'get',
    path: '/orders/:id/returns',
    summary: 'What of this order may be returned or claimed now, the reasons to pick from, and its returns so far',
    tags: shop,
    auth: 'optional',
    request: { params: IdParams, query: OrderAccessQuery },
    response: Returnability,
    handler: ({ params, query }, req) => returns.returnability(params.id, orderViewer(req, query.token)),
  });
  api.route({
    method: 'post',
    path: '/orders/:id/returns',
    summary: 'Ask to return (or, kind "claim", report damaged or missing) some of the order’s lines',
    tags: shop,
    auth: 'optional',
    status: 201,
    request: { params: IdParams, query: OrderAccessQuery, body: ReturnRequest },
    response: Return,
    handler: ({ params, query, body }, req) => returns.request(params.id, body, orderViewer(req, query.token)),
  });
  api.route({
    method: 'post',
    path: '/returns/:id/photos',
    summary:
      'Add photos to a request that waits for an answer (multipart field "photos", at most 5 in all; images only, judged by their bytes)',
    tags: shop,
    auth: 'optional',
    status: 200,
    parsers: [imageUpload('photos')],
    request: { params: IdParams, query: OrderAccessQuery },
    response: Return,
    responses: { 413: { description: 'PAYLOAD_TOO_LARGE' }, 415: { description: 'UNSUPPORTED_MEDIA_TYPE' } },
    handler: ({ params, query }, req) =>
      returns.addPhotos(params.id, (req.files as Express.Multer.File[] | undefined) ?? [], orderViewer(req, query.token)),
  });
  api.route({
    method: 'post',
    path: '/returns/:id/cancel',
    summary: 'Withdraw a return request staff have not answered yet',
    tags: shop,
    auth: 'optional',
    status: 200,
    request: { params: IdParams, query: OrderAccessQuery },
    response: Return,
    handler: ({ params, query }, req) => returns.cancelMine(params.id, orderViewer(req, query.token)),
  });

  const admin = ['admin: returns'];
  api.route({
    method: 'get',
    path: '/admin/returns',
    summary: 'The returns queue, newest first',
    tags: admin,
    permission: 'orders:read',
    request: { query: AdminReturnListQuery },
    response: ReturnList,
    handler: ({ query }, req) => returns.list(query, currentUser(req)),
  });
  api.route({
    method: 'get',
    path: '/admin/returns/:id',
    summary: 'A return with its lines, history and the actions allowed now',
    tags: admin,
    permission: 'orders:read',
    request: { params: IdParams },
    response: Return,
    handler: ({ params }, req) => returns.get(params.id, currentUser(req)),
  });
  api.route({
    method: 'get',
    path: '/admin/returns/:id/refund-preview',
    summary: 'What a refund of this return would pay back, before and after the default fees',
    tags: admin,
    permission: 'orders:read',
    request: { params: IdParams },
    response: ReturnRefundPreview,
    handler: ({ params }) => returns.refundPreview(params.id),
  });
  for (const [action, summary] of [
    ['approve', 'Approve a request (a return is then awaited; a claim can be refunded)'],
    ['reject', 'Reject a request, with a note for the customer'],
    ['cancel', 'Cancel a return that has not arrived'],
    ['replace', 'Settle an approved claim by sending the same goods again at no charge (a paid replacement order)'],
  ] as const)
    api.route({
      method: 'post',
      path: `/admin/returns/:id/${action}`,
      summary,
      tags: admin,
      permission: 'orders:write',
      status: 200,
      request: { params: IdParams, body: ReturnNote },
      response: Return,
      handler: ({ params, body }, req) => returns[action](params.id, body.note, currentUser(req)),
    });
  api.route({
    method: 'post',
    path: '/admin/returns/:id/receive',
    summary: 'Record what arrived, line by line, restocking or not',
    tags: admin,
    permission: 'orders:write',
    status: 200,
    request: { params: IdParams, body: ReceiveReturn },
    response: Return,
    handler: ({ params, body }, req) => returns.receive(params.id, body, currentUser(req)),
  });
  api.route({
    method: 'post',
    path: '/admin/returns/:id/complete',
    summary: 'Complete an exchange once the old goods arrived: its replacement ships; any value left over is refunded',
    tags: admin,
    permission: 'orders:refund',
    status: 200,
    request: { params: IdParams, body: CompleteExchange },
    response: Return,
    handler: ({ params, body }, req) => returns.complete(params.id, body, currentUser(req)),
  });
  api.route({
    method: 'post',
    path: '/admin/returns/:id/refund',
    summary: 'Refund the received (or claimed) units less fees: to the original payment, store credit, or split',
    tags: admin,
    permission: 'orders:refund',
    status: 200,
    request: { params: IdParams, body: RefundReturn },
    response: Return,
    handler: ({ params, body }, req) => returns.refund(params.id, body, currentUser(req)),
  });
}
