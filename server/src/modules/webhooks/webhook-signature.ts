import { createHmac } from 'node:crypto';

/** Hex HMAC-SHA256 of `"<t>.<body>"` with the endpoint's secret (the whole `whsec_…` string as the key). */
export const signPayload = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/**
 * The `Bazaar-Signature` header: `t=<unix seconds>,v1=<hex>`, with one more `v1=` per secret still
 * valid (after a rotation, the previous one for a day), like Stripe's.
 */
export const signatureHeader = (secrets: string[], timestamp: number, body: string): string =>
  [`t=${timestamp}`, ...secrets.map((s) => `v1=${signPayload(s, timestamp, body)}`)].join(',');
