import { createHash } from 'node:crypto';
import type { Request } from 'express';
import ipaddr from 'ipaddr.js';
import UAParser from 'ua-parser-js';

/**
 * Where a session is used from, coarse on purpose: the network (IPv4 /24, IPv6 /48) and the
 * browser and system family. That is what the sessions list shows, what the anomaly rule compares
 * and what a known device is; full addresses and user-agent strings are not kept.
 */
export interface SessionOrigin {
  network: string | null;
  device: string;
}

const IPV4_PREFIX = 24;
const IPV6_PREFIX = 48;

/** `203.0.113.77` → `203.0.113.0/24`, `2001:db8:1234:5::1` → `2001:db8:1234::/48` (IPv4-mapped IPv6 counts as IPv4). */
export function networkOf(ip: string | undefined | null): string | null {
  if (!ip || !ipaddr.isValid(ip)) return null;
  const addr = ipaddr.process(ip);
  const prefix = addr.kind() === 'ipv4' ? IPV4_PREFIX : IPV6_PREFIX;
  const network =
    addr.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr}/${prefix}`);
  return `${network.toString()}/${prefix}`;
}

/** `Chrome on Linux`, `Mobile Safari on iOS`; `Unknown browser on unknown system` for none. (About 20 µs a parse.) */
export function deviceOf(userAgent: string | undefined | null): string {
  const parsed = new UAParser((userAgent ?? '').slice(0, 512));
  return `${parsed.getBrowser().name ?? 'Unknown browser'} on ${parsed.getOS().name ?? 'unknown system'}`;
}

export const originOf = (req: Request): SessionOrigin => ({ network: networkOf(req.ip), device: deviceOf(req.get('user-agent')) });

/** The known-device key of an origin: one per device family and network. */
export const deviceKey = (origin: SessionOrigin): string =>
  createHash('sha256')
    .update(`${origin.device}\n${origin.network ?? ''}`)
    .digest('hex');

/** A digest of the full user-agent string, for the optional binding (the string itself is not stored). */
export const userAgentDigest = (userAgent: string | undefined): string =>
  createHash('sha256')
    .update((userAgent ?? '').slice(0, 255))
    .digest('base64url')
    .slice(0, 22);
