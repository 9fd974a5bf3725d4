import type http from 'node:http';
import type { RequestHandler } from 'express';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import {
  REALTIME_PATH,
  Subscription,
  type Ack,
  type AdminOrderSummary,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@bazaar/shared';
import type { Container } from '../container';
import { can } from '../modules/accounts';
import { availabilityOf } from '../modules/inventory';

interface SocketData {
  userId?: string;
  sessionId?: string;
  guestOrderIds?: string[];
  products: Set<string>;
  /** Message timestamps inside the rate-limit window. */
  recent: number[];
}
type BazaarSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const MESSAGES_PER_WINDOW = 30;
const WINDOW_MS = 10_000;
const rooms = {
  user: (id: string) => `user:${id}`,
  product: (id: string) => `product:${id}`,
  order: (id: string) => `order:${id}`,
  session: (id: string) => `session:${id}`,
  admin: 'admin',
};
const fail = (code: string, message: string): Ack => ({ ok: false, error: { code, message } });

/**
 * socket.io on the shop's HTTP server. The express-session middleware runs on the handshake, so a
 * socket is who its cookie says; it joins `user:<id>` (and `admin` with `orders:read`) by itself,
 * and may subscribe only to products and to orders it owns. Everything it hears is emitted after
 * the database transaction that caused it committed.
 */
export async function createRealtime(
  httpServer: http.Server,
  container: Container,
  session: RequestHandler,
  onConnections?: (count: number) => void,
): Promise<{ io: RealtimeServer; close(): Promise<void> }> {
  const { config, logger } = container;
  const io: RealtimeServer = new Server(httpServer, { path: REALTIME_PATH, serveClient: false, transports: ['websocket', 'polling'] });

  let redisClients: { quit(): Promise<unknown> }[] = [];
  if (config.redisUrl) {
    // Several processes: events fan out through Redis pub/sub.
    const pub = createClient({ url: config.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    redisClients = [pub, sub];
    logger.info('socket.io events fan out through Redis');
  }

  io.engine.use(session);

  io.on('connection', (raw) => {
    const socket = raw as BazaarSocket;
    onConnections?.(io.engine.clientsCount);
    socket.on('disconnect', () => onConnections?.(io.engine.clientsCount));
    const req = socket.request as http.IncomingMessage & {
      session?: { userId?: string; role?: Parameters<typeof can>[0]; guestOrderIds?: string[] };
      sessionID?: string;
    };
    socket.data = {
      products: new Set(),
      recent: [],
      userId: req.session?.userId,
      sessionId: req.sessionID,
      guestOrderIds: req.session?.guestOrderIds,
    };
    if (req.sessionID) void socket.join(rooms.session(req.sessionID));
    if (req.session?.userId && req.session.role) {
      void socket.join(rooms.user(req.session.userId));
      if (can(req.session.role, 'orders:read')) void socket.join(rooms.admin);
    }

    const limited = () => {
      const now = Date.now();
      socket.data.recent = socket.data.recent.filter((t) => now - t < WINDOW_MS);
      socket.data.recent.push(now);
      return socket.data.recent.length > MESSAGES_PER_WINDOW;
    };

    socket.on('subscribe', async (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (limited()) return reply(fail('RATE_LIMITED', 'Too many messages; slow down.'));
      const parsed = Subscription.safeParse(payload);
      if (!parsed.success) return reply(fail('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? 'Invalid subscription'));
      const { products = [], orders = [] } = parsed.data;
      if (socket.data.products.size + products.filter((p) => !socket.data.products.has(p)).length > 100) {
        return reply(fail('VALIDATION_FAILED', 'At most 100 products per connection.'));
      }
      for (const orderId of orders) {
        let mayFollow;
        try {
          mayFollow = await container.orders.canFollow(orderId, { userId: socket.data.userId, sessionOrderIds: socket.data.guestOrderIds });
        } catch (err) {
          // An async handler's rejection would go unhandled and end the process: the client is told instead.
          logger.warn({ err }, 'socket subscription could not be checked');
          return reply(fail('SERVICE_UNAVAILABLE', 'Orders cannot be followed right now; try again shortly.'));
        }
        // Another shopper's order (or none): an error, and no room is joined.
        if (!mayFollow) {
          return reply(fail('FORBIDDEN', 'You cannot follow this order.'));
        }
      }
      for (const p of products) {
        socket.data.products.add(p);
        void socket.join(rooms.product(p));
      }
      for (const o of orders) void socket.join(rooms.order(o));
      reply({ ok: true });
    });

    socket.on('unsubscribe', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (limited()) return reply(fail('RATE_LIMITED', 'Too many messages; slow down.'));
      const parsed = Subscription.safeParse(payload);
      if (!parsed.success) return reply(fail('VALIDATION_FAILED', 'Invalid subscription'));
      for (const p of parsed.data.products ?? []) {
        socket.data.products.delete(p);
        void socket.leave(rooms.product(p));
      }
      for (const o of parsed.data.orders ?? []) void socket.leave(rooms.order(o));
      reply({ ok: true });
    });
  });

  // --- domain events → rooms (all of them fire after commit) -----------------------------
  container.carts.onChange((userId, cart) => io.to(rooms.user(userId)).emit('cart:updated', cart));

  container.inventory.onChange((levels) => {
    for (const level of levels) {
      io.to(rooms.product(level.productId)).emit('stock:changed', {
        productId: level.productId,
        variantId: level.variantId,
        availability: availabilityOf(level),
      });
      if (!level.allowBackorder && level.available <= level.lowStockThreshold) {
        io.to(rooms.admin).emit('stock:low', { variantId: level.variantId, sku: level.sku, available: level.available });
      }
    }
  });

  container.orderWorkflow.onChange((event, order) => {
    const summary: AdminOrderSummary = {
      id: order.id,
      number: order.number,
      email: order.email,
      status: order.status,
      total: { amount: Number(order.total), currency: order.currency },
      createdAt: new Date(order.created_at).toISOString(),
    };
    io.to(rooms.order(order.id)).emit('order:status', {
      orderId: order.id,
      number: order.number,
      status: order.status,
      paymentStatus: order.payment_status,
    });
    if (event === 'created') io.to(rooms.admin).emit('order:created', summary);
    else if (order.status === 'paid') io.to(rooms.admin).emit('order:paid', summary);
  });

  container.returns.onChange((r) =>
    io.to(rooms.order(r.orderId)).emit('return:updated', { orderId: r.orderId, returnId: r.id, number: r.number, status: r.status }),
  );

  // A session that ends (logout, revocation, password change, new id at login) takes its sockets with it.
  container.sessionStore.onEnd((sids) => {
    for (const sid of sids) io.in(rooms.session(sid)).disconnectSockets(true);
  });

  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
