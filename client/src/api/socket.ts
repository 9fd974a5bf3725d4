import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@bazaar/shared';

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

/** One socket per tab, same origin, authenticated by the session cookie. Reconnects after sign-in. */
export function getSocket() {
  socket ??= io({ path: REALTIME_PATH, transports: ['websocket', 'polling'], autoConnect: true });
  return socket;
}

export function reconnectSocket() {
  if (!socket) return;
  socket.disconnect();
  socket.connect();
}
