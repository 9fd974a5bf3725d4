import { createHmac } from 'node:crypto';
import { forbiddenAddress } from './webhook-url';
import { signatureHeader } from './webhook-signature';
import { retryDelay } from './webhooks.service';

describe('retryDelay', () => {
  it('doubles from 30 s up to an hour, within ±20 % jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 0.5))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(8, 0.5)).toBe(3_600_000);
    expect(retryDelay(30, 0.5)).toBe(3_600_000);
    expect(retryDelay(1, 0)).toBe(24_000);
    expect(retryDelay(1, 1)).toBe(36_000);
  });
});

describe('forbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '::1',
    '10.2.3.4',
    '172.16.0.1',
    '192.168.0.1',
    'fd00::1',
    '169.254.169.254',
    'fd00:ec2::254',
    '100.64.0.1',
    '0.0.0.0',
    '::',
    '::ffff:10.0.0.1',
    'fe80::1',
  ])('refuses %s', (address) => expect(forbiddenAddress(address)).toEqual(expect.any(String)));
  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])('allows %s', (address) =>
    expect(forbiddenAddress(address)).toBeUndefined(),
  );
});

describe('signatureHeader', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, one v1 per secret', () => {
    const body = '{"id":"evt_1"}';
    const v1 = (secret: string) => createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(['whsec_a'], 1_700_000_000, body)).toBe(`t=1700000000,v1=${v1('whsec_a')}`);
    expect(signatureHeader(['whsec_a', 'whsec_b'], 1_700_000_000, body)).toBe(`t=1700000000,v1=${v1('whsec_a')},v1=${v1('whsec_b')}`);
  });
});
