import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { validationFailed } from '../../lib/errors';

/** Cloud metadata services, refused by name even where their range would not be. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/** Why an address may not be called: anything but a public unicast address (loopback, RFC 1918, ULA, link-local, CGNAT, metadata, unspecified…). */
export function forbiddenAddress(address: string): string | undefined {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (METADATA.has(parsed.toNormalizedString()) || METADATA.has(parsed.toString())) return 'a cloud metadata address';
  const range = parsed.range();
  return range === 'unicast' ? undefined : `a ${range} address`;
}

const refuse = (message: string) => validationFailed([{ path: 'url', message }], `The endpoint URL is refused: ${message}.`);

/**
 * An endpoint URL staff may subscribe: https, on a host that resolves only to public addresses.
 * `allowPrivate` (WEBHOOK_ALLOW_PRIVATE) lifts both for tests and on-premise receivers. The
 * delivery checks the address again at connect (DNS may change in between).
 */
export async function checkEndpointUrl(raw: string, allowPrivate: boolean): Promise<void> {
  const url = new URL(raw);
  if (url.username || url.password) throw refuse('credentials in the URL are not allowed');
  if (allowPrivate) return;
  if (url.protocol !== 'https:') throw refuse('it must use https');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw refuse(`the host "${host}" does not resolve`);
    }
  }
  for (const address of addresses) {
    const why = forbiddenAddress(address);
    if (why) throw refuse(`"${host}" is ${why} (${address})`);
  }
}
