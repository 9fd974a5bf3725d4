/**
 * Plain values, kept apart from the zod schemas so the storefront's first load can import them
 * without pulling zod into its main chunk.
 */

/** socket.io at path /socket.io on the shop's own origin; the session cookie authenticates the handshake. */
export const REALTIME_PATH = '/socket.io';
export const MAX_PRODUCT_SUBSCRIPTIONS = 100;
