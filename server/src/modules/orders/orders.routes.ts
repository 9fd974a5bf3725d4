import type { Request } from 'express';
import {
  AdminOrderListQuery,
  FulfilOrder,
  IdParams,
  Order,
  OrderAccessQuery,
  OrderList,
  OrderNote,
  PaginationQuery,
  RefundRequest,
} from '@bazaar/shared';
import type { ApiRegistry } from '../../lib/api-registry';
import { currentUser } from '../accounts';
import type { OrderService, OrderViewer } from './order.service';

declare module 'express-session' {
  interface SessionData {
    /** Orders this guest session placed (set at checkout). */
    guestOrderIds?: string[];
  }
}

/** Who asks for an order: the signed-in user, the guest session's orders, or a signed link's token. */
export const orderViewer = (req: Request, token?: string): OrderViewer => ({
  userId: req.user?.id,
  sessionOrderIds: req.session.guestOrderIds,
  token,
});

/** The shopper's orders and the staff's order desk. */
export function registerOrderRoutes(api: ApiRegistry, orders: OrderService): void {
  api.route({
    method: 'get',
    path: '/orders',
    summary: 'My orders',
    tags: ['orders'],
    auth: 'user',
    request: { query: PaginationQuery.strict() },
    response: OrderList,
    handler: ({ query }, req) => orders.listMine(currentUser(req).id, query.page, query.limit),
  });
  api.route({
    method: 'get',
    path: '/orders/:id',
    summary: 'One order: its owner, the guest session that placed it, or the signed link (?token=)',
    tags: ['orders'],
    auth: 'optional',
    request: { params: IdParams, query: OrderAccessQuery },
    response: Order,
    handler: ({ params, query }, req) => orders.getForViewer(params.id, orderViewer(req, query.token)),
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
    handler: ({ query }, req) => orders.adminList(query, currentUser(req)),
  });
  api.route({
    method: 'get',
    path: '/admin/orders/:id',
    summary: 'An order with its events and payments',
    tags: admin,
    permission: 'orders:read',
    request: { params: IdParams },
    response: Order,
    handler: ({ params }, req) => orders.adminGet(params.id, currentUser(req)),
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
    handler: ({ params, body }, req) => orders.fulfil(params.id, body, currentUser(req)),
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
    handler: ({ params, body }, req) => orders.deliver(params.id, currentUser(req), body.note),
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
    handler: ({ params, body }, req) => orders.cancel(params.id, currentUser(req), body.note),
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
    handler: ({ params, body }, req) => orders.refund(params.id, body, currentUser(req)),
  });
}
