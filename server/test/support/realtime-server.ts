import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@bazaar/shared';
import { createRealtime } from '../../src/realtime/realtime';
import type { TestApp } from './test-app';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The test app on a real port (any free one unless given) with socket.io attached, as main.ts runs it. */
export async function listenWithRealtime(t: TestApp, port = 0) {
  const server = http.createServer(t.app);
  const realtime = await createRealtime(server, t.container, t.session);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: ClientSocket[] = [];
  return {
    url,
    realtime,
    /** A websocket client carrying a session cookie (or none); resolves once connected. */
    async socket(cookie?: string): Promise<ClientSocket> {
      const socket: ClientSocket = connect(url, {
        path: '/socket.io',
        transports: ['websocket'],
        extraHeaders: cookie ? { Cookie: cookie } : {},
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await realtime.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Collects every event of one name that a socket receives. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event as never, ((payload: never) => seen.push(payload)) as never);
  return seen;
}

export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for an event');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const settle = (ms = 200) => new Promise((r) => setTimeout(r, ms));
